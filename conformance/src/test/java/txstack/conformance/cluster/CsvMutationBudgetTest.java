package txstack.conformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackClusterEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.ImagePolicy;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;

/**
 * The CSV suite at a budget mutation testing can afford for every mutant ({@code ./mvnw -Pmutation verify} runs
 * this class, not {@link CorrectCsvConformanceTest}'s longer explorations): every fixed pattern with fewer crash
 * images per point and no crash inside recovery, and a few random sequences with crashes inside recovery too. It
 * passes on the correct engine like the long runs; under PIT it shows how much a small run catches in the cluster
 * layer (its in-process part: the TCP binding is the implementation's own tests').
 */
class CsvMutationBudgetTest {

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors, seed {2}, {3} workloads of up to {4} steps, {5} recovery "
            + "sweeps")
    @CsvSource({
        "EXHAUSTIVE, 512, 71, 7,  14, 0",
        "RANDOM,     512, 72, 12, 40, 1",
    })
    void passesEveryProperty(Mode mode, int sectorSize, long seed, int workloads, int stepsMax, int sweeps) {
        ExplorationResult<CsvStep> result = CsvTesting.run(new TxstackClusterEngine(), CsvSetup.defaults(sectorSize),
                CsvTesting.options(mode, seed, workloads, stepsMax).toBuilder()
                        .images(new ImagePolicy(4, 2)).recoveryImages(new ImagePolicy(2, 1))
                        .recoverySweepsPerPoint(sweeps).build());
        assertTrue(result.passed(), () -> "violation: " + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        assertTrue(result.stats().get(Stats.Counter.CRASH_STATES) > 0, "no crash state checked");
        assertTrue(sweeps == 0 || result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES) > 0,
                "no crash during recovery checked");
    }
}
