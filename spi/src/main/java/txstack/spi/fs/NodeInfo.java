package txstack.spi.fs;

/**
 * What {@link FileSystemSession#stat} tells about a file or directory.
 *
 * @param directory     true for a directory
 * @param size          a file's size in bytes; 0 for a directory
 * @param creationTime  as last set by {@code setTimes}, 0 at creation
 * @param lastWriteTime as last set by {@code setTimes}, 0 at creation
 * @param attributes    as last set by {@code setAttributes} (0..0xFFFF), 0 at creation
 * @param reparseTag    the reparse point's tag, 0 if none
 */
public record NodeInfo(boolean directory, long size, long creationTime, long lastWriteTime, int attributes,
                       int reparseTag) {
}
