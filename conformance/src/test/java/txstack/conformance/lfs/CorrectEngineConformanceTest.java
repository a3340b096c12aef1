package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;

/**
 * The txstack implementation passes the whole LFS suite: exhaustive exploration of short workloads and seeded random
 * exploration of long ones, on both sector sizes. Each run must check at least a floor of crash states, so the test
 * cannot pass by checking nothing.
 */
class CorrectEngineConformanceTest {

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors, seed {2}, {3} workloads")
    @CsvSource({
        "EXHAUSTIVE, 512,  1, 120, 40000",
        "EXHAUSTIVE, 4096, 2, 200, 8000",
        "RANDOM,     512,  3, 60,  8000",
        "RANDOM,     4096, 4, 40,  8000",
    })
    void passesEveryProperty(Mode mode, int sectorSize, long seed, int workloads, long crashStatesFloor) {
        ExplorationResult<LfsStep> result = LfsTesting.run(new TxstackLogEngine(), LfsDevice.defaults(sectorSize),
                LfsTesting.options(mode, seed, workloads));
        assertTrue(result.passed(), () -> "violation: " + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        long crashStates = result.stats().get(Stats.Counter.CRASH_STATES);
        System.out.printf("correct engine, %s %d: %,d crash states, %,d recoveries (%,d during recovery) in %.1fs%n",
                mode, sectorSize, crashStates, result.stats().get(Stats.Counter.RECOVERIES),
                result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES), result.elapsed().toMillis() / 1000.0);
        assertTrue(crashStates >= crashStatesFloor, "crash states checked: " + crashStates + " < floor "
                + crashStatesFloor);
        assertTrue(result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES) > 0, "no crash during recovery checked");
        assertTrue(result.stats().get(Stats.Counter.EXPLICIT_CRASHES) > 0, "no workload crashed more than once");
        assertTrue(result.stats().get(Stats.Counter.LIVE_DEVICE_ERRORS_RAISED) > 0, "no device error on the live "
                + "engine raised");
        assertTrue(result.stats().get(Stats.Counter.LFS5_BOUNDARY_APPENDS) > 0, "no append sized to a log-full "
                + "boundary");
        assertTrue(result.stats().get(Stats.Counter.CONCURRENT_COMMITS) > 0, "no concurrent commit ran");
        assertTrue(result.stats().get(Stats.Counter.CONCURRENT_COMMIT_DEVICE_ERRORS) > 0, "no concurrent commit met a "
                + "device error");
        assertTrue(result.stats().get(Stats.Counter.LFS_ARRAYS_REUSED) > 0, "no array reused after its call");
        assertTrue(result.stats().get(Stats.Counter.DURABLE_SECTORS_UNREADABLE) > 0, "no durable log sector made "
                + "unreadable");
        Map<Requirement, Long> checks = result.stats().propertyChecks();
        for (String property : new String[] {"LFS-2", "LFS-3", "LFS-4", "LFS-6", "DISK-3", "DISK-4"}) {
            assertTrue(checks.getOrDefault(Requirement.byId(property), 0L) > 0, property + " was never checked: " + checks);
        }
    }
}
