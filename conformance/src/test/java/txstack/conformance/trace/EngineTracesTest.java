package txstack.conformance.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.lfs.LfsDevice;
import txstack.conformance.trace.EngineTraces.Trace;
import txstack.spec.LfsTraces;
import txstack.spec.LfsTraces.Step;
import txstack.spec.Tlc;
import txstack.spec.TlcResult;
import txstack.spi.lfs.LogEngine;

/**
 * The real log against {@code Lfs.tla} (LFS-2..6): seeded traces of the txstack engine, driven through the SPI on the
 * simulated disk with real power losses (some while the restart-area copy is written) and the engine's own recovery,
 * must be behaviours of the spec. The check bites: an engine whose flush skips the device flush loses flushed
 * records at a power loss, and TLC stops at that recovery.
 *
 * <p>Replay: {@code new EngineTraces(engine, LfsDevice.defaults(512), MAX_LSN, MAX_CRASHES).trace(SEED + i, STEPS)}
 * is trace {@code i + 1}; {@code Trace.calls()} lists the engine calls that made it.
 */
class EngineTracesTest {
    private static final long SEED = 0xE4C1A7L;
    private static final int TRACES = 60;
    private static final int STEPS = 40;
    private static final int MAX_LSN = 30;
    private static final int MAX_CRASHES = 3;
    private static final Duration TLC_TIMEOUT = Duration.ofMinutes(5);

    private static List<Trace> traces(LogEngine engine, LfsDevice device) {
        EngineTraces generator = new EngineTraces(engine, device, MAX_LSN, MAX_CRASHES);
        List<Trace> out = new ArrayList<>();
        for (int i = 0; i < TRACES; i++) {
            out.add(generator.trace(SEED + i, STEPS));
        }
        return out;
    }

    private static TlcResult check(LogEngine engine, LfsDevice device, List<Trace> traces) {
        EngineTraces generator = new EngineTraces(engine, device, MAX_LSN, MAX_CRASHES);
        List<List<Step>> steps = traces.stream().map(Trace::steps).toList();
        return LfsTraces.check(new Tlc(), generator.constants(traces), steps, TLC_TIMEOUT);
    }

    @Test
    void theRealLogsTracesAreBehavioursOfTheSpec() {
        for (LfsDevice device : List.of(LfsDevice.defaults(512), LfsDevice.defaults(4096))) {
            List<Trace> traces = traces(new TxstackLogEngine(), device);
            TlcResult tlc = check(new TxstackLogEngine(), device, traces);
            int crashes = traces.stream().mapToInt(Trace::crashes).sum();
            int duringRestart = traces.stream().mapToInt(Trace::restartWriteCrashes).sum();
            System.out.printf("lfs engine traces, %d-byte sectors: %d traces of the txstack log (%d steps), %d power "
                            + "losses (%d during a restart-copy write); TLC %s%n", device.sectorSizeBytes(), TRACES,
                    traces.stream().mapToInt(t -> t.steps().size()).sum(), crashes, duringRestart, tlc.summary());
            assertEquals(TlcResult.Outcome.PASS, tlc.outcome(), () -> "a trace of the real log is not a behaviour "
                    + "of Lfs: " + LfsTraces.rejection(tlc).map(r -> r + "\nengine calls: "
                    + traces.get(r.trace() - 1).calls()).orElse("") + "\n" + tlc.output());
            assertTrue(crashes >= TRACES, "the traces should crash often: " + crashes);
            assertTrue(duringRestart > 0, "no power loss during a restart-copy write");
        }
    }

    @Test
    void aLogThatLosesFlushedRecordsIsRejectedAtItsRecovery() {
        LogEngine broken = TxstackLogEngine.named("txstack:SKIP_DEVICE_FLUSH");
        LfsDevice device = LfsDevice.defaults(512);
        List<Trace> traces = traces(broken, device);
        TlcResult tlc = check(broken, device, traces);
        assertEquals(TlcResult.Outcome.DEADLOCK, tlc.outcome(), tlc::output);
        Optional<LfsTraces.Rejection> rejection = LfsTraces.rejection(tlc);
        assertTrue(rejection.isPresent(), tlc::output);
        Step rejected = traces.get(rejection.get().trace() - 1).steps().get(rejection.get().step() - 1);
        assertInstanceOf(Step.Recover.class, rejected, "TLC should stop at the recovery that lost a flushed record");
        // A recovery that returned, short (not one that threw, which shows LSN 0): the mapping itself is what bites.
        assertTrue(rejected.obs().nextLsn() > 0, () -> "rejected: " + rejected + "\nafter: "
                + traces.get(rejection.get().trace() - 1).calls());
    }

    @Test
    void boundsOutOfRangeAreRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new EngineTraces(new TxstackLogEngine(), LfsDevice.defaults(512), 0, 1));
        assertTrue(e.getMessage().contains("maxLsn=0"), e.getMessage());
    }
}
