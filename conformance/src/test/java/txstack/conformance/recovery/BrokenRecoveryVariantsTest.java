package txstack.conformance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackPageStoreEngine;
import txstack.conformance.explorer.Counterexample;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;

/**
 * Proof that the recovery checks bite: each deliberately broken variant of the recovery layer must be caught, with
 * the failure shrunk to a few steps, within a bounded number of workloads (never a time limit).
 *
 * <p>WAL_OFF shows as REC-4: the txstack store detects a page newer than its log and refuses to open, rather than
 * return the loser's bytes. ANALYSIS_FROM_END_CHECKPOINT breaks only when a transaction logs between a checkpoint's
 * begin and end records: the workloads' "checkpoint around" steps run a client step there, as a concurrent thread
 * would. Its first counterexample is a loser whose only update was logged there: analysis never sees it, so it is
 * never undone (REC-6); with other workloads the same bug shows as a committed change redo skipped (REC-5).
 */
class BrokenRecoveryVariantsTest {

    @ParameterizedTest(name = "{0}, {1} mode")
    @CsvSource({
        "WAL_OFF,                    EXHAUSTIVE, 50,  REC-4",
        "NO_CLR,                     EXHAUSTIVE, 50,  REC-6",
        "REDO_FROM_WRONG_POINT,      EXHAUSTIVE, 100, REC-5",
        "START_PAST_NEEDED,          EXHAUSTIVE, 50,  REC-4",
        "IGNORE_CHECKPOINT_TX_TABLE, EXHAUSTIVE, 50,  REC-6",
        "ANALYSIS_FROM_END_CHECKPOINT, EXHAUSTIVE, 200, REC-6",
    })
    void isCaught(String variant, Mode mode, int workloadsMax, String property) {
        TxstackPageStoreEngine engine = TxstackPageStoreEngine.named("txstack:" + variant);
        ExplorationResult<RecoveryStep> result = RecoveryTesting.run(engine, RecoverySetup.defaults(512),
                RecoveryTesting.options(mode, 1, workloadsMax));
        assertFalse(result.passed(), variant + " was not caught in " + workloadsMax + " workloads");
        Counterexample<RecoveryStep> c = result.counterexample().orElseThrow();
        System.out.printf("%s caught (%s) in workload %d after %.1fs; shrunk from %d to %d steps%n", variant,
                c.violation().property(), c.workload(), c.foundAfter().toMillis() / 1000.0, c.originalStepCount(),
                c.shrunk().steps().size());
        if (property != null) {
            assertEquals(property, c.violation().property().id(), c.violation().summary());
        }
        assertTrue(c.shrunk().steps().size() <= Math.min(12, c.originalStepCount()),
                "not shrunk: " + c.shrunk().steps().size() + " steps");
        assertTrue(c.shrunk().trace().contains("!! " + c.violation().property()), c.shrunk().trace());
    }
}
