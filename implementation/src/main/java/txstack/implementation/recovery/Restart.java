package txstack.implementation.recovery;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import txstack.implementation.lfs.InvalidLsnException;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.LogRecord;
import txstack.implementation.recovery.PageCache.Frame;
import txstack.implementation.recovery.StoreRecord.BeginCheckpoint;
import txstack.implementation.recovery.StoreRecord.Commit;
import txstack.implementation.recovery.StoreRecord.Compensation;
import txstack.implementation.recovery.StoreRecord.DirtyPage;
import txstack.implementation.recovery.StoreRecord.End;
import txstack.implementation.recovery.StoreRecord.EndCheckpoint;
import txstack.implementation.recovery.StoreRecord.TransactionSnapshot;
import txstack.implementation.recovery.StoreRecord.TransactionState;
import txstack.implementation.recovery.StoreRecord.Update;

/**
 * Restart recovery (REC-4..6), ARIES in miniature, run by {@link RecoverableStore#open} before it returns.
 *
 * <ol>
 *   <li><b>Analysis</b> reads forward from the begin record of the checkpoint the restart area names (from the log's
 *       start if it names none) to the end, rebuilding the dirty-page table (page to recovery LSN) and the transaction
 *       table (state, last LSN, undo-next LSN): updates and CLRs add their page and transaction, commits mark theirs,
 *       end records drop theirs. When it meets the checkpoint's end record it merges its tables, which were taken when
 *       the begin record was written: a page keeps the older recovery LSN, a transaction seen since the begin record
 *       keeps what the newer records say.</li>
 *   <li><b>Redo</b> (REC-5) reads forward from the oldest recovery LSN and reapplies every update and CLR whose page
 *       is in the table, whose LSN is at or after the page's recovery LSN, and that the page does not hold yet (its
 *       page LSN is lower). Redo repeats history: losers' changes are redone too, undo then rolls them back.</li>
 *   <li><b>Undo</b> (REC-6) rolls the losers (active transactions) back together, always the highest undo-next LSN
 *       first: each update undone writes a CLR whose undo-next LSN is the update's previous LSN, so a crash during undo
 *       resumes where it stopped and never undoes twice. A loser whose undo is done, and a committed transaction
 *       without an end record, gets its end record.</li>
 * </ol>
 *
 * <p>Then every page is written back and a checkpoint taken. A crash anywhere in between leaves a log recovery reads
 * the same way: the records recovery wrote are redone, or lost with the pages they changed.
 */
final class Restart {
    /** The tables analysis rebuilds. */
    private record Analysis(Map<Long, Long> dirtyPages, Map<Long, TxEntry> transactions, long nextTransactionId,
                            long recordsAnalysed) {
    }

    private final RecoverableStore store;
    private final RestartData restart;
    private final LogFile log;
    private final PageCache cache;
    private final RecoveryFault fault;

    Restart(RecoverableStore store, RestartData restart) {
        this.store = store;
        this.restart = restart;
        this.log = store.log();
        this.cache = store.cache();
        this.fault = store.fault();
    }

    RecoveryStats run() {
        RecoveryStats stats;
        store.lock().lock();
        try {
            Analysis analysis = analyse();
            long redone = redo(analysis);
            stats = undo(analysis, redone);
            store.raiseNextTransactionId(analysis.nextTransactionId());
            cache.writeBackAll();
        } finally {
            store.lock().unlock();
        }
        store.checkpoint();
        return stats;
    }

    // Analysis.

    private Analysis analyse() {
        Map<Long, Long> dirtyPages = new HashMap<>();
        Map<Long, TxEntry> transactions = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        long[] counters = {0, restart.nextTransactionId() - 1, 0}; // records, largest id, end checkpoints merged
        long beginLsn = restart.beginCheckpointLsn();
        long from = beginLsn == 0 ? log.startLsn()
                : fault == RecoveryFault.ANALYSIS_FROM_END_CHECKPOINT ? restart.endCheckpointLsn() : beginLsn;
        if (beginLsn != 0 && fault != RecoveryFault.ANALYSIS_FROM_END_CHECKPOINT
                && !(store.readRecord(beginLsn) instanceof BeginCheckpoint)) {
            throw new CorruptStoreException("restart area names no begin checkpoint record: lsn=" + beginLsn);
        }
        scan(from, (lsn, record) -> {
            counters[0]++;
            counters[1] = Math.max(counters[1], record.transactionId());
            switch (record) {
                case Update u -> touch(transactions, seen, u, lsn).undoNextLsn = lsn;
                case Compensation c -> touch(transactions, seen, c, lsn).undoNextLsn = c.undoNextLsn();
                case Commit c -> touch(transactions, seen, c, lsn).state = TransactionState.COMMITTED;
                case End e -> {
                    seen.add(e.transactionId());
                    transactions.remove(e.transactionId());
                }
                case BeginCheckpoint b -> { }
                case EndCheckpoint e -> {
                    if (e.beginLsn() == beginLsn) {
                        merge(e, dirtyPages, transactions, seen);
                        counters[2]++;
                    }
                }
            }
            if (record instanceof Update u) {
                dirtyPages.putIfAbsent(u.page(), lsn);
            } else if (record instanceof Compensation c) {
                dirtyPages.putIfAbsent(c.page(), lsn);
            }
        });
        if (beginLsn != 0 && counters[2] != 1) {
            throw new CorruptStoreException("checkpoint end record not found once: beginLsn=" + beginLsn
                    + " endLsn=" + restart.endCheckpointLsn() + " found=" + counters[2]);
        }
        return new Analysis(dirtyPages, transactions, counters[1] + 1, counters[0]);
    }

    /** The entry of the record's transaction, created if new, with the record as its last. */
    private static TxEntry touch(Map<Long, TxEntry> transactions, Set<Long> seen, StoreRecord record, long lsn) {
        seen.add(record.transactionId());
        TxEntry entry = transactions.computeIfAbsent(record.transactionId(), TxEntry::new);
        entry.logged(lsn);
        if (transactions.size() > StoreRecordCodec.TRANSACTIONS_MAX) {
            throw new CorruptStoreException("more active transactions than a store allows: transactions="
                    + transactions.size() + " max=" + StoreRecordCodec.TRANSACTIONS_MAX + " lsn=" + lsn);
        }
        return entry;
    }

    /** The checkpoint's tables are older than every record since its begin record. */
    private void merge(EndCheckpoint end, Map<Long, Long> dirtyPages, Map<Long, TxEntry> transactions,
                       Set<Long> seen) {
        for (DirtyPage page : end.dirtyPages()) {
            dirtyPages.merge(page.page(), page.recLsn(), Math::min);
        }
        if (fault == RecoveryFault.IGNORE_CHECKPOINT_TX_TABLE) {
            return;
        }
        for (TransactionSnapshot t : end.transactions()) {
            if (!seen.contains(t.transactionId())) {
                transactions.put(t.transactionId(), TxEntry.of(t));
            }
        }
    }

    // Redo.

    private long redo(Analysis analysis) {
        Map<Long, Long> dirtyPages = analysis.dirtyPages();
        if (dirtyPages.isEmpty()) {
            return 0;
        }
        long from = dirtyPages.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        if (fault == RecoveryFault.REDO_FROM_WRONG_POINT && restart.beginCheckpointLsn() != 0) {
            from = restart.beginCheckpointLsn();
        }
        if (from < log.startLsn()) {
            throw new CorruptStoreException("redo point below the log start: redoLsn=" + from + " startLsn="
                    + log.startLsn());
        }
        long[] redone = {0};
        scan(from, (lsn, record) -> {
            boolean applied = switch (record) {
                case Update u -> redoOne(dirtyPages, lsn, u.page(), u.offset(), u.redo());
                case Compensation c -> redoOne(dirtyPages, lsn, c.page(), c.offset(), c.redo());
                default -> false;
            };
            if (applied) {
                redone[0]++;
            }
        });
        return redone[0];
    }

    /** The page-LSN test (REC-5): applies the change only if the page may miss it and does. */
    private boolean redoOne(Map<Long, Long> dirtyPages, long lsn, long page, int offset, byte[] bytes) {
        Long recLsn = dirtyPages.get(page);
        if (recLsn == null || lsn < recLsn) {
            return false;
        }
        Frame frame = cache.fetch(page);
        if (frame.pageLsn >= lsn) {
            return false;
        }
        cache.apply(frame, offset, bytes, lsn);
        return true;
    }

    // Undo.

    private RecoveryStats undo(Analysis analysis, long redone) {
        PriorityQueue<TxEntry> losers = new PriorityQueue<>(
                Comparator.comparingLong((TxEntry t) -> t.undoNextLsn).reversed());
        for (TxEntry entry : List.copyOf(analysis.transactions().values())) {
            if (entry.state == TransactionState.ACTIVE) {
                losers.add(entry);
            }
        }
        int loserCount = losers.size();
        for (TxEntry entry : analysis.transactions().values()) {
            if (entry.state == TransactionState.COMMITTED) {
                end(entry);
            }
        }
        long undone = 0;
        while (!losers.isEmpty()) {
            TxEntry loser = losers.poll();
            if (loser.undoNextLsn != 0 && store.undoNext(loser)) {
                undone++;
            }
            if (loser.undoNextLsn == 0) {
                end(loser);
            } else {
                losers.add(loser);
            }
        }
        long clrs = fault == RecoveryFault.NO_CLR ? 0 : undone;
        return new RecoveryStats(analysis.recordsAnalysed(), redone, undone, clrs, loserCount);
    }

    private void end(TxEntry entry) {
        entry.logged(store.appendReserved(new End(entry.id, entry.lastLsn)));
    }

    // Reading the log.

    /** What a scan does with each record. */
    private interface RecordVisitor {
        void visit(long lsn, StoreRecord record);
    }

    /** Visits every record from {@code from} to the end of the log, checking each names a place on the store. */
    private void scan(long from, RecordVisitor visitor) {
        long lsn = from;
        long endLsn = log.endLsn();
        while (lsn < endLsn) {
            List<LogRecord> batch;
            try {
                batch = log.readForward(lsn, RecoverableStore.READ_BATCH_RECORDS);
            } catch (InvalidLsnException e) {
                throw new CorruptStoreException("scan starts at no record: lsn=" + lsn, e);
            }
            for (LogRecord logRecord : batch) {
                StoreRecord record = StoreRecordCodec.decode(logRecord.payload());
                checkPlace(logRecord.lsn(), record);
                visitor.visit(logRecord.lsn(), record);
            }
            lsn = store.nextLsn(batch.getLast());
        }
    }

    private void checkPlace(long lsn, StoreRecord record) {
        switch (record) {
            case Update u -> store.checkPlace(u.page(), u.offset(), u.redo().length, lsn);
            case Compensation c -> store.checkPlace(c.page(), c.offset(), c.redo().length, lsn);
            default -> { }
        }
    }
}
