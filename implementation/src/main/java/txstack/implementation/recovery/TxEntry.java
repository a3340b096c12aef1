package txstack.implementation.recovery;

import txstack.implementation.recovery.StoreRecord.TransactionSnapshot;
import txstack.implementation.recovery.StoreRecord.TransactionState;

/**
 * A transaction table entry, of the running store or of restart's analysis: what the log knows of a transaction
 * (state, first, last and undo-next LSN), and at run time its phase and the log bytes it keeps reserved for its
 * future compensation, commit and end records. Guarded by the store's lock.
 */
final class TxEntry {
    /** Where a running transaction is in its life. */
    enum Phase { OPEN, COMMITTING, ROLLING_BACK, FINISHED }

    final long id;
    Phase phase = Phase.OPEN;
    TransactionState state = TransactionState.ACTIVE;
    /** The first and the last of its records, 0 while it has none. */
    long firstLsn;
    long lastLsn;
    /** The next record undo rolls back, 0 if none. */
    long undoNextLsn;
    long reservedBytes;

    TxEntry(long id) {
        this.id = id;
    }

    static TxEntry of(TransactionSnapshot snapshot) {
        TxEntry entry = new TxEntry(snapshot.transactionId());
        entry.state = snapshot.state();
        entry.firstLsn = snapshot.firstLsn();
        entry.lastLsn = snapshot.lastLsn();
        entry.undoNextLsn = snapshot.undoNextLsn();
        return entry;
    }

    TransactionSnapshot snapshot() {
        return new TransactionSnapshot(id, state, firstLsn, lastLsn, undoNextLsn);
    }

    /** Its record at {@code lsn} was appended. */
    void logged(long lsn) {
        if (firstLsn == 0) {
            firstLsn = lsn;
        }
        lastLsn = lsn;
    }

    /** Gives back up to {@code bytes} of its reservation; returns how much it gave. */
    long release(long bytes) {
        long released = Math.min(bytes, reservedBytes);
        reservedBytes -= released;
        return released;
    }

    /** @throws IllegalStateException unless the transaction is in one of the {@code allowed} phases */
    void checkPhase(Phase... allowed) {
        for (Phase p : allowed) {
            if (phase == p) {
                return;
            }
        }
        throw new IllegalStateException("transaction in the wrong phase: transactionId=" + id + " phase=" + phase
                + " allowed=" + java.util.Arrays.toString(allowed));
    }
}
