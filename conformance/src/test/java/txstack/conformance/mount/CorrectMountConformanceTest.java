package txstack.conformance.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackMountEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Stats;

/**
 * txstack's mount layer passes the mount suite, and the suite really explores: every fixed pattern with a crash at
 * every device operation, and seeded sequences with power losses and reboots; crash states are counted and must reach
 * a floor (about half of what these runs check today: 3,001 and 471), crashes during recovery happen, every property
 * is checked.
 */
class CorrectMountConformanceTest {

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors, {3} workloads of up to {4} steps")
    @CsvSource({
        "EXHAUSTIVE, 512, 20261201, 7, 12, 1500",
        "RANDOM,     512, 20261201, 2, 40, 230",
    })
    void passesEveryProperty(Mode mode, int sectorSize, long seed, int workloads, int stepsMax,
                             long crashStatesFloor) {
        ExplorationResult<MountStep> result = MountTesting.run(new TxstackMountEngine(),
                MountSetup.defaults(sectorSize), MountTesting.options(mode, seed, workloads, stepsMax));
        assertTrue(result.passed(), () -> result.counterexample().orElseThrow().violation().toString());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        long crashStates = result.stats().get(Stats.Counter.CRASH_STATES);
        System.out.printf("correct mount engine, %s: %,d crash states, %,d during recovery%n", mode,
                crashStates, result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES));
        assertTrue(crashStates >= crashStatesFloor, "crash states checked: " + crashStates + " < floor "
                + crashStatesFloor);
        assertTrue(result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES) > 0, "no crash during recovery checked");
        Map<Requirement, Long> checks = result.stats().propertyChecks();
        for (Requirement r : new Requirement[] {Requirement.MNT_1, Requirement.MNT_2, Requirement.MNT_3,
            Requirement.MNT_4, Requirement.MNT_5, Requirement.MNT_6, Requirement.MNT_7}) {
            assertTrue(checks.getOrDefault(r, 0L) > 0, r + " was never checked: " + checks);
        }
    }
}
