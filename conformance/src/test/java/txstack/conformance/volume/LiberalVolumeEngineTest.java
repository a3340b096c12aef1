package txstack.conformance.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.spi.volume.VolumeLayout;

/**
 * No false alarm on an engine that takes the liberties the contract grants an assembly ({@link LiberalVolumeEngine}):
 * the suite passes it on both layouts, in both modes, and each run takes its liberty, each way the row names (so the
 * run cannot pass by never getting there). The two rows of {@code REFUSE_DIRTY_DEGRADED} are also the regression
 * case of a false alarm they found: before {@code CrashedVolume#reopened}, the suite judged a crash inside the assembly
 * after a clean close as the clean shutdown itself, and reported the refusal of a degraded RAID-5 there (seed 41 at
 * workload 19, seed 42 at workload 6).
 */
class LiberalVolumeEngineTest {

    @ParameterizedTest(name = "{0}, {1} mode, seed {2}, {3} workloads, {4}")
    @CsvSource({
        "RAID5,  EXHAUSTIVE, 41, 100, REFUSE_DIRTY_DEGRADED, REFUSED_DIRTY_DEGRADED",
        "RAID5,  RANDOM,     42, 15,  REFUSE_DIRTY_DEGRADED, REFUSED_DIRTY_DEGRADED",
        "RAID5,  EXHAUSTIVE, 43, 100, REFUSE_SECTOR_ERRORS,  REFUSED_SECTOR_ERRORS",
        "RAID5,  RANDOM,     44, 15,  REFUSE_SECTOR_ERRORS,  REFUSED_SECTOR_ERRORS",
        "RAID5,  EXHAUSTIVE, 45, 100, DROP_MEMBERS,          DROPPED_A_MEMBER REFUSED_DROPPABLE_MEMBERS",
        "MIRROR, EXHAUSTIVE, 47, 100, DROP_MEMBERS,          DROPPED_A_MEMBER",
        "MIRROR, RANDOM,     48, 15,  DROP_MEMBERS,          REFUSED_DROPPABLE_MEMBERS",
    })
    void passesEveryProperty(VolumeLayout layout, Mode mode, long seed, int workloads,
                             LiberalVolumeEngine.Liberty liberty, String takenWays) {
        LiberalVolumeEngine engine = new LiberalVolumeEngine(EnumSet.of(liberty));
        ExplorationResult<VolumeStep> result = VolumeTesting.run(engine, VolumeSetup.defaults(layout),
                VolumeTesting.options(mode, seed, workloads));
        assertTrue(result.passed(), () -> "violation: " + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        for (String way : takenWays.split(" ")) {
            LiberalVolumeEngine.Taken taken = LiberalVolumeEngine.Taken.valueOf(way);
            System.out.printf("liberal engine %s on %s, %s mode: %s %,d times%n", liberty, layout, mode, taken,
                    engine.taken(taken));
            assertTrue(engine.taken(taken) > 0, "the engine never took its liberty: " + taken);
        }
    }

    /** The liberty taken where the contract does not grant it (a dirty degraded mirror refused) is caught. */
    @ParameterizedTest(name = "{0} mode, seed {1}")
    @CsvSource({"EXHAUSTIVE, 49", "RANDOM, 50"})
    void refusingADirtyDegradedMirrorIsCaught(Mode mode, long seed) {
        ExplorationResult<VolumeStep> result = VolumeTesting.run(LiberalVolumeEngine.refusingDirtyDegradedMirrors(),
                VolumeSetup.defaults(VolumeLayout.MIRROR), VolumeTesting.options(mode, seed, 20));
        assertFalse(result.passed(), "a mirror that refuses to start after a crash with a member out slipped past");
        String summary = result.counterexample().orElseThrow().violation().summary();
        assertTrue(summary.contains("refused a volume the model keeps: dirty degraded MIRROR"), summary);
    }
}
