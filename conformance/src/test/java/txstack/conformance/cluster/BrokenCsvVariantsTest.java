package txstack.conformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackClusterEngine;
import txstack.conformance.explorer.Counterexample;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;

/**
 * Proof that the CSV checks bite: each deliberately broken variant must be caught, with the failure shrunk to a few
 * steps, by the fixed pattern made for what it breaks, and also by seeded random workloads alone (bounded by a
 * workload count, never a time limit).
 */
class BrokenCsvVariantsTest {

    @ParameterizedTest(name = "{0}, pattern {1}")
    @CsvSource({
        "DISK_IGNORES_EPOCH,        1, CSV-6, 3",
        "MIGRATE_WITHOUT_FLUSH,     0, CSV-5, 2",
        "NO_DEDUP,                  2, CSV-3, 3",
        "ACK_REFUSED_WRITE,         1, CSV-6, 3",
        "FAILOVER_WITHOUT_RECOVERY, 3, CSV-7, 6",
        "LOG_IGNORES_TERM,          4, CSV-1, 3",
    })
    void isCaughtByItsPattern(String variant, int pattern, String property, int shrunkStepsMax) {
        TxstackClusterEngine engine = TxstackClusterEngine.named("txstack:" + variant);
        ExplorationResult<CsvStep> result = CsvTesting.run(engine, CsvSetup.defaults(512),
                CsvTesting.options(Mode.EXHAUSTIVE, 1, CsvSuite.patternCount(), 20).toBuilder()
                        .onlyWorkload(pattern).shrinking(40, Duration.ofMinutes(2)).build());
        assertFalse(result.passed(), variant + " was not caught by pattern " + pattern);
        Counterexample<CsvStep> c = result.counterexample().orElseThrow();
        assertEquals(property, c.violation().property().id(), c.violation().summary());
        assertTrue(c.shrunk().steps().size() <= shrunkStepsMax, "not shrunk to " + shrunkStepsMax + " steps: "
                + c.shrunk().trace());
        assertTrue(c.shrunk().trace().contains("!! " + c.violation().property()), c.shrunk().trace());
    }

    /** Without the patterns: seeded sequences of every event find each variant too, within 40 workloads. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"DISK_IGNORES_EPOCH", "MIGRATE_WITHOUT_FLUSH", "NO_DEDUP", "ACK_REFUSED_WRITE",
        "FAILOVER_WITHOUT_RECOVERY", "LOG_IGNORES_TERM"})
    void isCaughtByRandomWorkloads(String variant) {
        TxstackClusterEngine engine = TxstackClusterEngine.named("txstack:" + variant);
        ExplorationResult<CsvStep> result = CsvTesting.run(engine, CsvSetup.defaults(512),
                CsvTesting.options(Mode.RANDOM, 20261204, 40, 40).toBuilder().shrinking(20, Duration.ofMinutes(2))
                        .build());
        assertFalse(result.passed(), variant + " was not caught by 40 random workloads");
    }

    @Test
    void everyVariantIsTested() {
        assertEquals(List.of("txstack", "txstack:DISK_IGNORES_EPOCH", "txstack:MIGRATE_WITHOUT_FLUSH",
                "txstack:NO_DEDUP", "txstack:ACK_REFUSED_WRITE", "txstack:FAILOVER_WITHOUT_RECOVERY",
                "txstack:LOG_IGNORES_TERM"), TxstackClusterEngine.names());
    }
}
