package txstack.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import txstack.conformance.trace.ModelTraces.Coverage;
import txstack.conformance.trace.ModelTraces.Trace;
import txstack.model.lfs.CrashedLog;
import txstack.model.lfs.LogState;
import txstack.model.lfs.Restart;
import txstack.model.lfs.RestartOutcome;
import txstack.spec.LfsTraces;
import txstack.spec.LfsTraces.CrashPoint;
import txstack.spec.LfsTraces.Obs;
import txstack.spec.LfsTraces.Step;
import txstack.spec.Tlc;
import txstack.spec.TlcResult;

/**
 * The LFS reference model against {@code Lfs.tla}, both ways (LFS-2..6): seeded random walks of the model (appends
 * and flushes during restart writes, reads, crashes with drawn outcomes that leave stale pages behind the recovered
 * end) must be behaviours of the spec, and at every crash point the recoveries the spec reaches (every crash outcome)
 * must be exactly the model's allowed recoveries. Both checks bite: a recovery that loses a flushed record is rejected
 * at that step, and a model that allows too little or too much at a crash is reported unequal.
 *
 * <p>Replay: {@code new ModelTraces(3, 14, 3).trace(SEED + i, STEPS)} is trace {@code i + 1}; rerun with
 * {@code ./mvnw -o -q -pl conformance test -Dtest=ModelTracesTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ModelTracesTest {
    private static final long SEED = 0x7A57AC4L;
    private static final int TRACES = 60;
    private static final int STEPS = 40;
    private static final Duration TLC_TIMEOUT = Duration.ofMinutes(5);

    private static final ModelTraces GENERATOR = new ModelTraces(3, 14, 3);
    private static List<Trace> traces;
    private static List<CrashPoint> points;
    private static LfsTraces.Result result;

    @BeforeAll
    static void checkTheTracesOnce() {
        traces = traces(GENERATOR);
        points = ModelTraces.crashPoints(traces);
        result = LfsTraces.check(new Tlc(), GENERATOR.constants(traces), steps(traces), points, TLC_TIMEOUT);
        long outcomes = result.outcomes().values().stream().mapToLong(Set::size).sum();
        System.out.printf("lfs trace validation: %d model traces (%d steps, seeds %d..%d), %d crash points, %d spec "
                        + "outcomes; TLC %s; coverage %s%n", TRACES,
                traces.stream().mapToInt(t -> t.steps().size()).sum(), SEED, SEED + TRACES - 1, points.size(),
                outcomes, result.tlc().summary(), ModelTraces.coverageCounts(traces));
    }

    private static List<Trace> traces(ModelTraces generator) {
        List<Trace> out = new ArrayList<>();
        for (int i = 0; i < TRACES; i++) {
            out.add(generator.trace(SEED + i, STEPS));
        }
        return out;
    }

    private static List<List<Step>> steps(List<Trace> traces) {
        return traces.stream().map(Trace::steps).toList();
    }

    @Test
    void modelExecutionsAreBehavioursOfTheSpec() {
        long crashes = traces.stream().flatMap(t -> t.steps().stream()).filter(s -> s instanceof Step.Crash).count();
        assertTrue(crashes >= TRACES, "the traces should crash often: crashes=" + crashes);
        assertEquals(TlcResult.Outcome.PASS, result.tlc().outcome(), () -> "a model trace is not a behaviour of Lfs: "
                + LfsTraces.rejection(result.tlc()) + "\nreplay: new ModelTraces(3, 14, 3).trace(" + SEED
                + " + trace - 1, " + STEPS + ")\n" + result.tlc().output());
    }

    @Test
    void everyCaseTheChecksAreForHappens() {
        Map<Coverage, Integer> counts = ModelTraces.coverageCounts(traces);
        for (Coverage c : Coverage.values()) {
            assertTrue(counts.get(c) > 0, "no trace covers " + c + ": " + counts);
        }
    }

    @Test
    void atEveryCrashPointTheSpecReachesExactlyTheModelsRecoveries() {
        assertTrue(points.size() >= 2 * TRACES, "too few crash points: " + points.size());
        assertEquals(TlcResult.Outcome.PASS, result.tlc().outcome(), result.tlc()::output);
        List<String> differences = LfsTraces.differences(points,
                ModelTraces.allowedRecoveries(traces, CrashedLog::recoveries), result.outcomes());
        assertEquals(List.of(), differences, () -> String.join("\n", differences));
        assertTrue(result.outcomes().values().stream().anyMatch(s -> s.size() > 2),
                "some crash point should allow several recoveries");
    }

    @Test
    void aModelThatAllowsTooLittleOrTooMuchAtACrashIsReported() {
        List<String> tooLittle = LfsTraces.differences(points,
                ModelTraces.allowedRecoveries(traces, ModelTracesTest::withoutTheLongest), result.outcomes());
        assertFalse(tooLittle.isEmpty(), "a model that forgets the longest recovery must differ");
        assertTrue(tooLittle.get(0).contains("modelOnly=[]"), tooLittle.get(0));
        List<String> tooMuch = LfsTraces.differences(points,
                ModelTraces.allowedRecoveries(traces, ModelTracesTest::alsoLosingTheLastFlushed), result.outcomes());
        assertFalse(tooMuch.isEmpty(), "a model that may lose a flushed record must differ");
        assertTrue(tooMuch.get(0).contains("specOnly=[]"), tooMuch.get(0));
    }

    @Test
    void aModelThatLosesAFlushedRecordIsRejected() {
        ModelTraces generator = new ModelTraces(3, 14, 3, ModelTracesTest::loseTheLastFlushedRecord);
        List<List<Step>> wrong = steps(traces(generator));
        TlcResult tlc = LfsTraces.check(new Tlc(), LfsTraces.Constants.covering(3, ModelTraces.DATA, wrong), wrong,
                TLC_TIMEOUT);
        assertEquals(TlcResult.Outcome.DEADLOCK, tlc.outcome(), tlc::output);
        Optional<LfsTraces.Rejection> rejection = LfsTraces.rejection(tlc);
        assertTrue(rejection.isPresent(), tlc::output);
        Step rejected = wrong.get(rejection.get().trace() - 1).get(rejection.get().step() - 1);
        assertInstanceOf(Step.Recover.class, rejected, "TLC should stop at the recovery that lost a flushed record");
    }

    /** A wrong allowed set: the longest recovery (every record kept) is missing when there is a choice. */
    private static List<LogState> withoutTheLongest(CrashedLog crashed) {
        List<LogState> all = new ArrayList<>(crashed.recoveries());
        if (all.size() > 1) {
            all.remove(all.size() - 1);
        }
        return all;
    }

    /** A wrong allowed set: also the log without its last flushed record, when there is one past the start. */
    private static List<LogState> alsoLosingTheLastFlushed(CrashedLog crashed) {
        List<LogState> all = new ArrayList<>(crashed.recoveries());
        LogState before = crashed.before();
        Restart restart = before.restart();
        long end = before.flushedLsn();
        if (end > restart.startLsn()) {
            all.add(new LogState(before.geometry(), end, end - 1, restart.startLsn(), restart, Optional.empty(),
                    before.records().subList(0, (int) (end - restart.startLsn()))));
        }
        return all;
    }

    /** A wrong recovery: it drops the last flushed record when it can (violates LFS-6), else recovers correctly. */
    private static LogState loseTheLastFlushedRecord(CrashedLog crashed, Set<Long> persisted, RestartOutcome outcome) {
        LogState before = crashed.before();
        Restart restart = before.restart();
        long end = before.flushedLsn();
        if (before.inFlightRestart().isPresent() || end <= restart.startLsn()) {
            return crashed.recover(persisted, outcome);
        }
        return new LogState(before.geometry(), end, end - 1, restart.startLsn(), restart, Optional.empty(),
                before.records().subList(0, (int) (end - restart.startLsn())));
    }
}
