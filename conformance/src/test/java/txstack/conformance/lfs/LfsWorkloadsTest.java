package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        LfsWorkloads w = new LfsWorkloads(GEOMETRY, Mode.RANDOM);
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
}
