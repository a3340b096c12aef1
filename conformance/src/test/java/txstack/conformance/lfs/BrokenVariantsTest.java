package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.explorer.Stats;
import txstack.conformance.junit.ForwardingLogEngine;
import txstack.spi.lfs.LogCapabilities;
import txstack.spi.lfs.LogEngine;
import txstack.conformance.explorer.Counterexample;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;

/**
 * Proof that the checks bite: each deliberately broken variant of the implementation must be caught, with the
 * failure shrunk to a few steps, within a bounded number of workloads (never a time limit).
 *
 * <p>NO_EPOCH needs two crashes and identical records re-logged after the first, so it is left to the random mode's
 * long workloads (found within a few dozen to a few hundred). 12-step exhaustive workloads on 512-byte sectors find
 * it too, after a few hundred workloads (30 s here): that case is kept in {@code regressions.tsv} instead of being
 * searched for again on every build.
 *
 * <p>IGNORE_FLUSH_ERRORS shows only after a device error on the live engine: the record whose write failed is missing
 * after the process crash (LFS-6), or, on 4 KiB sectors, later pages that claim it durable make recovery report
 * corruption on a state a power loss may leave (DISK-3). NO_SLACK shows only near a full log: 300 exhaustive workloads
 * pass it without the appends sized to the log-full boundary, and with them it is caught in workload 105.
 *
 * <p>EARLY_WAKE (a client waiting for a flush round returns when the round ends, whether or not it covered its
 * record) shows only with several clients: the concurrent commits catch it, and {@link
 * #earlyWakeSlipsPastSingleThreadedWorkloads} shows that nothing else does.
 *
 * <p>READ_ERROR_ENDS_LOG (recovery takes a log page that does not read for the end of the log) shows only with a
 * medium error on a durable sector: a power loss never leaves a log page unreadable, and the other unreadable-sector
 * faults hit restart copies and the last writes of a format or a recovery.
 *
 * <p>START_INSIDE_RECORD_ACCEPTED (the start may be moved into the middle of a record) shows only when a client
 * passes a wrong LSN: the calls the SPI forbids catch it, as no other step passes one. So does START_MOVES_BACK (the
 * start may be moved back to a record below it that the log still indexes), which only the advance back to such a
 * record among those calls catches: the advance to one LSN below the start, in the middle of a record for txstack,
 * is refused for that reason.
 *
 * <p>CLOSE_RELEASES_LOG (close writes a restart area that releases every record) shows only after a clean close: the
 * explorer drops the engine at every crash without closing it, and the workload's end closes it and opens the log
 * again. APPEND_AFTER_CLOSE (a closed log still takes records) shows only in the calls after that close, which must
 * each be refused. CLOSE_WITHOUT_FLUSH (close leaves the records appended since the last flush volatile) shows only
 * in the power loss after that close. FAILED_ROUND_ACKS_WAITERS (a failed flush round lets the clients that waited
 * for it return as if their records were durable) shows only in a concurrent commit whose flushes meet a device
 * error.
 *
 * <p>CALLER_ARRAYS_KEPT (reads served from the caller's own payload arrays) shows only when the client reuses an
 * array once its append returned, which the suite does with every array it passes ({@link
 * #slipsPastClientsThatNeverReuseArrays}).
 *
 * <p>SCAN_READS_KEPT_TAIL (a scan reads the tail page as open kept it, without the records appended since) shows only
 * in a scan after an open, a crash and an append to the tail page; exhaustive workloads of 12 steps come to that late.
 * LIVE_READS_UNCHECKED (reads trust the device; only recovery checks) shows only when a sector rots under the open
 * log, which the suite makes happen at each workload's end. DAMAGE_TAKEN_FOR_TAIL (a bad record ends the log even
 * where a later page says it was durable) shows only with bit rot before records a later durable write proves
 * durable.
 */
class BrokenVariantsTest {

    @ParameterizedTest(name = "{0}, {1} mode, {2}-byte sectors")
    @CsvSource({
        "SKIP_DEVICE_FLUSH,      EXHAUSTIVE, 512,  50,  LFS-6",
        "SKIP_DEVICE_FLUSH,      RANDOM,     4096, 50,  ",
        "SINGLE_RESTART_COPY,    EXHAUSTIVE, 512,  50,  LFS-2",
        "SINGLE_RESTART_COPY,    RANDOM,     4096, 50,  LFS-2",
        "WRAP_IGNORES_START,     EXHAUSTIVE, 512,  200, LFS-5",
        "WRAP_IGNORES_START,     RANDOM,     4096, 50,  LFS-5",
        "NO_CHECKSUM_VALIDATION, EXHAUSTIVE, 512,  50,  ",
        "NO_CHECKSUM_VALIDATION, RANDOM,     4096, 50,  ",
        "NO_EPOCH,               RANDOM,     512,  200, LFS-6",
        "NO_EPOCH,               RANDOM,     4096, 400, LFS-6",
        "FIXED_LOG_ID,           EXHAUSTIVE, 512,  20,  LFS-6",
        "FIXED_LOG_ID,           RANDOM,     4096, 20,  LFS-6",
        "OPEN_WITHOUT_FLUSH,     RANDOM,     512,  100, LFS-6",
        "OPEN_WITHOUT_FLUSH,     RANDOM,     4096, 100, LFS-6",
        "IGNORE_FLUSH_ERRORS,    RANDOM,     512,  100, LFS-6",
        "IGNORE_FLUSH_ERRORS,    RANDOM,     4096, 100, ",
        "NO_SLACK,               EXHAUSTIVE, 512,  200, LFS-5",
        "EARLY_WAKE,             EXHAUSTIVE, 512,  100, LFS-6",
        "EARLY_WAKE,             RANDOM,     4096, 100, LFS-6",
        "READ_ERROR_ENDS_LOG,    EXHAUSTIVE, 512,  50,  DISK-4",
        "READ_ERROR_ENDS_LOG,    RANDOM,     4096, 50,  DISK-4",
        "START_INSIDE_RECORD_ACCEPTED, EXHAUSTIVE, 512, 200, LFS-4",
        "START_INSIDE_RECORD_ACCEPTED, RANDOM,    4096, 50,  LFS-4",
        "START_MOVES_BACK,       EXHAUSTIVE, 512,  50,  LFS-4",
        "START_MOVES_BACK,       RANDOM,     4096, 50,  LFS-4",
        "CLOSE_RELEASES_LOG,     EXHAUSTIVE, 512,  20,  ",
        "CLOSE_RELEASES_LOG,     RANDOM,     4096, 10,  ",
        "APPEND_AFTER_CLOSE,     EXHAUSTIVE, 512,  20,  LFS-4",
        "APPEND_AFTER_CLOSE,     RANDOM,     4096, 10,  LFS-4",
        "CALLER_ARRAYS_KEPT,     EXHAUSTIVE, 512,  20,  LFS-4",
        "CALLER_ARRAYS_KEPT,     RANDOM,     4096, 10,  LFS-4",
        "SCAN_READS_KEPT_TAIL,   EXHAUSTIVE, 512,  300, LFS-4",
        "SCAN_READS_KEPT_TAIL,   RANDOM,     4096, 10,  LFS-4",
        "LIVE_READS_UNCHECKED,   EXHAUSTIVE, 512,  20,  DISK-4",
        "LIVE_READS_UNCHECKED,   RANDOM,     4096, 10,  DISK-4",
        "DAMAGE_TAKEN_FOR_TAIL,  EXHAUSTIVE, 512,  50,  DISK-4",
        "DAMAGE_TAKEN_FOR_TAIL,  RANDOM,     4096, 10,  DISK-4",
        "CLOSE_WITHOUT_FLUSH,    EXHAUSTIVE, 512,  20,  LFS-6",
        "CLOSE_WITHOUT_FLUSH,    RANDOM,     4096, 10,  LFS-6",
        "FAILED_ROUND_ACKS_WAITERS, EXHAUSTIVE, 512, 100, LFS-6",
        "FAILED_ROUND_ACKS_WAITERS, RANDOM,    4096, 10,  LFS-6",
    })
    void isCaught(String variant, Mode mode, int sectorSize, int workloadsMax, String property) {
        TxstackLogEngine engine = TxstackLogEngine.named("txstack:" + variant);
        ExplorationResult<LfsStep> result = LfsTesting.run(engine, LfsDevice.defaults(sectorSize),
                LfsTesting.options(mode, 1, workloadsMax));
        assertFalse(result.passed(), variant + " was not caught in " + workloadsMax + " workloads");
        Counterexample<LfsStep> c = result.counterexample().orElseThrow();
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

    /**
     * A client that never reuses an array it passed leaves an engine that keeps the array, not a copy, right: only the
     * suite's reuse of them catches CALLER_ARRAYS_KEPT, at the budgets that catch it above.
     */
    @ParameterizedTest(name = "{0}, {1} mode, {2}-byte sectors, {3} workloads")
    @CsvSource({
        "CALLER_ARRAYS_KEPT, EXHAUSTIVE, 512,  20",
        "CALLER_ARRAYS_KEPT, RANDOM,     4096, 10",
    })
    void slipsPastClientsThatNeverReuseArrays(String variant, Mode mode, int sectorSize, int workloads) {
        ExplorationResult<LfsStep> result = LfsTesting.run(TxstackLogEngine.named("txstack:" + variant),
                LfsDevice.defaults(sectorSize), LfsTesting.options(mode, 1, workloads), new LfsSuite.Checks(false));
        assertTrue(result.passed(), () -> variant + " caught without arrays reused: "
                + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        assertEquals(0, result.stats().get(Stats.Counter.LFS_ARRAYS_REUSED));
    }

    /** The same engine, claiming single-threaded clients only: no concurrent commit runs, and nothing catches it. */
    @Test
    void earlyWakeSlipsPastSingleThreadedWorkloads() {
        LogEngine singleThreaded = new ForwardingLogEngine(TxstackLogEngine.named("txstack:EARLY_WAKE")) {
            @Override
            public LogCapabilities capabilities() {
                return LogCapabilities.all();
            }
        };
        ExplorationResult<LfsStep> result = LfsTesting.run(singleThreaded, LfsDevice.defaults(512),
                LfsTesting.options(Mode.EXHAUSTIVE, 1, 100));
        assertTrue(result.passed(), () -> "caught without concurrent commits: "
                + result.counterexample().orElseThrow().violation());
        assertEquals(0, result.stats().get(Stats.Counter.CONCURRENT_COMMITS));
    }
}
