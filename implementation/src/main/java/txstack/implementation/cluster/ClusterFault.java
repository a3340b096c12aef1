package txstack.implementation.cluster;

/**
 * Deliberately broken behaviours of the cluster layer, for the tests to prove their checks bite (STYLE 10); each
 * is one of the bugs of {@code CsvOwnership.tla}. Package private: reached only by the package's tests.
 */
enum ClusterFault {
    /** The real behaviour. */
    CORRECT,
    /** The disk accepts a data write with a stale epoch (the spec's DiskIgnoresEpoch; CSV-6 broken). */
    DISK_IGNORES_EPOCH,
    /** A migration drops the old owner's dirty data instead of flushing it (MigrateWithoutFlush; CSV-5 broken). */
    MIGRATE_WITHOUT_FLUSH,
    /** The coordinator applies a duplicated request again (NoDedup; CSV-3 broken). */
    NO_DEDUP,
    /** A node whose flush the disk refused drops the data and reports the flush done (AckRefusedFlush; CSV-6). */
    ACK_REFUSED_WRITE,
    /** A new coordinator starts from an empty namespace instead of the one on the disk (CSV-7 broken). */
    FAILOVER_WITHOUT_RECOVERY,
    /** The disk takes namespace writes and fences of a deposed coordinator (LogIgnoresTerm; CSV-1, CSV-7). */
    LOG_IGNORES_TERM
}
