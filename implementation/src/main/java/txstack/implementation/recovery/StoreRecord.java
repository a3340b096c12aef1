package txstack.implementation.recovery;

import java.util.List;

/**
 * A record of the store's write-ahead log: physiological (a page, and bytes within it), one LFS record each. Every
 * record names its transaction and that transaction's previous record, so undo walks a transaction backward without
 * scanning. The byte layout is {@link StoreRecordCodec}'s. Byte arrays are not copied: records are built and read by
 * the store only.
 */
sealed interface StoreRecord {

    /** The transaction's id; 0 for checkpoint records. */
    long transactionId();

    /** The LSN of the transaction's previous record, 0 if this is its first (and for checkpoint records). */
    long prevLsn();

    /** REC-1: bytes {@code [offset, offset + redo.length)} of {@code page} became {@code redo}; were {@code undo}. */
    record Update(long transactionId, long prevLsn, long page, int offset, byte[] redo, byte[] undo)
            implements StoreRecord {
    }

    /**
     * A compensation record (CLR, REC-6): undo wrote {@code redo} (an update's old bytes) to the page. Redo-only: it is
     * never undone, and {@code undoNextLsn} (the undone update's {@code prevLsn}) is what undo does next, so a crash
     * during undo never undoes anything twice.
     */
    record Compensation(long transactionId, long prevLsn, long page, int offset, byte[] redo, long undoNextLsn)
            implements StoreRecord {
    }

    /** The transaction committed: once this record is durable, recovery keeps its updates. */
    record Commit(long transactionId, long prevLsn) implements StoreRecord {
    }

    /** The transaction is finished (committed, or rolled back to its first update): recovery forgets it. */
    record End(long transactionId, long prevLsn) implements StoreRecord {
    }

    /** Where analysis starts; the tables of its {@link EndCheckpoint} were taken when it was written. */
    record BeginCheckpoint() implements StoreRecord {
        @Override
        public long transactionId() {
            return 0;
        }

        @Override
        public long prevLsn() {
            return 0;
        }
    }

    /**
     * The tables of the checkpoint that began at {@code beginLsn}: the dirty pages of the cache with their recovery
     * LSNs, and the transactions with at least one record.
     */
    record EndCheckpoint(long beginLsn, List<DirtyPage> dirtyPages, List<TransactionSnapshot> transactions)
            implements StoreRecord {
        public EndCheckpoint {
            dirtyPages = List.copyOf(dirtyPages);
            transactions = List.copyOf(transactions);
        }

        @Override
        public long transactionId() {
            return 0;
        }

        @Override
        public long prevLsn() {
            return 0;
        }
    }

    /** A dirty-page table entry: {@code recLsn} is the first LSN that dirtied the page since it was last clean. */
    record DirtyPage(long page, long recLsn) {
    }

    /** A transaction table entry; {@code undoNextLsn} is the next record undo rolls back, 0 if none. */
    record TransactionSnapshot(long transactionId, TransactionState state, long firstLsn, long lastLsn,
                               long undoNextLsn) {
    }

    /** A transaction's state as the log knows it. */
    enum TransactionState {
        /** Updating or rolling back: a loser if the system crashes now. */
        ACTIVE(1),
        /** Its commit record is written: recovery only writes its end record. */
        COMMITTED(2);

        final int code;

        TransactionState(int code) {
            this.code = code;
        }

        /** The state with {@code code}, or null. */
        static TransactionState of(int code) {
            for (TransactionState state : values()) {
                if (state.code == code) {
                    return state;
                }
            }
            return null;
        }
    }
}
