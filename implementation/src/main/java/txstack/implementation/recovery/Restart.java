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
import txstack.implementation.recovery.PageCache.Frame;
import txstack.implementation.recovery.StoreRecord.BeginCheckpoint;
import txstack.implementation.recovery.StoreRecord.DirtyPage;
import txstack.implementation.recovery.StoreRecord.End;
import txstack.implementation.recovery.StoreRecord.EndCheckpoint;
import txstack.implementation.recovery.StoreRecord.TransactionSnapshot;
import txstack.implementation.recovery.StoreRecord.TransactionState;

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
 *       page LSN is lower). Redo repeats history: losers' changes are redone too, undo then rolls them back.
 *       Redo reads the log together with analysis (see {@link #analyseAndRedo}): the records before analysis's start
 *       first, then each record as analysis reads it.</li>
 *   <li><b>Undo</b> (REC-6) rolls the losers (active transactions) back together, always the highest undo-next LSN
 *       first: each update undone writes a CLR whose undo-next LSN is the update's previous LSN, so a crash during undo
 *       resumes where it stopped and never undoes twice. A loser whose undo is done, and a committed transaction
 *       without an end record, gets its end record.</li>
 * </ol>
 *
 * <p>Then every page is written back and a checkpoint taken. A crash anywhere in between leaves a log recovery reads
 * the same way: the records recovery wrote are redone, or lost with the pages they changed.
 *
 * <p>The log is read from the device once: by the log's own open, which keeps the pages it checked (up to {@link
 * StoreOptions#recoveryLogBytesMax()}); analysis and redo read them from memory. Past that bound they read the device
 * again, in one forward pass, with every check.
 */
final class Restart {
    /** The tables analysis rebuilds. */
    private record Analysis(Map<Long, Long> dirtyPages, Map<Long, TxEntry> transactions, long nextTransactionId,
                            long recordsAnalysed, long recordsRedone) {
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
            Analysis analysis;
            try {
                analysis = analyseAndRedo();
            } finally {
                log.releaseKeptPages(); // undo reads a few records back from the device
            }
            stats = undo(analysis);
            store.raiseNextTransactionId(analysis.nextTransactionId());
            cache.writeBackAll();
        } finally {
            store.lock().unlock();
        }
        store.checkpoint();
        return stats;
    }

    // Analysis and redo.

    /**
     * Analysis, and redo in the same read of the log. Redo of a record at or after where analysis starts needs only
     * the page-LSN test: its page is in the dirty-page table analysis ends with, with a recovery LSN at or below the
     * record's (the record itself, or an older one, put it there). Only records before that point need the table, and
     * only the checkpoint's part of it (every other entry is at or after that point): the checkpoint's end record,
     * which the restart area names, is read first, and the records from its oldest recovery LSN to where analysis
     * starts are redone before. So redo applies the same records in the same order as a separate pass from the oldest
     * recovery LSN would, and the log is read once.
     */
    private Analysis analyseAndRedo() {
        Tables tables = new Tables();
        // records, largest id, end checkpoints merged, records redone
        long[] counters = {0, restart.nextTransactionId() - 1, 0, 0};
        long beginLsn = restart.beginCheckpointLsn();
        long from = beginLsn == 0 ? log.startLsn()
                : fault == RecoveryFault.ANALYSIS_FROM_END_CHECKPOINT ? restart.endCheckpointLsn() : beginLsn;
        if (beginLsn != 0 && fault != RecoveryFault.ANALYSIS_FROM_END_CHECKPOINT
                && !(store.readRecord(beginLsn) instanceof BeginCheckpoint)) {
            throw new CorruptStoreException("restart area names no begin checkpoint record: lsn=" + beginLsn);
        }
        StoreRecordCodec.View view = new StoreRecordCodec.View();
        if (beginLsn != 0 && fault != RecoveryFault.REDO_FROM_WRONG_POINT) {
            counters[3] += redoBefore(from, checkpointEnd(beginLsn), view);
        }
        scan(from, Long.MAX_VALUE, view, lsn -> {
            counters[0]++;
            counters[1] = Math.max(counters[1], view.transactionId());
            switch (view.type()) {
                case StoreRecordCodec.TYPE_UPDATE -> tables.touch(view.transactionId(), lsn).undoNextLsn = lsn;
                case StoreRecordCodec.TYPE_COMPENSATION -> tables.touch(view.transactionId(), lsn).undoNextLsn =
                        view.undoNextLsn();
                case StoreRecordCodec.TYPE_COMMIT -> tables.touch(view.transactionId(), lsn).state =
                        TransactionState.COMMITTED;
                case StoreRecordCodec.TYPE_END -> tables.end(view.transactionId());
                case StoreRecordCodec.TYPE_END_CHECKPOINT -> {
                    if (view.endCheckpoint().beginLsn() == beginLsn) {
                        checkNamedEnd(lsn, beginLsn);
                        merge(view.endCheckpoint(), tables);
                        counters[2]++;
                    }
                }
                default -> { }
            }
            if (view.isChange() && analyseAndRedoChange(tables, lsn, view)) {
                counters[3]++;
            }
        });
        if (beginLsn != 0 && counters[2] != 1) {
            throw new CorruptStoreException("checkpoint end record not found once: beginLsn=" + beginLsn
                    + " endLsn=" + restart.endCheckpointLsn() + " found=" + counters[2]);
        }
        return new Analysis(tables.dirtyPages, tables.transactions, counters[1] + 1, counters[0], counters[3]);
    }

    /**
     * An update or CLR at or after where analysis starts: its page joins the dirty-page table (if not in it yet) and
     * gets the change if it does not hold it yet (the page-LSN test, REC-5). Returns true if it was applied.
     */
    private boolean analyseAndRedoChange(Tables tables, long lsn, StoreRecordCodec.View change) {
        Frame frame = cache.fetch(change.page());
        if (!frame.inRestartTable) {
            tables.dirtyPages.putIfAbsent(change.page(), lsn);
            frame.inRestartTable = true; // a frame evicted and fetched again only repeats the putIfAbsent
        }
        if (frame.pageLsn >= lsn) {
            return false;
        }
        cache.applyRedo(frame, change, lsn);
        return true;
    }

    /** The tables analysis rebuilds as it reads. */
    private static final class Tables {
        final Map<Long, Long> dirtyPages = new HashMap<>();
        final Map<Long, TxEntry> transactions = new HashMap<>();
        /** Transactions with a record since analysis started: the checkpoint's table knows less of them. */
        final Set<Long> seen = new HashSet<>();
        /** The entry last touched: a run of records of one transaction skips the maps. */
        private TxEntry last;

        /** The entry of the record's transaction, created if new, with the record as its last. */
        TxEntry touch(long transactionId, long lsn) {
            if (last != null && last.id == transactionId) {
                last.logged(lsn);
                return last;
            }
            seen.add(transactionId);
            TxEntry entry = transactions.computeIfAbsent(transactionId, TxEntry::new);
            entry.logged(lsn);
            if (transactions.size() > StoreRecordCodec.TRANSACTIONS_MAX) {
                throw new CorruptStoreException("more active transactions than a store allows: transactions="
                        + transactions.size() + " max=" + StoreRecordCodec.TRANSACTIONS_MAX + " lsn=" + lsn);
            }
            last = entry;
            return entry;
        }

        /** The transaction's end record: analysis forgets it. */
        void end(long transactionId) {
            seen.add(transactionId);
            transactions.remove(transactionId);
            if (last != null && last.id == transactionId) {
                last = null;
            }
        }
    }

    /** The end record of the checkpoint the restart area names, read where the restart area says it is. */
    private EndCheckpoint checkpointEnd(long beginLsn) {
        long endLsn = restart.endCheckpointLsn();
        if (!(store.readRecord(endLsn) instanceof EndCheckpoint end) || end.beginLsn() != beginLsn) {
            throw new CorruptStoreException("restart area names no end record of its checkpoint: beginLsn="
                    + beginLsn + " endLsn=" + endLsn);
        }
        return end;
    }

    /** The end record analysis merges must be the one {@link #checkpointEnd} read. */
    private void checkNamedEnd(long lsn, long beginLsn) {
        if (lsn != restart.endCheckpointLsn()) {
            throw new CorruptStoreException("checkpoint end record not where the restart area says: beginLsn="
                    + beginLsn + " endLsn=" + restart.endCheckpointLsn() + " foundLsn=" + lsn);
        }
    }

    /** The checkpoint's tables are older than every record since its begin record. */
    private void merge(EndCheckpoint end, Tables tables) {
        for (DirtyPage page : end.dirtyPages()) {
            tables.dirtyPages.merge(page.page(), page.recLsn(), Math::min);
        }
        if (fault == RecoveryFault.IGNORE_CHECKPOINT_TX_TABLE) {
            return;
        }
        for (TransactionSnapshot t : end.transactions()) {
            if (!tables.seen.contains(t.transactionId())) {
                tables.transactions.put(t.transactionId(), TxEntry.of(t));
            }
        }
    }

    /**
     * Redo (REC-5) of the records from the checkpoint's oldest recovery LSN up to {@code to}, where analysis starts:
     * a change is applied if its page is in the checkpoint's dirty-page table, at or after its recovery LSN, and the
     * page does not hold it yet. Returns the records applied.
     */
    private long redoBefore(long to, EndCheckpoint checkpoint, StoreRecordCodec.View view) {
        Map<Long, Long> checkpointPages = new HashMap<>();
        long redoLsn = Long.MAX_VALUE;
        for (DirtyPage page : checkpoint.dirtyPages()) {
            checkpointPages.put(page.page(), page.recLsn());
            redoLsn = Math.min(redoLsn, page.recLsn());
        }
        if (redoLsn >= to) {
            return 0;
        }
        if (redoLsn < log.startLsn()) {
            throw new CorruptStoreException("redo point below the log start: redoLsn=" + redoLsn + " startLsn="
                    + log.startLsn());
        }
        long[] redone = {0};
        scan(redoLsn, to, view, lsn -> {
            if (view.isChange()) {
                Long recLsn = checkpointPages.get(view.page());
                if (recLsn != null && lsn >= recLsn && redoOne(lsn, view)) {
                    redone[0]++;
                }
            }
        });
        return redone[0];
    }

    /** The page-LSN test (REC-5): applies the change only if the page does not hold it yet. */
    private boolean redoOne(long lsn, StoreRecordCodec.View change) {
        Frame frame = cache.fetch(change.page());
        if (frame.pageLsn >= lsn) {
            return false;
        }
        cache.applyRedo(frame, change, lsn);
        return true;
    }

    // Undo.

    private RecoveryStats undo(Analysis analysis) {
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
        return new RecoveryStats(analysis.recordsAnalysed(), analysis.recordsRedone(), undone, clrs, loserCount);
    }

    private void end(TxEntry entry) {
        entry.logged(store.appendReserved(new End(entry.id, entry.lastLsn)));
    }

    // Reading the log.

    /** What a scan does with each record, decoded into the scan's view. */
    private interface RecordVisitor {
        void visit(long lsn);
    }

    /**
     * Visits every record from {@code from} up to {@code to} (or the end of the log), each decoded into {@code view}
     * and checked to name a place on the store, in one forward read of the log.
     */
    private void scan(long from, long to, StoreRecordCodec.View view, RecordVisitor visitor) {
        if (from < log.endLsn()) {
            try {
                log.readForward(from, 0);
            } catch (InvalidLsnException e) {
                throw new CorruptStoreException("scan starts at no record: lsn=" + from, e);
            }
        }
        log.scanForward(from, to, (lsn, payload) -> {
            StoreRecordCodec.decode(payload, view);
            if (view.isChange()) {
                store.checkPlace(view.page(), view.offset(), view.lengthBytes(), lsn);
            }
            visitor.visit(lsn);
        });
    }
}
