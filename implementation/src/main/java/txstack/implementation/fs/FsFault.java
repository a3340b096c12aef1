package txstack.implementation.fs;

/**
 * Deliberately broken behaviours of the file system, for the conformance suite to prove its checks bite (STYLE 10).
 * Reached only through the test fixture {@code BrokenFileSystems}.
 */
enum FsFault {
    /** The real file system. */
    CORRECT,
    /** Freed clusters are reused at once, before the log is durable through the free: a crash shows a file with another file's bytes. */
    REUSE_FREED_EARLY,
    /** Rename in two transactions, the first (insert the new name) flushed: a crash between leaves the node under both names. */
    RENAME_NOT_ATOMIC,
    /** An index split in two transactions, the first (the new node with the moved entries) flushed, the parent update in the second. */
    INDEX_SPLIT_PARTIAL,
    /** No valid data length: extending a file exposes whatever its new clusters held. */
    EXPOSE_UNWRITTEN,
    /** A file's data sector the device cannot read reads as zeros instead of failing: wrong data, no error. */
    UNREADABLE_AS_ZEROS
}
