package txstack.conformance.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.engines.TxstackVolumeEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;
import txstack.spi.volume.VolumeLayout;

/**
 * The txstack volume manager passes the volume suite on a mirror and on a RAID-5, in both modes. Each run must check
 * at least a floor of crash states, so the test cannot pass by checking nothing.
 */
class CorrectVolumeConformanceTest {

    @ParameterizedTest(name = "{0}, {1} mode, seed {2}, {3} workloads")
    @CsvSource({
        "RAID5,  EXHAUSTIVE, 1, 100, 40000",
        "MIRROR, EXHAUSTIVE, 2, 60,  15000",
        "RAID5,  RANDOM,     3, 15,  40000",
        "MIRROR, RANDOM,     4, 15,  15000",
    })
    void passesEveryProperty(VolumeLayout layout, Mode mode, long seed, int workloads, long crashStatesFloor) {
        ExplorationResult<VolumeStep> result = VolumeTesting.run(new TxstackVolumeEngine(),
                VolumeSetup.defaults(layout), VolumeTesting.options(mode, seed, workloads));
        assertTrue(result.passed(), () -> "violation: " + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        long crashStates = result.stats().get(Stats.Counter.CRASH_STATES);
        long duringAssembly = result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES);
        System.out.printf("correct volume engine, %s %s: %,d crash points, %,d crash states, %,d during assembly, "
                + "%,d assemblies in %.1fs%n", layout, mode, result.stats().get(Stats.Counter.CRASH_POINTS),
                crashStates, duringAssembly, result.stats().get(Stats.Counter.RECOVERIES),
                result.elapsed().toMillis() / 1000.0);
        assertTrue(duringAssembly > 0, "no crash during assembly (resync) checked");
        assertTrue(crashStates >= crashStatesFloor, "crash states checked: " + crashStates + " < floor "
                + crashStatesFloor);
        Map<Requirement, Long> checks = result.stats().propertyChecks();
        String[] properties = layout == VolumeLayout.MIRROR
                ? new String[] {"DISK-3", "DISK-4", "VOL-1", "VOL-2", "VOL-7"}
                : new String[] {"DISK-3", "DISK-4", "VOL-5", "VOL-6", "VOL-7", "VOL-8"};
        for (String property : properties) {
            assertTrue(checks.getOrDefault(Requirement.byId(property), 0L) > 0, property + " was never checked: " + checks);
        }
        assertTrue(result.stats().get(Stats.Counter.MEMBERS_DIED) > 0, "no member's disk died unannounced");
        assertTrue(result.stats().get(Stats.Counter.VOLUMES_LOST) > 0, "no volume was lost");
        if (mode == Mode.EXHAUSTIVE) {
            // Long random workloads mostly hold a sector error by their end, which leaves no rebuild to lose a volume.
            assertTrue(result.stats().get(Stats.Counter.VOLUMES_LOST_IN_REBUILD) > 0,
                    "no volume was lost by a survivor dying during a rebuild");
        }
        assertTrue(result.stats().get(Stats.Counter.REPLACEMENTS_DIED_IN_REBUILD) > 0,
                "no replacement's disk died during its rebuild");
        assertTrue(result.stats().get(Stats.Counter.REPLACEMENTS_DIED_AFTER_THEIR_FIRST_WRITE) > 0,
                "no replacement's disk died at its flush or at a write after it");
        assertTrue(result.stats().get(Stats.Counter.VOLUMES_OVER_EARLIER) > 0, "no volume made over an earlier one");
        assertTrue(result.stats().get(Stats.Counter.VOLUME_TRANSFERS_AT_OFFSET) > 0,
                "no read or write at an offset inside a larger array");
        assertTrue(result.stats().get(Stats.Counter.VOLUME_ARRAYS_REUSED) > 0, "no write's array reused");
        if (layout == VolumeLayout.MIRROR) {
            // A RAID-5 dirty past the redundancy may refuse to start (its stripes may be torn); a mirror must start.
            assertTrue(result.stats().get(Stats.Counter.SCRUBS_PAST_REDUNDANCY) > 0,
                    "no mirror scrubbed after an assembly past the redundancy");

        }
    }

    /** On a mirror of three members, half the rebuilds lose a survivor's disk; the rebuild finishes from the other. */
    @Test
    void aThreeWayMirrorFinishesRebuildsThatLoseASurvivor() {
        ExplorationResult<VolumeStep> result = VolumeTesting.run(new TxstackVolumeEngine(),
                BrokenVolumeVariantsTest.THREE_WAY_MIRROR, VolumeTesting.options(Mode.RANDOM, 5, 10));
        assertTrue(result.passed(), () -> "violation: " + result.counterexample().orElseThrow().violation());
        assertEquals(10, result.workloadsCompleted(), "every workload ran to the end");
        assertTrue(result.stats().get(Stats.Counter.SURVIVORS_DIED_IN_REBUILD) > 0,
                "no member's disk died during a rebuild");
    }
}
