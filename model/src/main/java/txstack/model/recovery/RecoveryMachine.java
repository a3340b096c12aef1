package txstack.model.recovery;

import static txstack.model.ModelException.require;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import txstack.model.ModelException;

/**
 * The spec-level model of write-ahead-logging recovery: the state and actions of {@code spec/tla/LogRecovery.tla}
 * (bugs off), one public method per action with the spec's name (REC-1..7). Where {@link StoreState} is what a client
 * sees, this is how the log, the cache, fuzzy checkpoints and restart recovery get there, step by step, so that the
 * conformance module can replay its runs in the spec (trace validation) and compare {@link #allowedOutcomes()} with
 * what the spec's recovery reaches.
 *
 * <p>Variables as in the spec: the log (LSN = 1-based index), {@code flushed}, the restart area ({@code start},
 * {@code rsBegin}, {@code rsEnd}), the cached and durable pages ({@code [val, lsn]}), the transaction states and
 * undo pointers, the open checkpoint's copied tables, the phase, the crash count and redo's cursor and dirty-page
 * table. The ghosts {@code target}, {@code tags} and {@code justRecovered} are left out: no action reads them.
 * Transactions are {@code 1..txCount}, pages {@code 1..pageCount}, values {@code 0..maxVal}; tables are lists indexed
 * by id - 1.
 *
 * <p>Immutable: every action returns a new machine. An action whose guard does not hold throws {@link ModelException}
 * naming it; {@link #enabled} and {@link #enabledActions()} tell which hold. Pure: no I/O, clock or randomness.
 */
public final class RecoveryMachine {

    /** {@code phase} in the spec. */
    public enum Phase {
        UP, DOWN, REDO, UNDO;

        /** The spec's string for it. */
        public String spec() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code txState} in the spec; a tx runs at most once. */
    public enum TxState {
        IDLE, ACTIVE, ABORTING, COMMITTED, ABORTED, DEAD;

        public String spec() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean running() {
            return this == ACTIVE || this == ABORTING;
        }
    }

    /** A page, cached or durable: its value and pageLSN (the LSN of the change that made it, 0: the initial 0). */
    public record Page(int val, int lsn) {
        static final Page CLEAN = new Page(0, 0);
    }

    /**
     * The spec's bounds. {@code Update} needs fewer than {@code maxUpdates} update records in the log,
     * {@code BeginCheckpoint} fewer than {@code maxCheckpoints} begin records, {@code Crash} fewer than
     * {@code maxCrashes} crashes so far.
     */
    public record Bounds(int txCount, int pageCount, int maxVal, int maxUpdates, int maxCheckpoints, int maxCrashes) {
        /** Upper limits on the bounds themselves: the spec is checked by TLC, which needs small models. */
        public static final int IDS_MAX = 16;
        public static final int COUNT_MAX = 64;

        public Bounds {
            require(txCount >= 1 && txCount <= IDS_MAX && pageCount >= 1 && pageCount <= IDS_MAX
                            && maxVal >= 1 && maxVal <= COUNT_MAX && maxUpdates >= 0 && maxUpdates <= COUNT_MAX
                            && maxCheckpoints >= 0 && maxCheckpoints <= COUNT_MAX
                            && maxCrashes >= 0 && maxCrashes <= COUNT_MAX,
                    "bounds out of range: txCount=" + txCount + " pageCount=" + pageCount + " maxVal=" + maxVal
                            + " maxUpdates=" + maxUpdates + " maxCheckpoints=" + maxCheckpoints
                            + " maxCrashes=" + maxCrashes);
        }
    }

    /**
     * What a completed recovery leaves: every page's value (page - 1 -> value) and the transactions that stay
     * committed (those whose commit record survived).
     */
    public record Outcome(List<Integer> pageValues, Set<Integer> committed) {
        public Outcome {
            pageValues = List.copyOf(pageValues);
            committed = Set.copyOf(committed);
        }

        @Override
        public String toString() {
            return "pages=" + pageValues + " committed=" + new TreeSet<>(committed);
        }
    }

    private final Bounds bounds;
    private final List<LogRecord> log;
    private int flushed;
    private int start;
    private int rsBegin;
    private int rsEnd;
    private final Page[] cache;
    private final Page[] disk;
    private final TxState[] txState;
    private final int[] undoNext;
    private int ckptBegin;
    private final int[] ckptDpt;
    private final int[] ckptAtt;
    private Phase phase;
    private int crashes;
    private int redoNext;
    private final int[] dptR;

    private RecoveryMachine(Bounds bounds) {
        this.bounds = bounds;
        this.log = new ArrayList<>();
        this.start = 1;
        this.cache = new Page[bounds.pageCount()];
        this.disk = new Page[bounds.pageCount()];
        Arrays.fill(cache, Page.CLEAN);
        Arrays.fill(disk, Page.CLEAN);
        this.txState = new TxState[bounds.txCount()];
        Arrays.fill(txState, TxState.IDLE);
        this.undoNext = new int[bounds.txCount()];
        this.ckptDpt = new int[bounds.pageCount()];
        this.ckptAtt = new int[bounds.txCount()];
        this.phase = Phase.UP;
        this.dptR = new int[bounds.pageCount()];
    }

    private RecoveryMachine(RecoveryMachine from) {
        this.bounds = from.bounds;
        this.log = new ArrayList<>(from.log);
        this.flushed = from.flushed;
        this.start = from.start;
        this.rsBegin = from.rsBegin;
        this.rsEnd = from.rsEnd;
        this.cache = from.cache.clone();
        this.disk = from.disk.clone();
        this.txState = from.txState.clone();
        this.undoNext = from.undoNext.clone();
        this.ckptBegin = from.ckptBegin;
        this.ckptDpt = from.ckptDpt.clone();
        this.ckptAtt = from.ckptAtt.clone();
        this.phase = from.phase;
        this.crashes = from.crashes;
        this.redoNext = from.redoNext;
        this.dptR = from.dptR.clone();
    }

    /** Init: an empty log, every page 0 (cached and on disk), every tx idle, up. */
    public static RecoveryMachine initial(Bounds bounds) {
        return new RecoveryMachine(bounds);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Actions (REC-1..7), in the spec's order.

    /** REC-1, REC-2: log the change, then make it in the cached page; a tx begins with its first update. */
    public RecoveryMachine update(int t, int p, int v) {
        require(updateEnabled(t, p, v), "Update not enabled: " + describe() + " tx=" + t + " page=" + p + " value=" + v);
        RecoveryMachine next = new RecoveryMachine(this);
        next.log.add(new LogRecord.Upd(t, p, cache[p - 1].val(), v, txLast(t)));
        next.cache[p - 1] = new Page(v, next.log.size());
        next.txState[t - 1] = TxState.ACTIVE;
        return next;
    }

    /** A commit record, flushed at once (no-force: no page is written). */
    public RecoveryMachine commit(int t) {
        require(commitEnabled(t), "Commit not enabled: " + describe() + " tx=" + t);
        RecoveryMachine next = new RecoveryMachine(this);
        next.log.add(new LogRecord.Commit(t));
        next.flushed = next.log.size();
        next.txState[t - 1] = TxState.COMMITTED;
        return next;
    }

    /** REC-6 in normal operation: the tx gives up; undo starts at its last change. */
    public RecoveryMachine rollback(int t) {
        require(rollbackEnabled(t), "Rollback not enabled: " + describe() + " tx=" + t);
        RecoveryMachine next = new RecoveryMachine(this);
        next.txState[t - 1] = TxState.ABORTING;
        next.undoNext[t - 1] = txLast(t);
        return next;
    }

    /** One step of a rollback (a CLR, and an end record with the last one). */
    public RecoveryMachine rollbackStep(int t) {
        require(rollbackStepEnabled(t), "RollbackStep not enabled: " + describe() + " tx=" + t);
        RecoveryMachine next = new RecoveryMachine(this);
        next.undoRecord(t);
        if (next.undoNext[t - 1] == 0) {
            next.txState[t - 1] = TxState.ABORTED;
        }
        return next;
    }

    /** LFS-4 flush of the whole log (also during recovery). */
    public RecoveryMachine flushLog() {
        require(flushLogEnabled(), "FlushLog not enabled: " + describe());
        RecoveryMachine next = new RecoveryMachine(this);
        next.flushed = log.size();
        return next;
    }

    /** The cache manager writes a dirty page, once the log is flushed up to its pageLSN (REC-3). */
    public RecoveryMachine flushPage(int p) {
        require(flushPageEnabled(p), "FlushPage not enabled: " + describe() + " page=" + p);
        RecoveryMachine next = new RecoveryMachine(this);
        next.disk[p - 1] = cache[p - 1];
        return next;
    }

    /** REC-7, fuzzy checkpoint: the begin record, and the tables copied now. */
    public RecoveryMachine beginCheckpoint() {
        require(beginCheckpointEnabled(), "BeginCheckpoint not enabled: " + describe());
        RecoveryMachine next = new RecoveryMachine(this);
        next.log.add(new LogRecord.BeginCheckpoint());
        next.ckptBegin = next.log.size();
        for (int p = 1; p <= bounds.pageCount(); p++) {
            next.ckptDpt[p - 1] = recLsn(p);
        }
        for (int t = 1; t <= bounds.txCount(); t++) {
            next.ckptAtt[t - 1] = txState[t - 1].running() ? txLast(t) : 0;
        }
        return next;
    }

    /** The end record with the copy, flushed; the restart area points at the checkpoint; the start advances. */
    public RecoveryMachine endCheckpoint() {
        require(endCheckpointEnabled(), "EndCheckpoint not enabled: " + describe());
        int oldest = ckptBegin;
        for (int recLsn : ckptDpt) {
            oldest = recLsn == 0 ? oldest : Math.min(oldest, recLsn);
        }
        for (int t = 1; t <= bounds.txCount(); t++) {
            oldest = ckptAtt[t - 1] == 0 ? oldest : Math.min(oldest, txFirst(t));
        }
        RecoveryMachine next = new RecoveryMachine(this);
        next.log.add(new LogRecord.EndCheckpoint(ckptBegin, ints(ckptDpt), ints(ckptAtt)));
        next.flushed = next.log.size();
        next.start = Math.max(start, oldest);
        next.rsBegin = ckptBegin;
        next.rsEnd = next.log.size();
        next.ckptBegin = 0;
        Arrays.fill(next.ckptDpt, 0);
        Arrays.fill(next.ckptAtt, 0);
        return next;
    }

    /** DISK-3, LFS-6: power loss keeping log records {@code 1..k}; volatile state is lost, running txs are dead. */
    public RecoveryMachine crash(int k) {
        require(crashEnabled(k), "Crash not enabled: " + describe() + " cut=" + k);
        RecoveryMachine next = new RecoveryMachine(this);
        next.log.subList(k, log.size()).clear();
        next.flushed = k;
        System.arraycopy(disk, 0, next.cache, 0, disk.length);
        for (int t = 1; t <= bounds.txCount(); t++) {
            next.txState[t - 1] = txState[t - 1].running() ? TxState.DEAD : txState[t - 1];
        }
        Arrays.fill(next.undoNext, 0);
        next.ckptBegin = 0;
        Arrays.fill(next.ckptDpt, 0);
        Arrays.fill(next.ckptAtt, 0);
        next.phase = Phase.DOWN;
        next.crashes = crashes + 1;
        next.redoNext = 0;
        Arrays.fill(next.dptR, 0);
        return next;
    }

    /**
     * REC-4, REC-7 analysis: the restart area's checkpoint tables, then every record after its begin record (from the
     * start without a checkpoint); redo starts at the smallest recLSN.
     */
    public RecoveryMachine analysis() {
        require(analysisEnabled(), "Analysis not enabled: " + describe());
        int[] dpt = new int[bounds.pageCount()];
        int[] att = new int[bounds.txCount()];
        int from = start;
        if (rsBegin != 0) {
            LogRecord.EndCheckpoint end = (LogRecord.EndCheckpoint) log.get(rsEnd - 1);
            for (int i = 0; i < dpt.length; i++) {
                dpt[i] = end.dpt().get(i);
            }
            for (int i = 0; i < att.length; i++) {
                att[i] = end.att().get(i);
            }
            from = rsBegin + 1;
        }
        for (int l = from; l <= log.size(); l++) {
            switch (record(l)) {
                case LogRecord.Upd u -> analyzeChange(dpt, att, l, u.page(), u.tx());
                case LogRecord.Clr c -> analyzeChange(dpt, att, l, c.page(), c.tx());
                case LogRecord.Commit c -> att[c.tx() - 1] = 0;
                case LogRecord.End e -> att[e.tx() - 1] = 0;
                case LogRecord.BeginCheckpoint b -> { }
                case LogRecord.EndCheckpoint e -> { }
            }
        }
        int first = log.size() + 1;
        for (int recLsn : dpt) {
            first = recLsn == 0 ? first : Math.min(first, recLsn);
        }
        RecoveryMachine next = new RecoveryMachine(this);
        boolean redo = first <= log.size();
        next.redoNext = redo ? first : 0;
        System.arraycopy(redo ? dpt : new int[dpt.length], 0, next.dptR, 0, dpt.length);
        System.arraycopy(att, 0, next.undoNext, 0, att.length);
        next.phase = redo ? Phase.REDO : afterRedo(att);
        return next;
    }

    /** REC-5: redo one change unless its page already has it or was clean from before it (repeat history). */
    public RecoveryMachine redoStep() {
        require(redoStepEnabled(), "RedoStep not enabled: " + describe());
        int l = redoNext;
        RecoveryMachine next = new RecoveryMachine(this);
        if (readable(l) && record(l).isChange()) {
            int p = changedPage(record(l));
            if (dptR[p - 1] != 0 && dptR[p - 1] <= l && cache[p - 1].lsn() < l) {
                next.cache[p - 1] = new Page(afterValue(record(l)), l);
            }
        }
        int after = nextChange(l + 1);
        boolean more = after <= log.size();
        next.redoNext = more ? after : 0;
        if (!more) {
            Arrays.fill(next.dptR, 0);
        }
        next.phase = more ? Phase.REDO : afterRedo(undoNext);
        return next;
    }

    /** REC-6: undo the loser whose next record to undo is the newest; recovery completes when none is left. */
    public RecoveryMachine undoStep(int t) {
        require(undoStepEnabled(t), "UndoStep not enabled: " + describe() + " tx=" + t);
        RecoveryMachine next = new RecoveryMachine(this);
        next.undoRecord(t);
        next.phase = Arrays.stream(next.undoNext).allMatch(l -> l == 0) ? Phase.UP : Phase.UNDO;
        return next;
    }

    /** Takes {@code action}; throws {@link ModelException} if it is not enabled. */
    public RecoveryMachine apply(RecoveryAction action) {
        return switch (action) {
            case RecoveryAction.Update a -> update(a.tx(), a.page(), a.value());
            case RecoveryAction.Commit a -> commit(a.tx());
            case RecoveryAction.Rollback a -> rollback(a.tx());
            case RecoveryAction.RollbackStep a -> rollbackStep(a.tx());
            case RecoveryAction.FlushLog a -> flushLog();
            case RecoveryAction.FlushPage a -> flushPage(a.page());
            case RecoveryAction.BeginCheckpoint a -> beginCheckpoint();
            case RecoveryAction.EndCheckpoint a -> endCheckpoint();
            case RecoveryAction.Crash a -> crash(a.cut());
            case RecoveryAction.Analysis a -> analysis();
            case RecoveryAction.RedoStep a -> redoStep();
            case RecoveryAction.UndoStep a -> undoStep(a.tx());
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Guards: exactly the spec's enabling conditions.

    public boolean updateEnabled(int t, int p, int v) {
        if (phase != Phase.UP || !isTx(t) || !isPage(p) || v < 0 || v > bounds.maxVal()) {
            return false;
        }
        TxState s = txState[t - 1];
        if ((s != TxState.IDLE && s != TxState.ACTIVE) || count("upd") >= bounds.maxUpdates()
                || v == cache[p - 1].val()) {
            return false;
        }
        for (int u = 1; u <= bounds.txCount(); u++) {
            if (u != t && txState[u - 1].running() && touched(u, p)) {
                return false; // page locks are held to the end of a tx
            }
        }
        return true;
    }

    public boolean commitEnabled(int t) {
        return phase == Phase.UP && isTx(t) && txState[t - 1] == TxState.ACTIVE;
    }

    public boolean rollbackEnabled(int t) {
        return commitEnabled(t);
    }

    public boolean rollbackStepEnabled(int t) {
        return phase == Phase.UP && isTx(t) && txState[t - 1] == TxState.ABORTING;
    }

    public boolean flushLogEnabled() {
        return phase != Phase.DOWN && flushed < log.size();
    }

    public boolean flushPageEnabled(int p) {
        return phase != Phase.DOWN && isPage(p) && !cache[p - 1].equals(disk[p - 1]) && cache[p - 1].lsn() <= flushed;
    }

    public boolean beginCheckpointEnabled() {
        return phase == Phase.UP && ckptBegin == 0 && count("bckpt") < bounds.maxCheckpoints();
    }

    public boolean endCheckpointEnabled() {
        return phase == Phase.UP && ckptBegin != 0;
    }

    public boolean crashEnabled(int k) {
        return phase != Phase.DOWN && crashes < bounds.maxCrashes() && k >= flushed && k <= log.size();
    }

    public boolean analysisEnabled() {
        return phase == Phase.DOWN;
    }

    public boolean redoStepEnabled() {
        return phase == Phase.REDO;
    }

    public boolean undoStepEnabled(int t) {
        if (phase != Phase.UNDO || !isTx(t) || undoNext[t - 1] == 0) {
            return false;
        }
        return Arrays.stream(undoNext).allMatch(l -> l <= undoNext[t - 1]);
    }

    /** Whether {@code action} is enabled here. */
    public boolean enabled(RecoveryAction action) {
        return switch (action) {
            case RecoveryAction.Update a -> updateEnabled(a.tx(), a.page(), a.value());
            case RecoveryAction.Commit a -> commitEnabled(a.tx());
            case RecoveryAction.Rollback a -> rollbackEnabled(a.tx());
            case RecoveryAction.RollbackStep a -> rollbackStepEnabled(a.tx());
            case RecoveryAction.FlushLog a -> flushLogEnabled();
            case RecoveryAction.FlushPage a -> flushPageEnabled(a.page());
            case RecoveryAction.BeginCheckpoint a -> beginCheckpointEnabled();
            case RecoveryAction.EndCheckpoint a -> endCheckpointEnabled();
            case RecoveryAction.Crash a -> crashEnabled(a.cut());
            case RecoveryAction.Analysis a -> analysisEnabled();
            case RecoveryAction.RedoStep a -> redoStepEnabled();
            case RecoveryAction.UndoStep a -> undoStepEnabled(a.tx());
        };
    }

    /** Every enabled action with every argument, in a fixed order (the spec's); empty only where Done stutters. */
    public List<RecoveryAction> enabledActions() {
        List<RecoveryAction> actions = new ArrayList<>();
        for (int t = 1; t <= bounds.txCount(); t++) {
            for (int p = 1; p <= bounds.pageCount(); p++) {
                for (int v = 0; v <= bounds.maxVal(); v++) {
                    actions.add(new RecoveryAction.Update(t, p, v));
                }
            }
        }
        for (int t = 1; t <= bounds.txCount(); t++) {
            actions.addAll(List.of(new RecoveryAction.Commit(t), new RecoveryAction.Rollback(t),
                    new RecoveryAction.RollbackStep(t)));
        }
        actions.add(new RecoveryAction.FlushLog());
        for (int p = 1; p <= bounds.pageCount(); p++) {
            actions.add(new RecoveryAction.FlushPage(p));
        }
        actions.addAll(List.of(new RecoveryAction.BeginCheckpoint(), new RecoveryAction.EndCheckpoint()));
        for (int k = flushed; k <= log.size(); k++) {
            actions.add(new RecoveryAction.Crash(k));
        }
        actions.addAll(List.of(new RecoveryAction.Analysis(), new RecoveryAction.RedoStep()));
        for (int t = 1; t <= bounds.txCount(); t++) {
            actions.add(new RecoveryAction.UndoStep(t));
        }
        actions.removeIf(a -> !enabled(a));
        return List.copyOf(actions);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // What a crash here may leave, by the model's own semantics (not by running recovery).

    /**
     * For a crash now: every outcome recovery may produce, with any number of crashes during it. The crash keeps log
     * records {@code 1..k} for some {@code k} in {@code flushed..len}; recovery then leaves exactly the effects of the
     * transactions whose commit record is among them, their updates applied in log order to pages that start at 0
     * (REC-5, REC-6); the losers leave nothing, and the committed transactions stay committed. A crash during
     * recovery changes nothing: the records it keeps include every one recovery read. Since a commit flushes the log,
     * every cut has the same commit records here, so the set has one element; it is still computed cut by cut, as
     * that is where the nondeterminism lies.
     */
    public Set<Outcome> allowedOutcomes() {
        Set<Outcome> outcomes = new LinkedHashSet<>();
        for (int k = flushed; k <= log.size(); k++) {
            outcomes.add(committedIn(log.subList(0, k), bounds.pageCount()));
        }
        return Set.copyOf(outcomes);
    }

    /** The committed transactions' effects in {@code prefix} (a log's first records): its recovery's outcome. */
    public static Outcome committedIn(List<LogRecord> prefix, int pageCount) {
        Set<Integer> committed = new TreeSet<>();
        for (LogRecord r : prefix) {
            if (r instanceof LogRecord.Commit c) {
                committed.add(c.tx());
            }
        }
        Integer[] values = new Integer[pageCount];
        Arrays.fill(values, 0);
        for (LogRecord r : prefix) {
            if (r instanceof LogRecord.Upd u && committed.contains(u.tx())) {
                values[u.page() - 1] = u.after();
            }
        }
        return new Outcome(List.of(values), committed);
    }

    /** The outcome once recovery has completed (phase up): the cached page values and the committed transactions. */
    public Outcome observed() {
        List<Integer> values = Arrays.stream(cache).map(Page::val).toList();
        return new Outcome(values, committedIn(log, bounds.pageCount()).committed());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // State (read-only views).

    public Bounds bounds() {
        return bounds;
    }

    public List<LogRecord> log() {
        return List.copyOf(log);
    }

    public int flushed() {
        return flushed;
    }

    public int start() {
        return start;
    }

    public int rsBegin() {
        return rsBegin;
    }

    public int rsEnd() {
        return rsEnd;
    }

    public List<Page> cache() {
        return List.of(cache);
    }

    public List<Page> disk() {
        return List.of(disk);
    }

    public List<TxState> txState() {
        return List.of(txState);
    }

    public List<Integer> undoNext() {
        return ints(undoNext);
    }

    public int ckptBegin() {
        return ckptBegin;
    }

    public List<Integer> ckptDpt() {
        return ints(ckptDpt);
    }

    public List<Integer> ckptAtt() {
        return ints(ckptAtt);
    }

    public Phase phase() {
        return phase;
    }

    public int crashes() {
        return crashes;
    }

    public int redoNext() {
        return redoNext;
    }

    public List<Integer> dptR() {
        return ints(dptR);
    }

    /** One line for messages: phase, log length, flushed, crashes. */
    public String describe() {
        return "phase=" + phase.spec() + " logLength=" + log.size() + " flushed=" + flushed + " crashes=" + crashes;
    }

    @Override
    public String toString() {
        return "RecoveryMachine[" + describe() + " log=" + log + " cache=" + Arrays.toString(cache) + " disk="
                + Arrays.toString(disk) + " txState=" + Arrays.toString(txState) + "]";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers: the spec's operators.

    /** UndoRecord(t), shared by RollbackStep and UndoStep: a CLR for an update, a skip for a CLR, end at the end. */
    private void undoRecord(int t) {
        int l = undoNext[t - 1];
        boolean lost = !readable(l); // only with a start past a needed record, which this model never does
        LogRecord r = lost ? null : record(l);
        int nxt = switch (r) {
            case null -> 0;
            case LogRecord.Upd u -> u.prev();
            case LogRecord.Clr c -> c.undoNext();
            default -> throw new ModelException("undo chain names a record that is not a change: tx=" + t + " lsn=" + l);
        };
        if (r instanceof LogRecord.Upd u) {
            log.add(new LogRecord.Clr(t, u.page(), u.before(), nxt));
            cache[u.page() - 1] = new Page(u.before(), log.size());
        }
        if (nxt == 0) {
            log.add(new LogRecord.End(t));
        }
        undoNext[t - 1] = nxt;
    }

    private static void analyzeChange(int[] dpt, int[] att, int l, int page, int tx) {
        if (dpt[page - 1] == 0) {
            dpt[page - 1] = l;
        }
        att[tx - 1] = l;
    }

    private static Phase afterRedo(int[] att) {
        return Arrays.stream(att).allMatch(l -> l == 0) ? Phase.UP : Phase.UNDO;
    }

    private LogRecord record(int lsn) {
        return log.get(lsn - 1);
    }

    private boolean readable(int lsn) {
        return start <= lsn && lsn <= log.size();
    }

    private static int changedPage(LogRecord r) {
        return switch (r) {
            case LogRecord.Upd u -> u.page();
            case LogRecord.Clr c -> c.page();
            default -> throw new ModelException("not a change: record=" + r);
        };
    }

    private static int afterValue(LogRecord r) {
        return switch (r) {
            case LogRecord.Upd u -> u.after();
            case LogRecord.Clr c -> c.after();
            default -> throw new ModelException("not a change: record=" + r);
        };
    }

    private static int changeTx(LogRecord r) {
        return switch (r) {
            case LogRecord.Upd u -> u.tx();
            case LogRecord.Clr c -> c.tx();
            default -> throw new ModelException("not a change: record=" + r);
        };
    }

    /** TxLast(t): the tx's last logged change, 0 if none. */
    private int txLast(int t) {
        for (int l = log.size(); l >= 1; l--) {
            if (record(l).isChange() && changeTx(record(l)) == t) {
                return l;
            }
        }
        return 0;
    }

    /** TxFirst(t): the tx's first logged change, or the log's length + 1. */
    private int txFirst(int t) {
        for (int l = 1; l <= log.size(); l++) {
            if (record(l).isChange() && changeTx(record(l)) == t) {
                return l;
            }
        }
        return log.size() + 1;
    }

    private boolean touched(int t, int p) {
        for (LogRecord r : log) {
            if (r.isChange() && changeTx(r) == t && changedPage(r) == p) {
                return true;
            }
        }
        return false;
    }

    /** RecLsn(p): the first change to p not on disk yet, 0 if p is clean. */
    private int recLsn(int p) {
        for (int l = disk[p - 1].lsn() + 1; l <= log.size(); l++) {
            if (record(l).isChange() && changedPage(record(l)) == p) {
                return l;
            }
        }
        return 0;
    }

    /** NextChange(l): the first change at or after l, or the log's length + 1. */
    private int nextChange(int l) {
        for (int m = l; m <= log.size(); m++) {
            if (record(m).isChange()) {
                return m;
            }
        }
        return log.size() + 1;
    }

    private int count(String type) {
        return (int) log.stream().filter(r -> r.type().equals(type)).count();
    }

    private boolean isTx(int t) {
        return t >= 1 && t <= bounds.txCount();
    }

    private boolean isPage(int p) {
        return p >= 1 && p <= bounds.pageCount();
    }

    private static List<Integer> ints(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
