package txstack.implementation.recovery;

/**
 * A transaction of a {@link RecoverableStore}: updates that commit or roll back together. Used by one thread at a
 * time; transactions of several threads may run at once. There is no isolation: callers keep concurrent
 * transactions on different pages (or at least different bytes), as a file system does with its own locks.
 */
public final class Transaction {
    private final RecoverableStore store;
    private final TxEntry entry;

    Transaction(RecoverableStore store, TxEntry entry) {
        this.store = store;
        this.entry = entry;
    }

    /** Its id: positive, never reused by the store (recovery included). */
    public long id() {
        return entry.id;
    }

    /**
     * Logs an update of bytes {@code [offset, offset + bytes.length)} of the page (redo: the new bytes, undo: the
     * old), then applies it to the cached page (REC-1, REC-2).
     *
     * @throws IndexOutOfBoundsException if the page is not on the store or the bytes not within the page
     * @throws IllegalArgumentException  if {@code bytes} is empty
     * @throws StoreLimitException       if {@code bytes} is longer than {@link StoreOptions#updateBytesMax()}
     * @throws StoreFullException        if the log has no room for it and for this transaction's rollback even after
     *                                   every dirty page was written back and a checkpoint taken; nothing changed
     * @throws IllegalStateException     if the transaction is committing, rolling back or finished
     */
    public void update(long page, int offset, byte[] bytes) {
        store.update(entry, page, offset, bytes);
    }

    /**
     * Writes a commit record, durable when this returns (group commit: concurrent committers share log flushes),
     * then an end record. A transaction that updated nothing writes nothing.
     *
     * @throws IllegalStateException if the transaction is not open
     */
    public void commit() {
        store.commit(entry);
    }

    /**
     * Writes a commit record and an end record without waiting for the log flush, and returns the commit record's
     * LSN (0 if the transaction updated nothing and wrote no record). The transaction is durable once the log is
     * flushed through that LSN: by {@link RecoverableStore#flushLog()}, a later {@link #commit()}, or a page
     * write-back (REC-3 flushes the log first); a crash before that makes it a loser that recovery rolls back whole.
     *
     * @throws IllegalStateException if the transaction is not open
     */
    public long commitLazily() {
        return store.commitLazily(entry);
    }

    /**
     * Undoes the transaction's updates backward, each with a compensation record (CLR), then writes an end record.
     * May be called again after it failed, to finish the rollback.
     *
     * @throws IllegalStateException if the transaction is committing or finished
     */
    public void rollback() {
        store.rollback(entry);
    }

    @Override
    public String toString() {
        return "Transaction[id=" + entry.id + "]";
    }
}
