package txstack.implementation.fs;

/** What {@link FileSystem#stat} tells of a node: size is 0 for a directory, reparseTag 0 if none. */
public record FileInfo(boolean directory, long size, long creationTime, long lastWriteTime, int attributes,
                       int reparseTag) {
}
