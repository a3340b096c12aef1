package txstack.conformance.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import txstack.conformance.rig.Rig;

/**
 * The run skeleton with a layer made up for the test, whose recovery issues four operations on its one disk:
 * <pre>
 *   #0 write sector 10              (volatile)
 *   #1 write sector 11, FUA
 *   #2 flush
 *   #3 write sector 12              (volatile)
 * </pre>
 * A crash during that recovery must be tried at every one of its moments (after #0, during #1, after #1, after #2,
 * after #3) with every image each leaves, and right after the last one against what recovery returned.
 */
class WorkloadRunTest {

    /** One observed crash state inside the recovery: which of sectors 10, 11, 12 hold the recovery's writes. */
    private record Inner(String sectors, String allowed) {
    }

    private static final class FakeLayer implements LayerRun<String, String> {
        final List<Inner> inner = Collections.synchronizedList(new ArrayList<>());
        final String violateOn;
        Rig rig;

        FakeLayer(String violateOn) {
            this.violateOn = violateOn;
        }

        @Override
        public Start<String> start() {
            rig = new Rig();
            rig.addBlank("d", "machine", 512, 16);
            return new Start<>(rig, null, "");
        }

        @Override
        public StepOutcome<String> step(int index, String step) {
            rig.disk("d").write(0, filled(1), 0, 512, false);
            return StepOutcome.of("wrote sector 0", at -> "step");
        }

        @Override
        public Recovery<String> recover(Rig restored, String allowed, Depth depth, long seed) {
            if (depth == Depth.INNER) {
                String sectors = landed(restored, 10) + landed(restored, 11) + landed(restored, 12);
                inner.add(new Inner(sectors, allowed));
                if (sectors.equals(violateOn)) {
                    throw new Violated(Requirement.DISK_3, "made up: sectors " + sectors);
                }
                return new Recovery<>(0, allowed, allowed, "");
            }
            restored.disk("d").write(10, filled(10), 0, 512, false);
            restored.disk("d").write(11, filled(11), 0, 512, true);
            restored.disk("d").flush();
            restored.disk("d").write(12, filled(12), 0, 512, false);
            return new Recovery<>(restored.size(), "during", "returned", "");
        }

        @Override
        public void abandon() {
        }

        private static String landed(Rig rig, long sector) {
            byte[] b = new byte[512];
            rig.disk("d").read(sector, b, 0, 512);
            return b[0] != 0 ? "1" : "0";
        }

        private static byte[] filled(int value) {
            byte[] b = new byte[512];
            java.util.Arrays.fill(b, (byte) value);
            return b;
        }
    }

    private static Optional<Failure<String>> run(FakeLayer layer) {
        Stats stats = new Stats();
        ExplorerOptions options = ExplorerOptions.defaults(Mode.EXHAUSTIVE);
        CaseContext context = new CaseContext(options, 7, stats, Budget.unlimited(stats));
        return new WorkloadRun<>(layer, List.of("write"), context).execute();
    }

    @Test
    void aCrashDuringRecoveryVisitsEveryCrashPointOfThatRecovery() {
        FakeLayer layer = new FakeLayer("none");
        assertTrue(run(layer).isEmpty());
        List<String> seen = layer.inner.stream().map(i -> i.sectors() + " " + i.allowed()).sorted().toList();
        List<String> expected = new ArrayList<>(List.of(
                "000 during", "100 during",                             // after #0: sector 10 open
                "000 during", "100 during", "010 during", "110 during", // during #1: 10 and 11 open
                "010 during", "110 during",                             // after #1: 11 durable, 10 open
                "110 during",                                           // after #2: all durable
                "110 returned", "111 returned"));                       // after #3, the last: what it returned
        Collections.sort(expected);
        assertEquals(expected, seen);
    }

    @Test
    void aViolationInsideRecoveryCarriesBothCrashPointsAndAReplay() {
        Optional<Failure<String>> failure = run(new FakeLayer("111"));
        assertTrue(failure.isPresent());
        Violation v = failure.get().violation();
        assertEquals(Requirement.DISK_3, v.property());
        assertTrue(v.details().contains("crash point: right after step 0 (write) returned"), v.details());
        assertTrue(v.details().contains("recovery crashed crash point: right after that recovery returned"),
                v.details());
        CrashStateReplay replay = failure.get().crashState().orElseThrow();
        assertTrue(replay.recheck(replay.choice()).isPresent(), "the replay shows the violation again");
        int[] allLost = new int[replay.choice().length];
        assertTrue(replay.recheck(allLost).isEmpty(), "with sector 12 lost the made-up property holds");
    }
}
