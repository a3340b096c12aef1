package txstack.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.spec.LfsTraces.Obs;
import txstack.spec.LfsTraces.RestartOutcome;
import txstack.spec.LfsTraces.Step;

/**
 * LfsTrace.tla accepts hand-written behaviours of Lfs and rejects traces that are not, pointing at the first
 * step no Lfs step matches. N = 3 slots throughout: LSN l lives in slot l % 3.
 */
class LfsTraceTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final Tlc TLC = new Tlc();

    private static Obs up(long next, long flushed, long start, long rsStart, int rsData) {
        return new Obs(next, flushed, start, rsStart, rsData, true);
    }

    private static Obs down(long next, long flushed, long start, long rsStart, int rsData) {
        return new Obs(next, flushed, start, rsStart, rsData, false);
    }

    /** Appends, flushes, moves the start, writes the restart area, then reuses the slot freed by the start. */
    private static final List<Step> NORMAL = List.of(
            new Step.Append(up(2, 0, 1, 1, 0)),
            new Step.Append(up(3, 0, 1, 1, 0)),
            new Step.Flush(1, up(3, 1, 1, 1, 0)),
            new Step.AdvanceStart(2, up(3, 1, 2, 1, 0)),
            new Step.BeginWriteRestart(1, up(3, 1, 2, 1, 0)),
            new Step.CompleteWriteRestart(up(3, 1, 2, 2, 1)),
            new Step.Append(up(4, 1, 2, 2, 1)),
            new Step.Append(up(5, 1, 2, 2, 1)),
            new Step.Flush(4, up(5, 4, 2, 2, 1)));

    /**
     * LSN 2 reaches the disk but LSN 1 does not: recovery ends at 1. The next incarnation appends LSN 1 again and it
     * reaches the disk; the stale LSN 2 of the dead incarnation follows it but has an older epoch, so recovery
     * ends at 2. (Without epochs it would end at 3: see STALE_PAGE_READ.)
     */
    private static final List<Step> STALE_PAGE = List.of(
            new Step.Append(up(2, 0, 1, 1, 0)),
            new Step.Append(up(3, 0, 1, 1, 0)),
            new Step.Crash(Set.of(2L), RestartOutcome.NONE, down(3, 0, 1, 1, 0)),
            new Step.Recover(up(1, 0, 1, 1, 0)),
            new Step.Append(up(2, 0, 1, 1, 0)),
            new Step.Crash(Set.of(1L), RestartOutcome.NONE, down(2, 0, 1, 1, 0)),
            new Step.Recover(up(2, 1, 1, 1, 0)));

    /** A restart write that lands whole at a crash, then one that tears: recovery reads the newest whole one. */
    private static final List<Step> RESTART_AT_CRASH = List.of(
            new Step.Append(up(2, 0, 1, 1, 0)),
            new Step.Append(up(3, 0, 1, 1, 0)),
            new Step.Flush(2, up(3, 2, 1, 1, 0)),
            new Step.AdvanceStart(3, up(3, 2, 3, 1, 0)),
            new Step.BeginWriteRestart(2, up(3, 2, 3, 1, 0)),
            new Step.Crash(Set.of(), RestartOutcome.NEW, down(3, 2, 3, 1, 0)),
            new Step.Recover(up(3, 2, 3, 3, 2)),
            new Step.Append(up(4, 2, 3, 3, 2)),
            new Step.BeginWriteRestart(1, up(4, 2, 3, 3, 2)),
            new Step.Crash(Set.of(3L), RestartOutcome.TORN, down(4, 2, 3, 3, 2)),
            new Step.Recover(up(4, 3, 3, 3, 2)));

    /**
     * An append and a flush while a restart write is in flight, reads forward and backward (LSN 4 reuses slot 1), a
     * crash with a write in flight that persists LSN 4 but not 3 (4 stays behind the recovered end, with an older
     * epoch), and a later recovery that stops at it.
     */
    private static final List<Step> IN_FLIGHT_AND_READS = List.of(
            new Step.Append(up(2, 0, 1, 1, 0)),
            new Step.Append(up(3, 0, 1, 1, 0)),
            new Step.AdvanceStart(2, up(3, 0, 2, 1, 0)),
            new Step.BeginWriteRestart(1, up(3, 0, 2, 1, 0)),
            new Step.Flush(2, up(3, 2, 2, 1, 0)),
            new Step.Append(up(4, 2, 2, 1, 0)),
            new Step.CompleteWriteRestart(up(4, 2, 2, 2, 1)),
            new Step.ReadForward(2, 5, List.of(2L, 3L), up(4, 2, 2, 2, 1)),
            new Step.ReadBackward(3, 1, List.of(3L), up(4, 2, 2, 2, 1)),
            new Step.AdvanceStart(3, up(4, 2, 3, 2, 1)),
            new Step.BeginWriteRestart(2, up(4, 2, 3, 2, 1)),
            new Step.Append(up(5, 2, 3, 2, 1)),
            new Step.ReadBackward(4, 9, List.of(4L, 3L), up(5, 2, 3, 2, 1)),
            new Step.Crash(Set.of(4L), RestartOutcome.NEW, down(5, 2, 3, 2, 1)),
            new Step.Recover(up(3, 2, 3, 3, 2)),
            new Step.ReadForward(3, 2, List.of(), up(3, 2, 3, 3, 2)),
            new Step.Append(up(4, 2, 3, 3, 2)),
            new Step.Crash(Set.of(3L), RestartOutcome.NONE, down(4, 2, 3, 3, 2)),
            new Step.Recover(up(4, 3, 3, 3, 2)),
            new Step.ReadForward(3, 2, List.of(3L), up(4, 3, 3, 3, 2)));

    private static TlcResult check(List<List<Step>> traces) {
        return LfsTraces.check(TLC, LfsTraces.Constants.covering(3, Set.of(1, 2), traces), traces, TIMEOUT);
    }

    private static void assertRejectedAt(List<Step> trace, int step) {
        TlcResult result = check(List.of(NORMAL, trace));
        assertEquals("deadlock", result.verdict(), result::output);
        assertEquals(Optional.of(new LfsTraces.Rejection(2, step)), LfsTraces.rejection(result), result::output);
    }

    @Test
    void behavioursOfTheSpecAreAccepted() {
        TlcResult result = check(List.of(NORMAL, STALE_PAGE, RESTART_AT_CRASH));
        assertEquals("pass", result.verdict(), result::output);
        assertEquals(Optional.empty(), LfsTraces.rejection(result));
    }

    @Test
    void appendsDuringARestartWriteAndReadsAreAccepted() {
        TlcResult result = check(List.of(IN_FLIGHT_AND_READS));
        assertEquals("pass", result.verdict(), result::output);
    }

    @Test
    void aReadOfTheWrongRecordsIsRejected() {
        List<Step> wrong = new java.util.ArrayList<>(IN_FLIGHT_AND_READS.subList(0, 12));
        wrong.add(new Step.ReadBackward(4, 9, List.of(4L), up(5, 2, 3, 2, 1)));
        assertRejectedAt(wrong, 13);
    }

    @Test
    void crashPointsReportEveryRecoveryTheSpecAllows() {
        List<List<Step>> traces = List.of(STALE_PAGE, RESTART_AT_CRASH, IN_FLIGHT_AND_READS);
        List<LfsTraces.CrashPoint> points = List.of(new LfsTraces.CrashPoint(1, 3),
                new LfsTraces.CrashPoint(2, 6), new LfsTraces.CrashPoint(3, 14), new LfsTraces.CrashPoint(3, 21));
        LfsTraces.Result result = LfsTraces.check(TLC, LfsTraces.Constants.covering(3, Set.of(1, 2), traces),
                traces, points, TIMEOUT);
        assertEquals("pass", result.tlc().verdict(), result.tlc()::output);
        assertEquals(Set.of(up(1, 0, 1, 1, 0), up(2, 1, 1, 1, 0), up(3, 2, 1, 1, 0)), result.outcomes().get(1),
                "before the crash of STALE_PAGE: any prefix of 1, 2");
        assertEquals(Set.of(up(3, 2, 1, 1, 0), up(3, 2, 3, 3, 2)), result.outcomes().get(2),
                "a restart write in flight: the old area or the new one");
        assertEquals(Set.of(up(3, 2, 2, 2, 1), up(4, 3, 2, 2, 1), up(5, 4, 2, 2, 1),
                up(3, 2, 3, 3, 2), up(4, 3, 3, 3, 2), up(5, 4, 3, 3, 2)),
                result.outcomes().get(3), "a write in flight and two pending records");
        assertEquals(Set.of(up(4, 3, 3, 3, 2)), result.outcomes().get(4), "nothing pending at the end");
        List<Set<Obs>> wrongModel = List.of(result.outcomes().get(1), result.outcomes().get(2),
                result.outcomes().get(3), Set.of(up(4, 3, 3, 3, 2), up(3, 2, 3, 3, 2)));
        assertEquals(1, LfsTraces.differences(points, wrongModel, result.outcomes()).size());
    }

    @Test
    void recoveryClaimingARecordThatNeverReachedTheDiskIsRejected() {
        assertRejectedAt(List.of(
                new Step.Append(up(2, 0, 1, 1, 0)),
                new Step.Append(up(3, 0, 1, 1, 0)),
                new Step.Flush(1, up(3, 1, 1, 1, 0)),
                new Step.Crash(Set.of(), RestartOutcome.NONE, down(3, 1, 1, 1, 0)),
                new Step.Recover(up(3, 2, 1, 1, 0))), 5);
    }

    @Test
    void flushOfAnLsnNeverAppendedIsRejected() {
        assertRejectedAt(List.of(
                new Step.Append(up(2, 0, 1, 1, 0)),
                new Step.Flush(5, up(2, 5, 1, 1, 0))), 2);
    }

    @Test
    void recoveryThatReadsAStalePageIsRejected() {
        List<Step> staleRead = new java.util.ArrayList<>(STALE_PAGE.subList(0, 6));
        staleRead.add(new Step.Recover(up(3, 2, 1, 1, 0)));
        assertRejectedAt(staleRead, 7);
    }

    @Test
    void aCrashOutcomePersistingAPageThatWasNotPendingIsRejected() {
        assertRejectedAt(List.of(
                new Step.Append(up(2, 0, 1, 1, 0)),
                new Step.Crash(Set.of(2L), RestartOutcome.NONE, down(2, 0, 1, 1, 0))), 2);
    }

    @Test
    void theModuleTextHasTheDocumentedShape() {
        String text = LfsTraces.module(new LfsTraces.Constants(3, 4, 1, Set.of(2, 1)), List.of(List.of(
                new Step.Crash(Set.of(3L, 2L), RestartOutcome.TORN, down(4, 1, 1, 1, 0)))));
        assertEquals("""
                ---- MODULE LfsTraces ----
                \\* Generated by txstack.spec.LfsTraces: the input of LfsTrace.tla (see spec/README.md).
                EXTENDS Naturals
                TraceN == 3
                TraceMaxLsn == 4
                TraceMaxCrashes == 1
                TraceData == {1, 2}
                Traces == <<
                  <<
                    [op |-> "Crash", arg |-> [lsns |-> {2, 3}, restart |-> "torn"], obs |-> [nextLsn |-> 4, \
                flushedLsn |-> 1, startLsn |-> 1, rsStart |-> 1, rsData |-> 0, up |-> FALSE]]
                  >>
                >>
                CrashPoints == <<>>
                ====
                """, text);
    }
}
