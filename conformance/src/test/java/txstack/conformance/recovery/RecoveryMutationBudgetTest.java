package txstack.conformance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackPageStoreEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;

/**
 * The recovery suite at a budget mutation testing can afford for every mutant ({@code ./mvnw -Pmutation verify} runs
 * this class, not {@link CorrectRecoveryConformanceTest}'s longer explorations): a few exhaustive workloads on each
 * sector size and a few random ones. It passes on the correct engine like the long runs; under PIT it shows how much
 * a small run already catches.
 */
class RecoveryMutationBudgetTest {

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors, seed {2}, {3} workloads")
    @CsvSource({
        "EXHAUSTIVE, 512,  31, 24",
        "EXHAUSTIVE, 4096, 32, 8",
        "RANDOM,     512,  33, 2",
    })
    void passesEveryProperty(Mode mode, int sectorSize, long seed, int workloads) {
        ExplorationResult<RecoveryStep> result = RecoveryTesting.run(new TxstackPageStoreEngine(),
                RecoverySetup.defaults(sectorSize), RecoveryTesting.options(mode, seed, workloads));
        assertTrue(result.passed(), () -> "violation: " + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        assertTrue(result.stats().get(Stats.Counter.CRASH_STATES) > 0, "no crash state checked");
        assertTrue(result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES) > 0, "no crash during recovery checked");
    }
}
