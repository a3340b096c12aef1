package txstack.conformance.ktm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackTransactionEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Stats;

/**
 * txstack's transaction manager with TxF and TxR passes the transaction suite, and the suite really explores: every fixed
 * pattern with a crash at every device operation, and seeded interleavings with power losses and restarts; crash
 * states are counted and must reach a floor (about half of what these runs check today: 845 and 1,194),
 * crashes during recovery happen, every property is checked.
 */
class CorrectKtmConformanceTest {

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors, {3} workloads of up to {4} steps")
    @CsvSource({
        "EXHAUSTIVE, 512, 20261201, 12, 12, 400",
        "RANDOM,     512, 20261201, 2,  40, 500",
    })
    void passesEveryProperty(Mode mode, int sectorSize, long seed, int workloads, int stepsMax,
                             long crashStatesFloor) {
        ExplorationResult<KtmStep> result = KtmTesting.run(new TxstackTransactionEngine(),
                KtmSetup.defaults(sectorSize), KtmTesting.options(mode, seed, workloads, stepsMax));
        assertTrue(result.passed(), () -> result.counterexample().orElseThrow().violation().toString());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        long crashStates = result.stats().get(Stats.Counter.CRASH_STATES);
        System.out.printf("correct transaction engine, %s: %,d crash states, %,d during recovery%n", mode,
                crashStates, result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES));
        assertTrue(crashStates >= crashStatesFloor, "crash states checked: " + crashStates + " < floor "
                + crashStatesFloor);
        assertTrue(result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES) > 0, "no crash during recovery checked");
        Map<Requirement, Long> checks = result.stats().propertyChecks();
        for (Requirement r : new Requirement[] {Requirement.KTM_1, Requirement.KTM_5, Requirement.KTM_7}) {
            assertTrue(checks.getOrDefault(r, 0L) > 0, r + " was never checked: " + checks);
        }
    }

    /**
     * Random workload 1 of seed 7 found the first bug of TxF: after a crash during a plain append, recovery applied
     * the append's intent and deleted the intent before flushing the file, so a second crash inside that recovery
     * left the file with its new size and zeros. Recovery now flushes before it deletes an intent.
     */
    @Test
    void aCrashWhileRecoveryAppliesAnIntentLosesNothing() {
        ExplorationResult<KtmStep> result = KtmTesting.run(new TxstackTransactionEngine(), KtmSetup.defaults(512),
                KtmTesting.options(Mode.RANDOM, 7, 2, 40).toBuilder().onlyWorkload(1).build());
        assertTrue(result.passed(), () -> result.counterexample().orElseThrow().violation().toString());
    }
}
