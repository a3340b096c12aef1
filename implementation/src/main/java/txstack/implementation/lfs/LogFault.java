package txstack.implementation.lfs;

/**
 * A deliberately broken behaviour of the log, for the conformance suite to prove its checks bite (STYLE 10). Package
 * private on purpose: the public {@link LogFile#format} and {@link LogFile#open} always pass {@link #CORRECT}; only the
 * package-private overloads take another value, and only the test fixtures (the {@code txstack-implementation}
 * artifact with classifier {@code tests}) reach them. Never use one for data you want back.
 */
enum LogFault {
    /** The real thing. */
    CORRECT,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@code flush} writes the pages but
     * returns without {@code device.flush()}, so "flushed" records can vanish in a crash (LFS-6).
     */
    SKIP_DEVICE_FLUSH,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. The restart area is always rewritten
     * in place in copy 0, so a torn restart write falls back to a stale copy (LFS-2).
     */
    SINGLE_RESTART_COPY,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Appends never report log full and
     * wrap over live records (LFS-5).
     */
    WRAP_IGNORES_START,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Pages, records and restart copies are
     * read without checking CRC, page index, epoch or record chain: torn and stale data is accepted (LFS-6). The log
     * id is still checked, so that this variant is caught for torn and corrupt data, not for an earlier log's pages
     * ({@link #FIXED_LOG_ID} is).
     */
    NO_CHECKSUM_VALIDATION,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Recovery does not check the
     * incarnation epoch of pages, so a page a dead incarnation wrote past the recovered end can rejoin the log.
     */
    NO_EPOCH,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Every format gives the log the same
     * id, so a log formatted over an earlier one of the same geometry takes the earlier log's pages for its own and
     * recovers records its client never wrote (LFS-6).
     */
    FIXED_LOG_ID,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Open does not flush the device
     * before it recovers: after a process crash (the device keeps its cache) it shows records that are still only in
     * the cache as the durable log, and a later power loss takes them back (LFS-6). A power loss alone never shows it.
     */
    OPEN_WITHOUT_FLUSH,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. A flush goes on past a failed device
     * write or device flush and reports its records durable (the fsync-error bug): they are missing after a crash
     * (LFS-6). Only a device error on the live log shows it.
     */
    IGNORE_FLUSH_ERRORS,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. The log declares no slack (its
     * geometry says every record up to the capacity fits), but its full check works in whole pages and refuses records
     * within a page of the capacity (LFS-5). Only an append sized to the log-full boundary shows it reliably.
     */
    NO_SLACK,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Group commit: a flusher that waited
     * for another's round returns when that round ends, whether or not the round covered its record, so a flush
     * returns before its record is durable (LFS-6). Only concurrent flushers show it.
     */
    EARLY_WAKE,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Recovery takes a log page that does
     * not read (a device error) for the clean end of the log, and so looks no further for pages proving that records
     * past it were durable: the durable records from there on are lost without a word (DISK-4). A power loss never
     * leaves an unreadable log page: only a medium error shows it.
     */
    READ_ERROR_ENDS_LOG,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@code advanceStart} takes an LSN
     * inside a record (not a record boundary) instead of refusing it, so the start, and the restart area written with
     * it, points into the middle of a record: reads and the next recovery start from bytes that are no record header
     * (LFS-4). Only a client that passes a wrong LSN shows it.
     */
    START_INSIDE_RECORD_ACCEPTED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@code advanceStart} takes an LSN
     * below the start, down to the durable restart area's start, instead of refusing it: the start moves back, so
     * records the client released count again and the next restart area keeps them (LFS-4). Only a client that passes
     * a wrong LSN shows it.
     */
    START_MOVES_BACK,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@code close} writes a clean-shutdown
     * restart area that releases every record: the start moved to the end, with the client data of the last restart
     * area. The log opened after a clean close has lost every record since the client's own restart area (LFS-6), and
     * its restart area is not one the client wrote (LFS-2). Only a clean close shows it: a crash never runs close.
     */
    CLOSE_RELEASES_LOG,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@code append} does not check that
     * the log is open: after close it still gives a record an LSN and keeps it in memory, where no flush will ever
     * write it, so a client that appends to a log it closed by mistake is told nothing (LFS-4). Only a call after
     * close shows it.
     */
    APPEND_AFTER_CLOSE,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@code append} keeps the caller's
     * payload array, not a copy, in a cache of this session's records that reads are served from: a client that
     * reuses its array once the append returned (as a client may) reads back its new bytes as the old record's
     * (LFS-4). Only a client that reuses its arrays shows it: the log it writes is right.
     */
    CALLER_ARRAYS_KEPT,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. An open that keeps the pages its scan
     * checked keeps the log's tail page too, and {@code scanForward} reads it from there, as open read it, not from the
     * log buffer, which holds the records appended since: a scan over them fails or returns other bytes (LFS-4). Only a
     * scan shows it, over records appended to the tail page after such an open: {@code readForward} reads the buffer.
     */
    SCAN_READS_KEPT_TAIL,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@code readForward} and {@code
     * readBackward} trust the device: they check neither a page's CRC nor a record's checksum, only recovery does, so a
     * sector that rots while the log is open is read back as records the client never wrote (DISK-4). Only damage
     * under the open log shows it: recovery still checks everything.
     */
    LIVE_READS_UNCHECKED,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. Recovery takes the first bad record
     * for the end of the log without looking past it for a page that says records beyond it were durable: a rotten
     * sector in the middle of the log loses the durable records after it without an error (DISK-4). Only damage
     * before records a later durable write proves durable shows it: a torn tail looks the same either way, and a
     * sector that does not read still fails recovery.
     */
    DAMAGE_TAKEN_FOR_TAIL,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. {@code close} releases the log without
     * flushing it: the records appended since the last flush are still only in memory or in the device's cache, and a
     * power loss after a clean close loses them (LFS-4, LFS-6). Only a power loss after a close shows it: a process
     * that exits leaves the device's cache behind, and a crash before close promises nothing of them.
     */
    CLOSE_WITHOUT_FLUSH,
    /**
     * Broken on purpose, for the conformance suite to prove it bites; never use. When a flush round fails, the flushers
     * that waited for it return as if it had made their records durable, instead of hearing of the failure: a power
     * loss then loses records whose flush returned (LFS-6). Only a device error in a round that other clients wait for
     * shows it: a flusher alone leads its own round and hears of its failure.
     */
    FAILED_ROUND_ACKS_WAITERS
}
