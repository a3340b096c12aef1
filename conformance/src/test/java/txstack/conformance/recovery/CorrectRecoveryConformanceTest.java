package txstack.conformance.recovery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackPageStoreEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Stats;

/**
 * The txstack recovery layer passes the recovery suite, and the suite really explores: crash states are counted and
 * must reach a floor (about half of what these runs check today), crashes during recovery and power-loss steps
 * happen, and every property is checked.
 */
class CorrectRecoveryConformanceTest {

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors, {3} workloads")
    @CsvSource({
        "EXHAUSTIVE, 512,  20261121, 150, 4000",
        "EXHAUSTIVE, 4096, 20261121, 60,  500",
        "RANDOM,     512,  20261121, 12,  2000",
    })
    void passesEveryProperty(Mode mode, int sectorSize, long seed, int workloads, long crashStatesFloor) {
        ExplorationResult<RecoveryStep> result = RecoveryTesting.run(new TxstackPageStoreEngine(),
                RecoverySetup.defaults(sectorSize), RecoveryTesting.options(mode, seed, workloads));
        assertTrue(result.passed(), () -> result.counterexample().orElseThrow().violation().toString());
        long crashStates = result.stats().get(Stats.Counter.CRASH_STATES);
        System.out.printf("correct recovery engine, %s %d: %,d crash states, %,d during recovery, %,d recoveries%n",
                mode, sectorSize, crashStates, result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES),
                result.stats().get(Stats.Counter.RECOVERIES));
        assertTrue(crashStates >= crashStatesFloor, "crash states checked: " + crashStates + " < floor "
                + crashStatesFloor);
        assertTrue(result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES) > 0, "no crash during recovery checked");
        assertTrue(result.stats().get(Stats.Counter.EXPLICIT_CRASHES) > 0, "no workload lost power in a step");
        Map<Requirement, Long> checks = result.stats().propertyChecks();
        for (Requirement r : new Requirement[] {Requirement.REC_2, Requirement.REC_5, Requirement.REC_6}) {
            assertTrue(checks.getOrDefault(r, 0L) > 0, r + " was never checked: " + checks);
        }
    }
}
