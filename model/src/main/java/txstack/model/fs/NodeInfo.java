package txstack.model.fs;

/**
 * What {@code stat(p)} returns (the file-system contract, "Operations and their errors").
 *
 * @param directory     a directory, else a file
 * @param size          the file's size in bytes, 0 for a directory
 * @param creationTime  as last set by {@code setTimes}, 0 at creation
 * @param lastWriteTime as last set by {@code setTimes}, 0 at creation
 * @param attributes    0..0xFFFF, as last set by {@code setAttributes}
 * @param reparseTag    the reparse point's tag, 0 if none
 */
public record NodeInfo(boolean directory, long size, long creationTime, long lastWriteTime, int attributes,
        int reparseTag) {
}
