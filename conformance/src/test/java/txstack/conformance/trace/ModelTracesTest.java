package txstack.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import txstack.model.lfs.CrashedLog;
import txstack.model.lfs.LogState;
import txstack.model.lfs.Restart;
import txstack.spec.LfsTraces;
import txstack.spec.LfsTraces.Step;
import txstack.spec.Tlc;
import txstack.spec.TlcResult;

/**
 * The reference model against the spec: random model executions, written as TLA+ traces, must be behaviours of
 * {@code Lfs.tla} (LFS-2..6). A model that recovers wrongly must be rejected, so the check bites.
 */
class ModelTracesTest {
    private static final long SEED = 0x7A57AC4L;
    private static final int TRACES = 60;
    private static final int STEPS = 40;
    private static final Duration TLC_TIMEOUT = Duration.ofMinutes(5);

    private static List<List<Step>> traces(ModelTraces generator) {
        List<List<Step>> traces = new ArrayList<>();
        for (int i = 0; i < TRACES; i++) {
            traces.add(generator.trace(SEED + i, STEPS));
        }
        return traces;
    }

    @Test
    void modelExecutionsAreBehavioursOfTheSpec() {
        ModelTraces generator = new ModelTraces(3, 14, 3, ModelTraces::anyAllowedRecovery);
        List<List<Step>> traces = traces(generator);
        long crashes = traces.stream().flatMap(List::stream).filter(s -> s instanceof Step.Crash).count();
        assertTrue(crashes >= TRACES, "the traces should crash often: crashes=" + crashes);
        TlcResult result = LfsTraces.check(new Tlc(), generator.constants(traces), traces, TLC_TIMEOUT);
        System.out.printf("trace validation: %d model traces (%d steps, %d crashes, seeds %d..%d) checked by TLC: %s%n",
                TRACES, traces.stream().mapToInt(List::size).sum(), crashes, SEED, SEED + TRACES - 1,
                result.outcome());
        assertEquals(TlcResult.Outcome.PASS, result.outcome(), () -> "a model trace is not a behaviour of Lfs: "
                + LfsTraces.rejection(result) + "\nreplay: ModelTraces.trace(seed=" + SEED + "+trace-1, " + STEPS
                + ")\n" + result.output());
    }

    @Test
    void aModelThatLosesAFlushedRecordIsRejected() {
        ModelTraces generator = new ModelTraces(3, 14, 3, ModelTracesTest::loseTheLastFlushedRecord);
        List<List<Step>> traces = traces(generator);
        TlcResult result = LfsTraces.check(new Tlc(), generator.constants(traces), traces, TLC_TIMEOUT);
        assertEquals(TlcResult.Outcome.DEADLOCK, result.outcome(), result::output);
        Optional<LfsTraces.Rejection> rejection = LfsTraces.rejection(result);
        assertTrue(rejection.isPresent(), result::output);
        Step rejected = traces.get(rejection.get().trace() - 1).get(rejection.get().step() - 1);
        assertInstanceOf(Step.Recover.class, rejected, "TLC should stop at the recovery that lost a flushed record");
    }

    /** A wrong recovery: it drops the last flushed record when it can (violates LFS-6), else recovers correctly. */
    private static LogState loseTheLastFlushedRecord(CrashedLog crashed, SplittableRandom random) {
        LogState before = crashed.before();
        Restart restart = before.restart();
        long end = before.flushedLsn();
        if (before.inFlightRestart().isPresent() || end <= restart.startLsn()) {
            return ModelTraces.anyAllowedRecovery(crashed, random);
        }
        return new LogState(before.geometry(), end, end - 1, restart.startLsn(), restart, Optional.empty(),
                before.records().subList(0, (int) (end - restart.startLsn())));
    }
}
