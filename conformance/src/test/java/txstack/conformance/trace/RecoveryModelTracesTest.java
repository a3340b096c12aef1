package txstack.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import txstack.conformance.trace.RecoveryModelTraces.Coverage;
import txstack.conformance.trace.RecoveryModelTraces.Trace;
import txstack.model.recovery.LogRecord;
import txstack.model.recovery.RecoveryMachine;
import txstack.spec.RecoveryTraces;
import txstack.spec.RecoveryTraces.CrashPoint;
import txstack.spec.RecoveryTraces.Outcome;
import txstack.spec.RecoveryTraces.Step;
import txstack.spec.Tlc;
import txstack.spec.TlcResult;

/**
 * The recovery model against {@code LogRecovery.tla}, both ways (REC-4..7): seeded random walks of
 * {@link RecoveryMachine} must be behaviours of the spec, and at every crash point the outcomes the spec's recovery
 * reaches (every cut, every interleaving of recovery with flushes, a crash during recovery) must be exactly the
 * model's allowed outcomes. Both checks must bite: a redo that skips a change is rejected at that step, and a model
 * whose allowed outcomes include a loser's effects is reported as unequal.
 *
 * <p>Replay: {@code new RecoveryModelTraces(BOUNDS, EXPLORE_CRASHES).trace(SEED + i, STEPS)} is trace {@code i + 1};
 * rerun with {@code ./mvnw -o -q -pl spi,model,implementation,spec,conformance test -Dtest=RecoveryModelTracesTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RecoveryModelTracesTest {
    private static final RecoveryMachine.Bounds BOUNDS = new RecoveryMachine.Bounds(4, 2, 2, 6, 2, 3);
    private static final int EXPLORE_CRASHES = 2;
    private static final long SEED = 0x2EC0F3L;
    private static final int TRACES = 32;
    private static final int STEPS = 40;
    private static final Duration TLC_TIMEOUT = Duration.ofMinutes(5);

    private static final RecoveryModelTraces GENERATOR = new RecoveryModelTraces(BOUNDS, EXPLORE_CRASHES);
    private static List<Trace> traces;
    private static List<CrashPoint> points;
    private static RecoveryTraces.Result result;

    @BeforeAll
    static void checkTheTracesOnce() {
        traces = new ArrayList<>();
        for (int i = 0; i < TRACES; i++) {
            traces.add(GENERATOR.trace(SEED + i, STEPS));
        }
        points = RecoveryModelTraces.crashPoints(traces);
        result = RecoveryTraces.check(new Tlc(), GENERATOR.constants(), steps(traces), points, TLC_TIMEOUT);
        long outcomes = result.outcomes().values().stream().mapToLong(Set::size).sum();
        System.out.printf("recovery trace validation: %d model traces (%d steps, seeds %d..%d), %d crash points, "
                        + "%d spec outcomes; TLC %s; coverage %s%n", TRACES,
                traces.stream().mapToInt(t -> t.steps().size()).sum(), SEED, SEED + TRACES - 1, points.size(),
                outcomes, result.tlc().summary(), RecoveryModelTraces.coverageCounts(traces));
    }

    private static List<List<Step>> steps(List<Trace> traces) {
        return traces.stream().map(Trace::steps).toList();
    }

    @Test
    void modelRunsAreBehavioursOfTheSpec() {
        assertEquals(TlcResult.Outcome.PASS, result.tlc().outcome(), () -> "a model trace is not a behaviour of "
                + "LogRecovery: " + RecoveryTraces.rejection(result.tlc()) + "\nreplay: new RecoveryModelTraces("
                + BOUNDS + ", " + EXPLORE_CRASHES + ").trace(" + SEED + " + trace - 1, " + STEPS + ")\n"
                + result.tlc().output());
    }

    @Test
    void atEveryCrashPointTheSpecReachesExactlyTheModelsOutcomes() {
        assertTrue(points.size() >= 2 * TRACES, "too few crash points: " + points.size());
        List<String> differences = RecoveryTraces.differences(points, RecoveryModelTraces.allowedOutcomes(traces),
                result.outcomes());
        assertEquals(List.of(), differences, () -> "outcome sets differ (seeds " + SEED + "+trace-1)");
    }

    @Test
    void theTracesCoverRollbackCheckpointsAndCrashesDuringRecovery() {
        Map<Coverage, Integer> counts = RecoveryModelTraces.coverageCounts(traces);
        for (Coverage c : Coverage.values()) {
            assertTrue(counts.get(c) >= 2, () -> "coverage lost: " + c + " counts=" + counts);
        }
        long crashesWhileRecovering = traces.stream().flatMap(t -> t.points().stream())
                .filter(p -> p.before().phase() != RecoveryMachine.Phase.UP).count();
        assertTrue(crashesWhileRecovering >= TRACES / 2, "too few crash points during recovery: "
                + crashesWhileRecovering);
    }

    @Test
    void aRedoThatSkipsAChangeIsRejectedAtThatStep() {
        List<List<Step>> wrong = new ArrayList<>(steps(traces));
        int[] at = skipFirstRedoneChange(wrong);
        TlcResult rejected = RecoveryTraces.check(new Tlc(), GENERATOR.constants(), wrong, List.of(), TLC_TIMEOUT)
                .tlc();
        assertEquals(TlcResult.Outcome.DEADLOCK, rejected.outcome(), rejected::output);
        assertEquals(Optional.of(new RecoveryTraces.Rejection(at[0], at[1], 0)), RecoveryTraces.rejection(rejected),
                rejected::output);
    }

    @Test
    void allowedOutcomesWithALosersEffectAreReportedUnequal() {
        List<Set<Outcome>> wrong = traces.stream().flatMap(t -> t.points().stream())
                .map(p -> withLosersEffects(p.before())).toList();
        List<String> differences = RecoveryTraces.differences(points, wrong, result.outcomes());
        assertFalse(differences.isEmpty(), "a model allowing a loser's effects went unnoticed");
        assertTrue(differences.stream().allMatch(d -> d.contains("modelOnly=[pages=") && d.contains("specOnly=[]")),
                differences::toString);
    }

    @Test
    void allowedOutcomesThatForgetACommitAreReportedUnequal() {
        List<Set<Outcome>> wrong = traces.stream().flatMap(t -> t.points().stream())
                .map(p -> RecoveryModelTraces.toSpec(Set.of(RecoveryMachine.committedIn(
                        p.before().log().subList(0, lastCommitOrZero(p.before().log())), BOUNDS.pageCount()))))
                .toList();
        List<String> differences = RecoveryTraces.differences(points, wrong, result.outcomes());
        assertFalse(differences.isEmpty(), "a model forgetting the last commit went unnoticed");
        assertTrue(differences.stream().allMatch(d -> !d.contains("specOnly=[]")), differences::toString);
    }

    /**
     * Replaces, in the first trace where a RedoStep changes a cached page, that step's cache by the one before it
     * (a redo that skipped the change); returns the 1-based trace and step.
     */
    private static int[] skipFirstRedoneChange(List<List<Step>> traces) {
        for (int t = 0; t < traces.size(); t++) {
            List<Step> trace = traces.get(t);
            for (int s = 1; s < trace.size(); s++) {
                Step step = trace.get(s);
                RecoveryTraces.Obs before = trace.get(s - 1).obs();
                if (step.op().equals("RedoStep") && !step.obs().cache().equals(before.cache())) {
                    RecoveryTraces.Obs o = step.obs();
                    RecoveryTraces.Obs skipped = new RecoveryTraces.Obs(o.logLength(), o.tail(), o.flushed(),
                            o.start(), o.rsBegin(), o.rsEnd(), before.cache(), o.disk(), o.txState(), o.undoNext(),
                            o.ckptBegin(), o.ckptDpt(), o.ckptAtt(), o.phase(), o.crashes(), o.redoNext(), o.dptR());
                    List<Step> copy = new ArrayList<>(trace);
                    copy.set(s, new Step(step.op(), step.args(), skipped));
                    traces.set(t, copy);
                    return new int[] {t + 1, s + 1};
                }
            }
        }
        throw new AssertionError("no trace redoes a change: the traces lost their coverage");
    }

    /** A wrong model: besides the right outcome, one where every update in the log counts, losers' included. */
    private static Set<Outcome> withLosersEffects(RecoveryMachine m) {
        Set<Outcome> outcomes = new HashSet<>(RecoveryModelTraces.toSpec(m.allowedOutcomes()));
        Integer[] values = new Integer[BOUNDS.pageCount()];
        java.util.Arrays.fill(values, 0);
        for (LogRecord r : m.log()) {
            if (r instanceof LogRecord.Upd u) {
                values[u.page() - 1] = u.after();
            }
        }
        Set<Integer> committed = RecoveryMachine.committedIn(m.log(), BOUNDS.pageCount()).committed();
        outcomes.add(new Outcome(List.of(values), committed));
        return outcomes;
    }

    /** The length of the log before its last commit record (the whole log without one: nothing to forget). */
    private static int lastCommitOrZero(List<LogRecord> log) {
        for (int l = log.size(); l >= 1; l--) {
            if (log.get(l - 1) instanceof LogRecord.Commit) {
                return l - 1;
            }
        }
        return log.size();
    }
}
