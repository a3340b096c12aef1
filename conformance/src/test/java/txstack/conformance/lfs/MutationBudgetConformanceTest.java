package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;

/**
 * The LFS suite at a budget mutation testing can afford for every mutant ({@code ./mvnw -Pmutation verify} runs
 * this class, not the long explorations): a few exhaustive workloads on each sector size and a few long random
 * ones. It passes on the correct engine like the long runs; under PIT it shows how much a small run already catches.
 */
class MutationBudgetConformanceTest {

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors, seed {2}, {3} workloads")
    @CsvSource({
        "EXHAUSTIVE, 512,  11, 16",
        "EXHAUSTIVE, 4096, 12, 16",
        "RANDOM,     512,  13, 3",
    })
    void passesEveryProperty(Mode mode, int sectorSize, long seed, int workloads) {
        ExplorationResult<LfsStep> result = LfsTesting.run(new TxstackLogEngine(), LfsDevice.defaults(sectorSize),
                LfsTesting.options(mode, seed, workloads));
        assertTrue(result.passed(), () -> "violation: " + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        assertTrue(result.stats().get(Stats.Counter.CRASH_STATES) > 0, "no crash state checked");
    }
}
