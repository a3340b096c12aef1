package txstack.conformance.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackMountEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.ImagePolicy;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;

/**
 * The mount suite at a budget mutation testing can afford for every mutant ({@code ./mvnw -Pmutation verify} runs
 * this class, not {@link CorrectMountConformanceTest}'s longer explorations): every fixed pattern on 4096-byte
 * sectors, every crash point of them but fewer crash images per point and no crash inside recovery, and one random
 * sequence with crashes inside recovery too. It passes on the correct engine like the long runs; under PIT it shows
 * how much a small run already catches in the mount manager, its paths and HSM.
 */
class MountMutationBudgetTest {

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors, seed {2}, {3} workloads of up to {4} steps, {5} recovery "
            + "sweeps")
    @CsvSource({
        "EXHAUSTIVE, 4096, 61, 7, 14, 0",
        "RANDOM,     512,  62, 2, 30, 1",
    })
    void passesEveryProperty(Mode mode, int sectorSize, long seed, int workloads, int stepsMax, int sweeps) {
        ExplorationResult<MountStep> result = MountTesting.run(new TxstackMountEngine(),
                MountSetup.defaults(sectorSize), MountTesting.options(mode, seed, workloads, stepsMax).toBuilder()
                        .images(new ImagePolicy(4, 2)).recoveryImages(new ImagePolicy(2, 1))
                        .recoverySweepsPerPoint(sweeps).build());
        assertTrue(result.passed(), () -> "violation: " + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        assertTrue(result.stats().get(Stats.Counter.CRASH_STATES) > 0, "no crash state checked");
        assertTrue(sweeps == 0 || result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES) > 0,
                "no crash during recovery checked");
    }
}
