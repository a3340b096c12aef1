package txstack.conformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackClusterEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Stats;

/**
 * txstack's cluster layer passes the CSV suite, and the suite really explores: every fixed pattern with a power loss
 * at every device operation, and seeded sequences of every event; steps, power losses inside workloads and crash
 * states are counted and must reach a floor (about half of what these runs do today), crashes during recovery
 * happen, every property is checked.
 */
class CorrectCsvConformanceTest {

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors, {3} workloads of up to {4} steps")
    @CsvSource({
        "EXHAUSTIVE, 512,  20261201, 7,  12, 45,  1,  110",
        "EXHAUSTIVE, 4096, 20261202, 7,  12, 45,  1,  110",
        "RANDOM,     512,  20261203, 60, 40, 900, 60, 1800",
    })
    void passesEveryProperty(Mode mode, int sectorSize, long seed, int workloads, int stepsMax, long stepsFloor,
                             long powerLossesFloor, long crashStatesFloor) {
        ExplorationResult<CsvStep> result = CsvTesting.run(new TxstackClusterEngine(), CsvSetup.defaults(sectorSize),
                CsvTesting.options(mode, seed, workloads, stepsMax));
        assertTrue(result.passed(), () -> result.counterexample().orElseThrow().violation().toString());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        Stats stats = result.stats();
        System.out.printf("correct cluster engine, %s, %d-byte sectors: %,d steps, %,d power losses in workloads, "
                + "%,d crash states, %,d during recovery%n", mode, sectorSize, stats.get(Stats.Counter.STEPS),
                stats.get(Stats.Counter.EXPLICIT_CRASHES), stats.get(Stats.Counter.CRASH_STATES),
                stats.get(Stats.Counter.RECOVERY_CRASH_STATES));
        assertTrue(stats.get(Stats.Counter.STEPS) >= stepsFloor, "steps run: " + stats.get(Stats.Counter.STEPS)
                + " < floor " + stepsFloor);
        assertTrue(stats.get(Stats.Counter.EXPLICIT_CRASHES) >= powerLossesFloor, "power losses in workloads: "
                + stats.get(Stats.Counter.EXPLICIT_CRASHES) + " < floor " + powerLossesFloor);
        assertTrue(stats.get(Stats.Counter.CRASH_STATES) >= crashStatesFloor, "crash states checked: "
                + stats.get(Stats.Counter.CRASH_STATES) + " < floor " + crashStatesFloor);
        assertTrue(stats.get(Stats.Counter.RECOVERY_CRASH_STATES) > 0, "no crash during recovery checked");
        Map<Requirement, Long> checks = stats.propertyChecks();
        for (Requirement r : new Requirement[] {Requirement.CSV_1, Requirement.CSV_2, Requirement.CSV_3,
            Requirement.CSV_4, Requirement.CSV_5, Requirement.CSV_6, Requirement.CSV_7}) {
            assertTrue(checks.getOrDefault(r, 0L) > 0, r + " was never checked: " + checks);
        }
    }
}
