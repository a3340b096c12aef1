package txstack.model.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.model.Bytes;
import txstack.model.ModelException;

class LogStateTest {

    private static final LogBounds GEOMETRY = new LogBounds(100, 10, 5, 50, 16);

    private static Bytes bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return Bytes.of(out);
    }

    private static LogState threeRecords() {
        return LogState.formatted(GEOMETRY).append(bytes(1)).append(bytes(2)).append(bytes(3));
    }

    @Test
    void appendsGetConsecutiveLsnsFromOne() {
        LogState s = threeRecords();
        assertEquals(4, s.nextLsn());
        assertEquals(List.of(1L, 2L, 3L), s.records().stream().map(Record::lsn).toList());
        assertEquals(bytes(2), s.readForward(2, 1).get(0).payload());
    }

    @Test
    void readsForwardAndBackwardWithinTheStart() {
        LogState s = threeRecords().advanceStart(2);
        assertEquals(List.of(2L, 3L), s.readForward(2, 10).stream().map(Record::lsn).toList());
        assertEquals(List.of(3L, 2L), s.readBackward(3, 10).stream().map(Record::lsn).toList());
        assertEquals(List.of(3L), s.readBackward(3, 1).stream().map(Record::lsn).toList());
        assertTrue(s.readForward(4, 10).isEmpty());
        assertThrows(ModelException.class, () -> s.readForward(1, 10));
        assertThrows(ModelException.class, () -> s.readBackward(4, 10));
    }

    @Test
    void spaceIsFreedOnlyByARestartWriteNotByAdvancingTheStart() {
        // capacity 100, overhead 10: records of 40 bytes cost 50; two fill the log exactly.
        LogState s = LogState.formatted(GEOMETRY).append(Bytes.of(new byte[40])).append(Bytes.of(new byte[40]));
        assertFalse(s.mayAppend(0));
        LogState advanced = s.advanceStart(3);
        assertFalse(advanced.mayAppend(0), "LFS-5: the durable start has not moved");
        LogState written = advanced.writeRestartArea(bytes(9));
        assertTrue(written.mustAppend(40));
        assertTrue(written.records().isEmpty());
        assertEquals(new Restart(3, bytes(9)), written.readRestartArea());
    }

    @Test
    void mayAndMustDifferBySlack() {
        LogState s = LogState.formatted(GEOMETRY).append(Bytes.of(new byte[40]));
        // live 50; a 38-byte record costs 48: 98 <= 100 (may) but > 95 (not must).
        assertTrue(s.mayAppend(38));
        assertFalse(s.mustAppend(38));
        assertTrue(s.mustAppend(35));
        assertThrows(ModelException.class, () -> s.append(Bytes.of(new byte[41])));
    }

    @Test
    void preconditionsAreChecked() {
        LogState s = threeRecords();
        assertThrows(ModelException.class, () -> s.flush(4));
        assertThrows(ModelException.class, () -> s.flush(0));
        assertThrows(ModelException.class, () -> s.advanceStart(5));
        assertThrows(ModelException.class, () -> s.advanceStart(2).advanceStart(1));
        assertThrows(ModelException.class, () -> s.append(Bytes.of(new byte[51])));
        assertThrows(ModelException.class, () -> s.writeRestartArea(Bytes.of(new byte[17])));
        assertThrows(ModelException.class, s::completeWriteRestart);
        assertThrows(ModelException.class, () -> s.beginWriteRestart(bytes(1)).advanceStart(2));
        assertThrows(ModelException.class, () -> s.beginWriteRestart(bytes(1)).beginWriteRestart(bytes(2)));
    }

    @Test
    void appendAndFlushMayRunWhileARestartWriteIsInFlight() {
        LogState s = threeRecords().advanceStart(3).beginWriteRestart(bytes(7)).append(bytes(4)).flush(4);
        assertEquals(5, s.nextLsn());
        assertEquals(4, s.flushedLsn());
        assertEquals(4, s.records().size(), "space is still bounded by the durable start, 1");
        LogState done = s.completeWriteRestart();
        assertEquals(new Restart(3, bytes(7)), done.restart());
        assertEquals(List.of(3L, 4L), done.records().stream().map(Record::lsn).toList());
        List<LogState> outcomes = s.crash().recoveries();
        assertEquals(List.of(5L, 5L), outcomes.stream().map(LogState::nextLsn).toList(), "both areas, record 4 kept");
    }

    @Test
    void flushIsMonotone() {
        LogState s = threeRecords().flush(2).flush(1);
        assertEquals(2, s.flushedLsn());
    }

    @Test
    void crashKeepsEveryFlushedRecordAndAnyPrefixBeyond() {
        LogState s = threeRecords().flush(1);
        List<LogState> outcomes = s.crash().recoveries();
        assertEquals(List.of(2L, 3L, 4L), outcomes.stream().map(LogState::nextLsn).toList());
        for (LogState o : outcomes) {
            assertEquals(o.nextLsn() - 1, o.flushedLsn());
            assertEquals(Restart.INITIAL, o.restart());
            assertEquals(s.records().subList(0, (int) o.nextLsn() - 1), o.records());
        }
    }

    @Test
    void crashDuringAppendMayKeepTheNewRecord() {
        LogState s = threeRecords().flush(3);
        List<LogState> outcomes = s.crashDuring(new Operation.Append(bytes(4))).recoveries();
        assertEquals(List.of(4L, 5L), outcomes.stream().map(LogState::nextLsn).toList());
        assertEquals(bytes(4), outcomes.get(1).records().get(3).payload());
    }

    @Test
    void crashDuringAppendThatCannotFitWritesNothing() {
        LogState full = LogState.formatted(GEOMETRY).append(Bytes.of(new byte[40])).append(Bytes.of(new byte[40]))
                .flush(2);
        List<LogState> outcomes = full.crashDuring(new Operation.Append(bytes(1))).recoveries();
        assertEquals(List.of(3L), outcomes.stream().map(LogState::nextLsn).toList());
    }

    @Test
    void crashDuringRestartWriteRecoversTheOldOrTheNewArea() {
        LogState s = threeRecords().flush(3).advanceStart(3);
        List<LogState> outcomes = s.crashDuring(new Operation.WriteRestartArea(bytes(7))).recoveries();
        assertEquals(2, outcomes.size());
        assertEquals(Restart.INITIAL, outcomes.get(0).restart());
        assertEquals(1, outcomes.get(0).startLsn());
        assertEquals(3, outcomes.get(0).records().size(), "the old start still needs records 1 and 2");
        assertEquals(new Restart(3, bytes(7)), outcomes.get(1).restart());
        assertEquals(3, outcomes.get(1).startLsn());
        assertEquals(1, outcomes.get(1).records().size());
    }

    @Test
    void recoverAcceptsOnlyAllowedStates() {
        LogState s = threeRecords().flush(2);
        CrashedLog crashed = s.crash();
        LogState lostFlushed = new LogState(GEOMETRY, 2, 1, 1, Restart.INITIAL, Optional.empty(),
                s.records().subList(0, 1));
        assertTrue(crashed.recover(lostFlushed).isEmpty(), "LFS-6: record 2 was flushed");
        LogState garbage = new LogState(GEOMETRY, 3, 2, 1, Restart.INITIAL, Optional.empty(),
                List.of(s.records().get(0), new Record(2, bytes(9))));
        assertTrue(crashed.recover(garbage).isEmpty(), "LFS-6: a record that was never written");
        LogState good = new LogState(GEOMETRY, 3, 2, 1, Restart.INITIAL, Optional.empty(),
                s.records().subList(0, 2));
        assertEquals(Optional.of(good), crashed.recover(good));
    }

    @Test
    void aCrashOutcomeDeterminesTheRecovery() {
        LogState s = threeRecords().flush(1);
        CrashedLog crashed = s.crash();
        assertEquals(2, crashed.recover(Set.of(), RestartOutcome.NONE).nextLsn());
        assertEquals(3, crashed.recover(Set.of(2L), RestartOutcome.NONE).nextLsn());
        assertEquals(2, crashed.recover(Set.of(3L), RestartOutcome.NONE).nextLsn(), "3 stays behind the end");
        assertEquals(4, crashed.recover(Set.of(2L, 3L), RestartOutcome.NONE).nextLsn());
        assertThrows(ModelException.class, () -> crashed.recover(Set.of(1L), RestartOutcome.NONE));
        assertThrows(ModelException.class, () -> crashed.recover(Set.of(), RestartOutcome.NEW));

        LogState writing = s.advanceStart(3).beginWriteRestart(bytes(7));
        CrashedLog during = writing.crash();
        assertEquals(new Restart(3, bytes(7)), during.recover(Set.of(), RestartOutcome.NEW).restart());
        assertEquals(3, during.recover(Set.of(), RestartOutcome.NEW).nextLsn(), "the scan starts at 3");
        assertEquals(Restart.INITIAL, during.recover(Set.of(2L), RestartOutcome.TORN).restart());
        assertEquals(3, during.recover(Set.of(2L), RestartOutcome.OLD).nextLsn());
        assertThrows(ModelException.class, () -> during.recover(Set.of(), RestartOutcome.NONE));
    }

    @Test
    void everyCrashOutcomeRecoversToAnAllowedStateAndEveryAllowedStateHasOne() {
        LogState s = threeRecords().flush(1).advanceStart(2).beginWriteRestart(bytes(7)).append(bytes(4));
        CrashedLog crashed = s.crash();
        Set<LogState> reached = new HashSet<>();
        List<Long> pending = List.of(2L, 3L, 4L);
        for (int mask = 0; mask < 1 << pending.size(); mask++) {
            Set<Long> persisted = new HashSet<>();
            for (int i = 0; i < pending.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    persisted.add(pending.get(i));
                }
            }
            for (RestartOutcome r : List.of(RestartOutcome.OLD, RestartOutcome.NEW, RestartOutcome.TORN)) {
                reached.add(crashed.recover(persisted, r));
            }
        }
        assertEquals(Set.copyOf(crashed.recoveries()), reached);
    }

    @Test
    void crashDuringRecoveryIsRejectedHere() {
        assertThrows(ModelException.class, () -> threeRecords().crashDuring(new Operation.Recover()));
    }

    @Test
    void statesRejectGapsAndDisorder() {
        assertThrows(ModelException.class, () -> new LogState(GEOMETRY, 3, 0, 1, Restart.INITIAL,
                Optional.empty(), List.of(new Record(1, bytes()), new Record(3, bytes()))));
        assertThrows(ModelException.class, () -> new LogState(GEOMETRY, 1, 1, 1, Restart.INITIAL,
                Optional.empty(), List.of()));
        assertThrows(ModelException.class, () -> new LogBounds(10, 1, 10, 1, 1));
    }

    @Test
    void bytesCompareByContentAndPrintShortly() {
        assertEquals(bytes(1, 2), Bytes.of(new byte[] {1, 2}));
        assertEquals("0102(2 bytes)", bytes(1, 2).toString());
        assertTrue(Bytes.of(new byte[40]).toString().endsWith("..(40 bytes)"));
        byte[] source = {5};
        Bytes b = Bytes.of(source);
        source[0] = 6;
        assertEquals(5, b.toArray()[0], "defensive copy");
    }

    /** Each call's range at its edges: the last LSN in range taken, the first one out refused. */
    @Test
    void callsAreTakenAtTheEdgesOfTheirRanges() {
        LogState s = threeRecords().advanceStart(2);
        assertEquals(1, s.flush(1).flushedLsn());
        assertEquals(3, s.flush(3).flushedLsn());
        assertThrows(ModelException.class, () -> s.flush(0));
        assertThrows(ModelException.class, () -> s.flush(4));
        assertEquals(2, s.advanceStart(2).startLsn());
        assertEquals(4, s.advanceStart(4).startLsn());
        assertThrows(ModelException.class, () -> s.advanceStart(1));
        assertThrows(ModelException.class, () -> s.advanceStart(5));
        assertEquals(List.of(2L), s.readForward(2, 1).stream().map(Record::lsn).toList());
        assertTrue(s.readForward(2, 0).isEmpty());
        assertTrue(s.readForward(4, 1).isEmpty());
        assertThrows(ModelException.class, () -> s.readForward(1, 1));
        assertThrows(ModelException.class, () -> s.readForward(5, 1));
        assertThrows(ModelException.class, () -> s.readForward(2, -1));
        assertEquals(List.of(2L), s.readBackward(2, 5).stream().map(Record::lsn).toList());
        assertTrue(s.readBackward(3, 0).isEmpty());
        assertThrows(ModelException.class, () -> s.readBackward(1, 1));
        assertThrows(ModelException.class, () -> s.readBackward(4, 1));
        assertThrows(ModelException.class, () -> s.readBackward(3, -1));
    }

    /** A state the operations could never reach is refused when it is built. */
    @Test
    void aStateOutOfOrderIsRefused() {
        Restart area = new Restart(2, Bytes.EMPTY);
        List<Record> two = List.of(new Record(2, bytes(2)), new Record(3, bytes(3)));
        LogState ok = new LogState(GEOMETRY, 4, 3, 2, area, Optional.empty(), two);
        assertEquals(4, ok.nextLsn());
        LogState startAtEnd = new LogState(GEOMETRY, 4, 0, 4, area, Optional.empty(), two);
        assertEquals(4, startAtEnd.startLsn());
        assertEquals(0, startAtEnd.flushedLsn());
        assertThrows(ModelException.class, () -> new LogState(GEOMETRY, 4, 3, 1, area, Optional.empty(), two),
                "start below the restart area's");
        assertThrows(ModelException.class, () -> new LogState(GEOMETRY, 4, 3, 5, area, Optional.empty(), two),
                "start past the end");
        assertThrows(ModelException.class, () -> new LogState(GEOMETRY, 4, -1, 2, area, Optional.empty(), two),
                "flushed below zero");
        assertThrows(ModelException.class, () -> new LogState(GEOMETRY, 4, 4, 2, area, Optional.empty(), two),
                "flushed at the end");
        assertThrows(ModelException.class, () -> new LogState(GEOMETRY, 5, 3, 2, area, Optional.empty(), two),
                "a record missing");
        assertThrows(ModelException.class, () -> new LogState(GEOMETRY, 4, 3, 2, area, Optional.empty(),
                List.of(new Record(2, bytes(2)), new Record(4, bytes(3)))), "a gap");
    }

    @Test
    void boundsTakeTheirEdgesAndRefusePastThem() {
        assertEquals(new LogBounds(3, 1, 0, 0, 0), LogBounds.spec(3));
        new LogBounds(1, 0, 0, 0, 0);
        new LogBounds(10, 0, 9, 0, 0);
        assertThrows(ModelException.class, () -> new LogBounds(0, 0, 0, 0, 0));
        assertThrows(ModelException.class, () -> new LogBounds(10, -1, 0, 0, 0));
        assertThrows(ModelException.class, () -> new LogBounds(10, 0, -1, 0, 0));
        assertThrows(ModelException.class, () -> new LogBounds(10, 0, 10, 0, 0));
        assertThrows(ModelException.class, () -> new LogBounds(10, 0, 0, -1, 0));
        assertThrows(ModelException.class, () -> new LogBounds(10, 0, 0, 0, -1));
    }

    /** The last pending record may be named as persisted by a crash; the end may not. */
    @Test
    void aCrashPersistsRecordsUpToTheLastPendingOne() {
        CrashedLog crashed = threeRecords().flush(1).crash();
        assertEquals(4, crashed.recover(Set.of(2L, 3L), RestartOutcome.NONE).nextLsn());
        assertThrows(ModelException.class, () -> crashed.recover(Set.of(2L, 3L, 4L), RestartOutcome.NONE));
    }
}
