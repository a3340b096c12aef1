package txstack.spi.recovery;

/**
 * An open recoverable page store as the suite drives it: pages of {@link #pageSizeBytes()} bytes changed by
 * transactions. Single-threaded use; a page belongs to at most one active transaction at a time (the suite never
 * lets two active transactions change one page). Transactions are named by the handles {@link #begin()} returns.
 * The suite mostly drops a store, as a power loss would; a clean restart {@linkplain #close() closes} it first.
 */
public interface PageStore {

    /** Client bytes per page. */
    int pageSizeBytes();

    /** Number of pages. */
    long pageCount();

    /** The most bytes one {@link #update} changes. */
    int maxUpdateBytes();

    /** Starts a transaction; returns its handle. */
    long begin();

    /**
     * Logs the change of bytes {@code [offset, offset + bytes.length)} of {@code page} and makes it (REC-1, REC-2).
     *
     * @throws PageStoreFullException if the log cannot take it now; nothing changed
     */
    void update(long tx, long page, int offset, byte[] bytes);

    /** Commits: the transaction's changes survive any later crash once this returns (REC-4). */
    void commit(long tx);

    /** Undoes the transaction's changes and ends it (REC-6). */
    void rollback(long tx);

    /** The page as it is now: every change made, committed or not. */
    byte[] read(long page);

    /** Writes the page back to the data disk now, if it is dirty (the write-ahead rule holds, REC-3). */
    void writeBack(long page);

    /** Takes a checkpoint (REC-7): recovery may start from it, and the log may reuse the space before it. */
    void checkpoint();

    /**
     * A fuzzy checkpoint with {@code whileCheckpointing} run in the middle of it, on this thread: after the
     * checkpoint took its tables and before it finished writing them, as another thread's work would interleave. The
     * suite runs one client step there (an update, a commit, ...). An engine whose checkpoints are not fuzzy keeps
     * this default: the step runs after the checkpoint.
     */
    default void checkpoint(Runnable whileCheckpointing) {
        checkpoint();
        whileCheckpointing.run();
    }

    /**
     * Shuts the store down cleanly, as before a planned restart; the suite then opens it again with
     * {@link PageStoreEngine#open} and uses only the new store. Transactions still active are losers the next open
     * rolls back; every committed change survives, as after a crash. A power loss may strike while this runs. The
     * default writes nothing: the next open recovers as after a power loss.
     */
    default void close() {
    }
}
