package txstack.conformance.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackFileSystemEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;

/**
 * The file-system suite at a budget mutation testing can afford for every mutant ({@code ./mvnw -Pmutation verify}
 * runs this class, not {@link CorrectFsConformanceTest}'s longer explorations): the first one-operation workloads on
 * each sector size and a few random ones. It passes on the correct file system like the long runs; under PIT it
 * shows how much a small run already catches.
 */
class FsMutationBudgetTest {

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors, seed {2}, {3} workloads")
    @CsvSource({
        "EXHAUSTIVE, 512,  41, 16",
        "EXHAUSTIVE, 4096, 42, 4",
        "RANDOM,     512,  43, 1",
    })
    void passesEveryProperty(Mode mode, int sectorSize, long seed, int workloads) {
        ExplorationResult<FsStep> result = FsTesting.run(new TxstackFileSystemEngine(), FsSetup.defaults(sectorSize),
                FsTesting.options(mode, seed, workloads));
        assertTrue(result.passed(), () -> "violation: " + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        assertTrue(result.stats().get(Stats.Counter.CRASH_STATES) > 0, "no crash state checked");
        assertTrue(result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES) > 0, "no crash during recovery checked");
    }
}
