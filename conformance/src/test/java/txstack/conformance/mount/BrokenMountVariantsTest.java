package txstack.conformance.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackMountEngine;
import txstack.conformance.explorer.Counterexample;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;

/**
 * Proof that the mount checks bite: each deliberately broken variant must be caught, with the failure shrunk to a few
 * steps, within a bounded number of workloads (never a time limit).
 */
class BrokenMountVariantsTest {

    /**
     * Each variant against the fixed pattern made for what it breaks (all of them run in every exhaustive run; one
     * here keeps the test short), with a crash at every device operation. Shrinking is held to 4 runs: each run
     * sweeps every crash point again, and the trace must still show the violation.
     */
    @ParameterizedTest(name = "{0}, pattern {1}")
    @CsvSource({
        "DATABASE_OUTSIDE_TRANSACTION,      0, MNT-1",
        "POINT_REMOVED_BEFORE_DATA_DURABLE, 3, MNT-7",
        "UNBOUNDED_REPARSES,                6, MNT-6",
        "ABSENT_VOLUMES_LETTER_REUSED,      1, MNT-3",
        "EMPTY_BEFORE_COPY,                 3, MNT-7",
        "DELETE_COPY_FIRST,                 3, MNT-7",
    })
    void isCaught(String variant, int pattern, String property) {
        TxstackMountEngine engine = TxstackMountEngine.named("txstack:" + variant);
        ExplorationResult<MountStep> result = MountTesting.run(engine, MountSetup.defaults(512),
                MountTesting.options(Mode.EXHAUSTIVE, 1, MountSuite.patternCount(), 12).toBuilder()
                        .onlyWorkload(pattern).shrinking(4, Duration.ofMinutes(2)).build());
        assertFalse(result.passed(), variant + " was not caught by pattern " + pattern);
        Counterexample<MountStep> c = result.counterexample().orElseThrow();
        assertEquals(property, c.violation().property().id(), c.violation().summary());
        assertTrue(c.shrunk().steps().size() <= c.originalStepCount(), "not shrunk");
        assertTrue(c.shrunk().trace().contains("!! " + c.violation().property()), c.shrunk().trace());
    }

    @Test
    void everyVariantIsTested() {
        assertEquals(List.of("txstack", "txstack:DATABASE_OUTSIDE_TRANSACTION",
                "txstack:POINT_REMOVED_BEFORE_DATA_DURABLE", "txstack:UNBOUNDED_REPARSES",
                "txstack:ABSENT_VOLUMES_LETTER_REUSED", "txstack:EMPTY_BEFORE_COPY", "txstack:DELETE_COPY_FIRST"),
                TxstackMountEngine.names());
    }
}
