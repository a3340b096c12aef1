package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;

/**
 * The oracle's side of the LFS suite at a budget mutation testing can afford: each deliberately broken variant of
 * {@link BrokenVariantsTest} run on the one workload (seed 1) the suite first catches it in, without shrinking.
 *
 * <p>{@link MutationBudgetConformanceTest} runs the correct engine, which never takes the paths a permissive oracle
 * would wrongly allow, so a mutant of the model that lets a wrong outcome through survives it. Here such a mutant lets
 * a known bug through, and fails the row. The mutation row that runs this class targets the model only: a mutant of
 * the implementation could switch a variant's bug off, and a kill of that kind would say nothing of the suite.
 *
 * <p>If the workloads change (a new step kind, a new draw), a row's workload may no longer be the first that catches
 * its variant, or may not catch it at all: {@link BrokenVariantsTest#isCaught} prints the workload each variant is
 * caught in now.
 */
class LfsOracleMutationBudgetTest {

    @ParameterizedTest(name = "{0}, {1} mode, {2}-byte sectors, workload {3}")
    @CsvSource({
        "SKIP_DEVICE_FLUSH,            EXHAUSTIVE, 512,  1",
        "SKIP_DEVICE_FLUSH,            RANDOM,     4096, 0",
        "SINGLE_RESTART_COPY,          EXHAUSTIVE, 512,  0",
        "SINGLE_RESTART_COPY,          RANDOM,     4096, 0",
        "WRAP_IGNORES_START,           EXHAUSTIVE, 512,  5",
        "WRAP_IGNORES_START,           RANDOM,     4096, 0",
        "NO_CHECKSUM_VALIDATION,       EXHAUSTIVE, 512,  0",
        "NO_CHECKSUM_VALIDATION,       RANDOM,     4096, 0",
        "NO_EPOCH,                     RANDOM,     512,  10",
        "NO_EPOCH,                     RANDOM,     4096, 102",
        "FIXED_LOG_ID,                 EXHAUSTIVE, 512,  0",
        "FIXED_LOG_ID,                 RANDOM,     4096, 0",
        "OPEN_WITHOUT_FLUSH,           RANDOM,     512,  0",
        "OPEN_WITHOUT_FLUSH,           RANDOM,     4096, 1",
        "IGNORE_FLUSH_ERRORS,          RANDOM,     512,  0",
        "IGNORE_FLUSH_ERRORS,          RANDOM,     4096, 4",
        "NO_SLACK,                     EXHAUSTIVE, 512,  105",
        "EARLY_WAKE,                   EXHAUSTIVE, 512,  14",
        "EARLY_WAKE,                   RANDOM,     4096, 0",
        "READ_ERROR_ENDS_LOG,          EXHAUSTIVE, 512,  1",
        "READ_ERROR_ENDS_LOG,          RANDOM,     4096, 0",
        "START_INSIDE_RECORD_ACCEPTED, EXHAUSTIVE, 512,  7",
        "START_INSIDE_RECORD_ACCEPTED, RANDOM,     4096, 5",
        "START_MOVES_BACK,             EXHAUSTIVE, 512,  39",
        "START_MOVES_BACK,             RANDOM,     4096, 5",
        "CLOSE_RELEASES_LOG,           EXHAUSTIVE, 512,  0",
        "CLOSE_RELEASES_LOG,           RANDOM,     4096, 1",
        "APPEND_AFTER_CLOSE,           EXHAUSTIVE, 512,  0",
        "APPEND_AFTER_CLOSE,           RANDOM,     4096, 0",
        "CALLER_ARRAYS_KEPT,           EXHAUSTIVE, 512,  6",
        "CALLER_ARRAYS_KEPT,           RANDOM,     4096, 0",
        "SCAN_READS_KEPT_TAIL,         EXHAUSTIVE, 512,  243",
        "SCAN_READS_KEPT_TAIL,         RANDOM,     4096, 0",
        "LIVE_READS_UNCHECKED,         EXHAUSTIVE, 512,  2",
        "LIVE_READS_UNCHECKED,         RANDOM,     4096, 1",
        "DAMAGE_TAKEN_FOR_TAIL,        EXHAUSTIVE, 512,  11",
        "DAMAGE_TAKEN_FOR_TAIL,        RANDOM,     4096, 0",
        "CLOSE_WITHOUT_FLUSH,          EXHAUSTIVE, 512,  0",
        "CLOSE_WITHOUT_FLUSH,          RANDOM,     4096, 1",
        "FAILED_ROUND_ACKS_WAITERS,    EXHAUSTIVE, 512,  52",
        "FAILED_ROUND_ACKS_WAITERS,    RANDOM,     4096, 0",
    })
    void isCaughtAtItsWorkload(String variant, Mode mode, int sectorSize, int workload) {
        TxstackLogEngine engine = TxstackLogEngine.named("txstack:" + variant);
        ExplorerOptions options = LfsTesting.options(mode, 1, workload + 1).toBuilder().onlyWorkload(workload)
                .shrinking(0, Duration.ZERO).build();
        ExplorationResult<LfsStep> result = LfsTesting.run(engine, LfsDevice.defaults(sectorSize), options);
        assertFalse(result.passed(), variant + " on " + sectorSize + "-byte sectors slipped past workload " + workload
                + " of seed 1 (" + mode + " mode); BrokenVariantsTest.isCaught prints the workload that catches it now");
    }
}
