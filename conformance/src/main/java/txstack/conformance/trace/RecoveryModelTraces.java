package txstack.conformance.trace;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import txstack.model.recovery.LogRecord;
import txstack.model.recovery.RecoveryAction;
import txstack.model.recovery.RecoveryMachine;
import txstack.model.recovery.RecoveryMachine.Phase;
import txstack.spec.RecoveryTraces;
import txstack.spec.RecoveryTraces.CrashPoint;
import txstack.spec.RecoveryTraces.Obs;
import txstack.spec.RecoveryTraces.Rec;
import txstack.spec.RecoveryTraces.Step;

/**
 * Seeded random walks of the spec-level recovery model ({@link RecoveryMachine}), each step recorded as the
 * LogRecovery action it takes, with its arguments (a crash names its cut), and the state the model then has
 * ({@code ObsOf} in {@code LogRecoveryTrace.tla}). Every state just before a crash, and the last state of a walk
 * unless it is down, is a crash point: the model's {@link RecoveryMachine#allowedOutcomes()} there is compared with
 * what the spec's recovery reaches from it.
 *
 * <p>Actions are picked by kind with fixed weights (then uniformly among the enabled ones of that kind), so that
 * rollbacks, fuzzy checkpoints, crashes during redo, undo and rollback, and work after recovery all happen often;
 * {@link Trace#coverage()} says which a trace saw.
 */
public final class RecoveryModelTraces {

    /** Things a trace may cover; tests assert that each happens, so that coverage cannot silently vanish. */
    public enum Coverage {
        ROLLBACK, CRASH_DURING_ROLLBACK, FUZZY_CHECKPOINT, RECOVERY_FROM_CHECKPOINT, CRASH_DURING_REDO,
        CRASH_DURING_UNDO, TWO_CRASHES, WORK_AFTER_RECOVERY
    }

    /** A state to crash in: before step {@code step} (1-based; the trace's length + 1 for its end), and the model there. */
    public record Point(int step, RecoveryMachine before) {
    }

    /** One walk: its steps, its crash points and what it covered. */
    public record Trace(long seed, List<Step> steps, List<Point> points, Set<Coverage> coverage) {
        public Trace {
            steps = List.copyOf(steps);
            points = List.copyOf(points);
            coverage = Set.copyOf(coverage);
        }
    }

    /** Weights by action kind: client work, rollback, flushes, checkpoints, crashes, recovery. */
    private static final Map<Kind, Integer> WEIGHTS = new EnumMap<>(Map.ofEntries(
            Map.entry(Kind.UPDATE, 30), Map.entry(Kind.COMMIT, 8), Map.entry(Kind.ROLLBACK, 6),
            Map.entry(Kind.ROLLBACK_STEP, 25), Map.entry(Kind.FLUSH_LOG, 6), Map.entry(Kind.FLUSH_PAGE, 8),
            Map.entry(Kind.BEGIN_CHECKPOINT, 6), Map.entry(Kind.END_CHECKPOINT, 10), Map.entry(Kind.CRASH_UP, 4),
            Map.entry(Kind.CRASH_RECOVERING, 12), Map.entry(Kind.RECOVERY, 30)));

    private enum Kind {
        UPDATE, COMMIT, ROLLBACK, ROLLBACK_STEP, FLUSH_LOG, FLUSH_PAGE, BEGIN_CHECKPOINT, END_CHECKPOINT, CRASH_UP,
        CRASH_RECOVERING, RECOVERY
    }

    private final RecoveryMachine.Bounds bounds;
    private final int exploreCrashes;

    /**
     * @param bounds         the model's bounds (the spec gets the same, but MaxCrashes raised by exploreCrashes)
     * @param exploreCrashes crashes the spec takes at a crash point: the crash and those during its recovery
     */
    public RecoveryModelTraces(RecoveryMachine.Bounds bounds, int exploreCrashes) {
        this.bounds = bounds;
        this.exploreCrashes = exploreCrashes;
    }

    /** The spec's constants for these traces. */
    public RecoveryTraces.Constants constants() {
        return new RecoveryTraces.Constants(bounds.txCount(), bounds.pageCount(), bounds.maxVal(),
                bounds.maxUpdates(), bounds.maxCheckpoints(), bounds.maxCrashes() + exploreCrashes, exploreCrashes);
    }

    /** One walk of at most {@code stepsMax} actions from the seed; it stops early where only Done is enabled. */
    public Trace trace(long seed, int stepsMax) {
        SplittableRandom random = new SplittableRandom(seed);
        RecoveryMachine m = RecoveryMachine.initial(bounds);
        List<Step> steps = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        Set<Coverage> coverage = new LinkedHashSet<>();
        while (steps.size() < stepsMax) {
            List<RecoveryAction> enabled = m.enabledActions();
            if (enabled.isEmpty()) {
                break;
            }
            RecoveryAction action = pick(m, enabled, random);
            if (action instanceof RecoveryAction.Crash) {
                points.add(new Point(steps.size() + 1, m));
            }
            cover(m, action, coverage);
            m = m.apply(action);
            steps.add(new Step(action.name(), args(action), obs(m)));
        }
        if (m.phase() != Phase.DOWN) {
            points.add(new Point(steps.size() + 1, m));
        }
        return new Trace(seed, steps, points, coverage);
    }

    /** The crash points of these traces, in order, as the spec module names them. */
    public static List<CrashPoint> crashPoints(List<Trace> traces) {
        List<CrashPoint> points = new ArrayList<>();
        for (int t = 0; t < traces.size(); t++) {
            for (Point p : traces.get(t).points()) {
                points.add(new CrashPoint(t + 1, p.step()));
            }
        }
        return points;
    }

    /** The model's allowed outcomes at each crash point, in the order of {@link #crashPoints}. */
    public static List<Set<RecoveryTraces.Outcome>> allowedOutcomes(List<Trace> traces) {
        return traces.stream().flatMap(t -> t.points().stream())
                .map(p -> toSpec(p.before().allowedOutcomes())).toList();
    }

    /** The model's outcomes in the spec module's terms. */
    public static Set<RecoveryTraces.Outcome> toSpec(Set<RecoveryMachine.Outcome> outcomes) {
        Set<RecoveryTraces.Outcome> converted = new LinkedHashSet<>();
        for (RecoveryMachine.Outcome o : outcomes) {
            converted.add(new RecoveryTraces.Outcome(o.pageValues(), o.committed()));
        }
        return Set.copyOf(converted);
    }

    private static RecoveryAction pick(RecoveryMachine m, List<RecoveryAction> enabled, SplittableRandom random) {
        Map<Kind, List<RecoveryAction>> byKind = new EnumMap<>(Kind.class);
        for (RecoveryAction a : enabled) {
            byKind.computeIfAbsent(kind(m, a), k -> new ArrayList<>()).add(a);
        }
        int total = byKind.keySet().stream().mapToInt(WEIGHTS::get).sum();
        int roll = random.nextInt(total);
        for (Map.Entry<Kind, List<RecoveryAction>> e : byKind.entrySet()) {
            roll -= WEIGHTS.get(e.getKey());
            if (roll < 0) {
                return e.getValue().get(random.nextInt(e.getValue().size()));
            }
        }
        throw new IllegalStateException("weights do not add up: total=" + total);
    }

    private static Kind kind(RecoveryMachine m, RecoveryAction action) {
        return switch (action) {
            case RecoveryAction.Update a -> Kind.UPDATE;
            case RecoveryAction.Commit a -> Kind.COMMIT;
            case RecoveryAction.Rollback a -> Kind.ROLLBACK;
            case RecoveryAction.RollbackStep a -> Kind.ROLLBACK_STEP;
            case RecoveryAction.FlushLog a -> Kind.FLUSH_LOG;
            case RecoveryAction.FlushPage a -> Kind.FLUSH_PAGE;
            case RecoveryAction.BeginCheckpoint a -> Kind.BEGIN_CHECKPOINT;
            case RecoveryAction.EndCheckpoint a -> Kind.END_CHECKPOINT;
            case RecoveryAction.Crash a -> m.phase() == Phase.UP ? Kind.CRASH_UP : Kind.CRASH_RECOVERING;
            case RecoveryAction.Analysis a -> Kind.RECOVERY;
            case RecoveryAction.RedoStep a -> Kind.RECOVERY;
            case RecoveryAction.UndoStep a -> Kind.RECOVERY;
        };
    }

    private static void cover(RecoveryMachine m, RecoveryAction action, Set<Coverage> coverage) {
        switch (action) {
            case RecoveryAction.RollbackStep a -> coverage.add(Coverage.ROLLBACK);
            case RecoveryAction.EndCheckpoint a -> {
                List<LogRecord> log = m.log();
                if (log.subList(m.ckptBegin(), log.size()).stream().anyMatch(r -> r instanceof LogRecord.Upd)) {
                    coverage.add(Coverage.FUZZY_CHECKPOINT);
                }
            }
            case RecoveryAction.Analysis a -> {
                if (m.rsBegin() != 0) {
                    coverage.add(Coverage.RECOVERY_FROM_CHECKPOINT);
                }
            }
            case RecoveryAction.Crash a -> {
                switch (m.phase()) {
                    case REDO -> coverage.add(Coverage.CRASH_DURING_REDO);
                    case UNDO -> coverage.add(Coverage.CRASH_DURING_UNDO);
                    default -> { }
                }
                if (m.txState().contains(RecoveryMachine.TxState.ABORTING)) {
                    coverage.add(Coverage.CRASH_DURING_ROLLBACK);
                }
                if (m.crashes() >= 1) {
                    coverage.add(Coverage.TWO_CRASHES);
                }
            }
            case RecoveryAction.Update a -> {
                if (m.crashes() > 0) {
                    coverage.add(Coverage.WORK_AFTER_RECOVERY);
                }
            }
            default -> { }
        }
    }

    private static List<Integer> args(RecoveryAction action) {
        return switch (action) {
            case RecoveryAction.Update a -> List.of(a.tx(), a.page(), a.value());
            case RecoveryAction.Commit a -> List.of(a.tx());
            case RecoveryAction.Rollback a -> List.of(a.tx());
            case RecoveryAction.RollbackStep a -> List.of(a.tx());
            case RecoveryAction.FlushPage a -> List.of(a.page());
            case RecoveryAction.Crash a -> List.of(a.cut());
            case RecoveryAction.UndoStep a -> List.of(a.tx());
            case RecoveryAction.FlushLog a -> List.of();
            case RecoveryAction.BeginCheckpoint a -> List.of();
            case RecoveryAction.EndCheckpoint a -> List.of();
            case RecoveryAction.Analysis a -> List.of();
            case RecoveryAction.RedoStep a -> List.of();
        };
    }

    /** The model's state as the spec's ObsOf shows it. */
    public static Obs obs(RecoveryMachine m) {
        List<LogRecord> log = m.log();
        List<Rec> tail = log.subList(Math.max(0, log.size() - 2), log.size()).stream()
                .map(RecoveryModelTraces::rec).toList();
        return new Obs(log.size(), tail, m.flushed(), m.start(), m.rsBegin(), m.rsEnd(), pages(m.cache()),
                pages(m.disk()), m.txState().stream().map(RecoveryMachine.TxState::spec).toList(), m.undoNext(),
                m.ckptBegin(), m.ckptDpt(), m.ckptAtt(), m.phase().spec(), m.crashes(), m.redoNext(), m.dptR());
    }

    private static List<RecoveryTraces.PageVal> pages(List<RecoveryMachine.Page> pages) {
        return pages.stream().map(p -> new RecoveryTraces.PageVal(p.val(), p.lsn())).toList();
    }

    private static Rec rec(LogRecord r) {
        return switch (r) {
            case LogRecord.Upd u -> new Rec.Upd(u.tx(), u.page(), u.before(), u.after(), u.prev());
            case LogRecord.Clr c -> new Rec.Clr(c.tx(), c.page(), c.after(), c.undoNext());
            case LogRecord.Commit c -> new Rec.Commit(c.tx());
            case LogRecord.End e -> new Rec.End(e.tx());
            case LogRecord.BeginCheckpoint b -> new Rec.BeginCkpt();
            case LogRecord.EndCheckpoint e -> new Rec.EndCkpt(e.begin(), e.dpt(), e.att());
        };
    }

    /** The coverage of several traces: how many traces saw each item. */
    public static Map<Coverage, Integer> coverageCounts(List<Trace> traces) {
        Map<Coverage, Integer> counts = new EnumMap<>(Coverage.class);
        for (Coverage c : Coverage.values()) {
            counts.put(c, (int) traces.stream().filter(t -> t.coverage().contains(c)).count());
        }
        return counts;
    }

    /** For messages: the seeds of the traces. */
    public static String seeds(List<Trace> traces) {
        return new TreeSet<>(traces.stream().map(Trace::seed).toList()).toString();
    }
}
