package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import txstack.conformance.explorer.ImageSpec;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Seeds;
import txstack.model.Bytes;
import txstack.model.lfs.LogBounds;

class LfsWorkloadsTest {
    private static final LogBounds GEOMETRY = new LogBounds(22_464, 16, 467, 21_981, 1_024);

    @Test
    void theSameSeedGivesTheSameWorkload() {
        LfsWorkloads w = new LfsWorkloads(GEOMETRY, Mode.RANDOM);
        assertEquals(w.generate(Seeds.random(9), 150), w.generate(Seeds.random(9), 150));
        assertFalse(w.generate(Seeds.random(9), 150).equals(w.generate(Seeds.random(10), 150)));
    }

    @Test
    void workloadsStayWithinTheGeometryAndUseEveryKindOfStep() {
        LfsWorkloads w = new LfsWorkloads(GEOMETRY, Mode.RANDOM, true);
        Map<Class<?>, Integer> kinds = new java.util.HashMap<>();
        int nearMax = 0;
        for (int seed = 0; seed < 200; seed++) {
            for (LfsStep step : w.generate(Seeds.random(seed), 150)) {
                kinds.merge(step.getClass(), 1, Integer::sum);
                int size = switch (step) {
                    case LfsStep.Append a -> a.payload().length();
                    case LfsStep.AppendByLsn a -> a.sizeBytes();
                    default -> 0;
                };
                assertTrue(size >= 0 && size <= GEOMETRY.maxPayloadBytes(), "size " + size);
                nearMax += size > GEOMETRY.maxPayloadBytes() - 64 ? 1 : 0;
                if (step instanceof LfsStep.WriteRestartArea r) {
                    assertTrue(r.clientData().length() <= GEOMETRY.maxClientDataBytes());
                }
            }
        }
        assertEquals(LfsStep.class.getPermittedSubclasses().length, kinds.size(), "every step kind appears: " + kinds);
        assertTrue(nearMax > 0, "appends near the maximum payload");
    }

    /**
     * Concurrent commits only for an engine that claims concurrent clients, and otherwise the same draws: each turns
     * a burst of appends and its flush into one step, so the steps before the first of them are the same. Some of
     * them meet a device error in their flushes, each followed by a process crash that opens the log again.
     */
    @Test
    void concurrentCommitsOnlyForEnginesThatClaimThem() {
        int withCommits = 0;
        int withErrors = 0;
        for (int seed = 0; seed < 200; seed++) {
            List<LfsStep> single = new LfsWorkloads(GEOMETRY, Mode.RANDOM, false).generate(Seeds.random(seed), 150);
            List<LfsStep> concurrent = new LfsWorkloads(GEOMETRY, Mode.RANDOM, true).generate(Seeds.random(seed), 150);
            assertTrue(single.stream().noneMatch(s -> s instanceof LfsStep.ConcurrentCommit));
            for (int k = 0; k < concurrent.size(); k++) {
                if (concurrent.get(k) instanceof LfsStep.DeviceError d && d.attempt() instanceof LfsStep.ConcurrentCommit) {
                    withErrors++;
                    assertEquals(new LfsStep.ProcessCrash(0), concurrent.get(k + 1));
                }
            }
            int first = 0;
            while (first < concurrent.size() && commitOf(concurrent.get(first)) == null) {
                first++;
            }
            if (first == concurrent.size()) {
                assertEquals(single, concurrent);
                continue;
            }
            withCommits++;
            LfsStep.ConcurrentCommit commit = commitOf(concurrent.get(first));
            // Up to the burst the draws are the same; in the burst, the plain appends became the commit's records
            // (in order), the other steps stayed before it, and the flush after them is gone.
            int b = 0;
            while (b < first && single.get(b).equals(concurrent.get(b))) {
                b++;
            }
            List<Bytes> appended = new ArrayList<>();
            List<LfsStep> others = new ArrayList<>();
            int i = b;
            for (; !(single.get(i) instanceof LfsStep.Flush); i++) {
                if (single.get(i) instanceof LfsStep.Append a) {
                    appended.add(a.payload());
                } else {
                    others.add(single.get(i));
                }
            }
            assertEquals(new LfsStep.Flush(1000), single.get(i));
            assertEquals(commit.payloads(), appended);
            assertEquals(concurrent.subList(b, first), others);
        }
        assertTrue(withCommits > 20, "concurrent commits in " + withCommits + " of 200 workloads");
        assertTrue(withErrors > 10, "concurrent commits with a device error: " + withErrors + " in 200 workloads");
    }

    /** The concurrent commit {@code step} is, or runs with a device error; null if none. */
    private static LfsStep.ConcurrentCommit commitOf(LfsStep step) {
        return switch (step) {
            case LfsStep.ConcurrentCommit c -> c;
            case LfsStep.DeviceError d when d.attempt() instanceof LfsStep.ConcurrentCommit c -> c;
            default -> null;
        };
    }

    @Test
    void simplerStepsAreSmallerAndNeverTheStepItself() {
        LfsStep append = new LfsStep.Append(Bytes.of(new byte[100]));
        List<LfsStep> simpler = LfsWorkloads.simpler(append);
        assertEquals(new LfsStep.Append(Bytes.EMPTY), simpler.getFirst());
        simpler.forEach(s -> assertTrue(((LfsStep.Append) s).payload().length() < 100));
        assertTrue(LfsWorkloads.simpler(new LfsStep.Flush(1000)).isEmpty());
        assertEquals(List.of(new LfsStep.Crash(0, new ImageSpec.AllLost())),
                LfsWorkloads.simpler(new LfsStep.Crash(2, new ImageSpec.AllLost())));
    }

    @Test
    void contentByLsnIsTheSameEveryTime() {
        assertEquals(LfsWorkloads.payloadByLsn(7, 300), LfsWorkloads.payloadByLsn(7, 300));
        assertFalse(LfsWorkloads.payloadByLsn(7, 300).equals(LfsWorkloads.payloadByLsn(8, 300)));
    }

    @Test
    void everyModeDrawsWorkloads() {
        Map<Mode, Integer> sizes = new EnumMap<>(Mode.class);
        for (Mode mode : Mode.values()) {
            sizes.put(mode, new LfsWorkloads(GEOMETRY, mode).generate(Seeds.random(1), 12).size());
        }
        assertEquals(Map.of(Mode.EXHAUSTIVE, 12, Mode.RANDOM, 12), sizes);
    }

    /** A device error goes only where the suite can judge it: a concurrent commit's flushes write and flush, never read. */
    @Test
    void aDeviceErrorIsRefusedWhereTheSuiteCannotJudgeIt() {
        LfsStep.ConcurrentCommit commit = new LfsStep.ConcurrentCommit(List.of(Bytes.of(new byte[] {1}),
                Bytes.of(new byte[] {2})), 7);
        assertEquals(commit, new LfsStep.DeviceError(LfsStep.DeviceCall.WRITE, 1, commit).attempt());
        IllegalArgumentException read = assertThrows(IllegalArgumentException.class,
                () -> new LfsStep.DeviceError(LfsStep.DeviceCall.READ, 1, commit));
        assertTrue(read.getMessage().contains("not a read"), read.getMessage());
        IllegalArgumentException append = assertThrows(IllegalArgumentException.class,
                () -> new LfsStep.DeviceError(LfsStep.DeviceCall.WRITE, 1, new LfsStep.Append(Bytes.EMPTY)));
        assertTrue(append.getMessage().contains("not into"), append.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LfsStep.DeviceError(LfsStep.DeviceCall.FLUSH, 0, commit));
    }
}
