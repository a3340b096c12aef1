package txstack.conformance.ktm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackTransactionEngine;
import txstack.conformance.explorer.Counterexample;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;

/**
 * Proof that the transaction checks bite: each deliberately broken variant must be caught, with the failure shrunk
 * to a few steps, within a bounded number of workloads (never a time limit).
 */
class BrokenKtmVariantsTest {

    @ParameterizedTest(name = "{0}, {1} mode")
    @CsvSource({
        "COMMIT_BEFORE_PREPARED,      EXHAUSTIVE, 12, KTM-1",
        "DECISION_NOT_FORCED,         EXHAUSTIVE, 12, KTM-1",
        "FORGET_EARLY,                EXHAUSTIVE, 12, KTM-1",
        "APPLY_WITHOUT_INTENT,        EXHAUSTIVE, 12, KTM-1",
        "FORGET_PREPARED_AT_RECOVERY, EXHAUSTIVE, 12, KTM-1",
        "APPLY_AT_PREPARE,            EXHAUSTIVE, 12, KTM-1",
        "VOTE_IGNORED,                EXHAUSTIVE, 15, KTM-4",
    })
    void isCaught(String variant, Mode mode, int workloadsMax, String property) {
        TxstackTransactionEngine engine = TxstackTransactionEngine.named("txstack:" + variant);
        ExplorationResult<KtmStep> result = KtmTesting.run(engine, KtmSetup.defaults(512),
                KtmTesting.options(mode, 1, workloadsMax, 12));
        assertFalse(result.passed(), variant + " was not caught in " + workloadsMax + " workloads");
        Counterexample<KtmStep> c = result.counterexample().orElseThrow();
        assertEquals(property, c.violation().property().id(), c.violation().summary());
        assertTrue(c.shrunk().steps().size() <= c.originalStepCount(), "not shrunk");
        assertTrue(c.shrunk().trace().contains("!! " + c.violation().property()), c.shrunk().trace());
    }

    @Test
    void everyVariantIsTested() {
        assertEquals(List.of("txstack", "txstack:COMMIT_BEFORE_PREPARED", "txstack:DECISION_NOT_FORCED",
                "txstack:FORGET_EARLY", "txstack:VOTE_IGNORED", "txstack:APPLY_WITHOUT_INTENT", "txstack:FORGET_PREPARED_AT_RECOVERY",
                "txstack:APPLY_AT_PREPARE"),
                TxstackTransactionEngine.names());
    }
}
