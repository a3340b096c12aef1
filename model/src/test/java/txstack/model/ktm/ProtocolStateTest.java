package txstack.model.ktm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import txstack.model.ktm.ProtocolState.Bounds;
import txstack.model.ktm.ProtocolState.Msg;

/**
 * ProtocolState (Transaction.tla as Java, KTM-1..5, KTM-7): the spec's invariants hold on seeded random walks, and
 * actions are disabled exactly where the spec disables them on the paths tested here. Replay a walk with
 * {@code walk(bounds, seed)}; the failure message names seed and step.
 */
class ProtocolStateTest {
    private static final Bounds CI = Bounds.ci();
    private static final Bounds TWO_TX = new Bounds(List.of("fs", "reg"), List.of("t1", "t2"), List.of("i1"),
            1, 1, 1, true);
    private static final Bounds TWO_PHASE_ONLY = new Bounds(List.of("fs"), List.of("t1"), List.of("i1"),
            1, 1, 1, false);
    private static final long SEED = 0x7A5EEDL;
    private static final int WALKS = 400;
    private static final int STEPS = 80;

    private static ProtocolState step(ProtocolState s, Optional<ProtocolState> next, String what) {
        return next.orElseThrow(() -> new AssertionError("not enabled: " + what + " in " + s));
    }

    /** Both RMs working in t1, commit requested. */
    private static ProtocolState preparing(ProtocolState s) {
        s = step(s, s.work("t1", "fs", "i1"), "Work fs");
        s = step(s, s.work("t1", "reg", "i1"), "Work reg");
        return step(s, s.requestCommit("t1"), "RequestCommit");
    }

    /** Both prepared, both votes received. */
    private static ProtocolState voted(ProtocolState s) {
        s = preparing(s);
        for (String r : List.of("fs", "reg")) {
            s = step(s, s.sendPrepare("t1", r), "SendPrepare " + r);
            s = step(s, s.rcvPrepare(r, "t1"), "RcvPrepare " + r);
            s = step(s, s.rcvYes("t1", r), "RcvYes " + r);
        }
        return s;
    }

    private static int walk(Bounds bounds, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ProtocolState s = ProtocolState.initial(bounds);
        int n = 0;
        for (; n < STEPS; n++) {
            List<ProtocolAction> enabled = s.enabled();
            if (enabled.isEmpty()) {
                break;
            }
            ProtocolAction a = enabled.get(random.nextInt(enabled.size()));
            s = s.apply(a).orElseThrow();
            int step = n + 1;
            ProtocolState now = s;
            assertEquals(List.of(), s.violatedInvariants(),
                    () -> "seed=" + seed + " step=" + step + " action=" + a + " state=" + now);
        }
        return n;
    }

    @Test
    void invariantsHoldOnRandomWalks() {
        long steps = 0;
        for (Bounds bounds : List.of(CI, TWO_TX, TWO_PHASE_ONLY)) {
            for (int i = 0; i < WALKS; i++) {
                steps += walk(bounds, SEED + i);
            }
        }
        assertTrue(steps > WALKS * 3L * 10, "walks too short: steps=" + steps);
    }

    @Test
    void aWalkEndsOnlyWhenDoneOrStuckOnAnObservation() {
        for (int i = 0; i < 50; i++) {
            SplittableRandom random = new SplittableRandom(SEED + i);
            ProtocolState s = ProtocolState.initial(CI);
            for (int n = 0; n < 500 && !s.enabled().isEmpty(); n++) {
                List<ProtocolAction> enabled = s.enabled();
                s = s.apply(enabled.get(random.nextInt(enabled.size()))).orElseThrow();
            }
            // no deadlock short of Done (the spec's CHECK_DEADLOCK): only observations may be left
            assertTrue(s.done(), "seed=" + (SEED + i) + " stuck: " + s);
        }
    }

    @Test
    void commitIsDecidedOnlyAfterEveryVote() {
        ProtocolState s = preparing(ProtocolState.initial(CI));
        s = step(s, s.sendPrepare("t1", "fs"), "SendPrepare");
        s = step(s, s.rcvPrepare("fs", "t1"), "RcvPrepare");
        assertFalse(s.decideCommit("t1").isPresent(), "no vote received yet");
        s = step(s, s.rcvYes("t1", "fs"), "RcvYes");
        assertFalse(s.decideCommit("t1").isPresent(), "reg has not voted");
        assertFalse(s.rcvYes("t1", "fs").isPresent(), "a vote counts once");
        assertFalse(s.rcvYes("t1", "reg").isPresent(), "no vote from reg in flight");
        s = voted(ProtocolState.initial(CI));
        ProtocolState decided = step(s, s.decideCommit("t1"), "DecideCommit");
        assertTrue(decided.tmLog("t1").commit());
        assertEquals(Set.of("fs", "reg"), decided.tmLog("t1").rms());
        assertEquals("committed", decided.reported("t1"));
    }

    @Test
    void anRmCommitsOnlyOnACommitOutcome() {
        ProtocolState s = voted(ProtocolState.initial(CI));
        assertFalse(s.rcvOutcome("fs", "t1").isPresent(), "no outcome in flight");
        s = step(s, s.decideCommit("t1"), "DecideCommit");
        assertFalse(s.rcvOutcome("fs", "t1").isPresent(), "the outcome is not sent yet");
        s = step(s, s.sendOutcome("t1", "fs"), "SendOutcome");
        assertFalse(s.sendOutcome("t1", "fs").isPresent(), "the message is in flight already");
        s = step(s, s.rcvOutcome("fs", "t1"), "RcvOutcome");
        assertEquals("committed", s.rmState("fs", "t1"));
        assertEquals("t1", s.committed("fs", "i1"));
        assertEquals(ProtocolState.NO_TX, s.rmLock("fs", "i1"));
        assertTrue(s.msgs().contains(new Msg("ack", "t1", "fs", "none")));
    }

    @Test
    void theTmForgetsOnlyAfterEveryAcknowledgement() {
        ProtocolState s = voted(ProtocolState.initial(CI));
        s = step(s, s.decideCommit("t1"), "DecideCommit");
        assertFalse(s.forget("t1").isPresent());
        for (String r : List.of("fs", "reg")) {
            s = step(s, s.sendOutcome("t1", r), "SendOutcome");
            s = step(s, s.rcvOutcome(r, "t1"), "RcvOutcome");
            s = step(s, s.rcvAck("t1", r), "RcvAck");
            assertEquals(r.equals("reg"), s.forget("t1").isPresent(), "after the ack of " + r);
        }
        s = step(s, s.forget("t1"), "Forget");
        assertEquals("unknown", s.tmState("t1"));
        assertFalse(s.tmLog("t1").commit());
    }

    @Test
    void afterATmCrashWithoutACommitRecordAnRmInDoubtIsToldAbort() {
        ProtocolState s = voted(ProtocolState.initial(CI));
        s = step(s, s.tmCrash(), "TmCrash");
        assertFalse(s.decideCommit("t1").isPresent(), "the TM is down");
        assertFalse(s.requestCommit("t1").isPresent(), "the TM is down");
        assertFalse(s.tmCrash().isPresent(), "one TM crash at most");
        s = step(s, s.tmRecover(), "TmRecover");
        assertEquals("unknown", s.tmState("t1"));
        s = step(s, s.ask("fs", "t1"), "Ask");
        s = step(s, s.answer("t1", "fs"), "Answer");
        assertTrue(s.msgs().contains(new Msg("outcome", "t1", "fs", "aborted")));
        s = step(s, s.rcvOutcome("fs", "t1"), "RcvOutcome");
        assertEquals("aborted", s.rmState("fs", "t1"));
        assertEquals(List.of(), s.violatedInvariants());
    }

    @Test
    void anRmCrashKeepsPreparedWorkAndRollsBackTheRest() {
        ProtocolState s = preparing(ProtocolState.initial(CI));
        s = step(s, s.sendPrepare("t1", "fs"), "SendPrepare");
        s = step(s, s.rcvPrepare("fs", "t1"), "RcvPrepare");
        s = step(s, s.rmCrash("fs"), "RmCrash fs");
        assertFalse(s.rmCrash("reg").isPresent(), "one RM crash at most");
        assertFalse(s.rcvPrepare("fs", "t1").isPresent(), "fs is down");
        s = step(s, s.rmRecover("fs"), "RmRecover");
        assertEquals("prepared", s.rmState("fs", "t1"));
        assertEquals("t1", s.rmLock("fs", "i1"), "an in-doubt enlistment keeps its lock");
        assertEquals(Set.of(new ProtocolState.RmTx("fs", "t1")), s.rmCrashedInDoubt());

        ProtocolState w = preparing(ProtocolState.initial(CI));
        w = step(w, w.rmCrash("reg"), "RmCrash reg");
        w = step(w, w.rmRecover("reg"), "RmRecover");
        assertEquals("aborted", w.rmState("reg", "t1"), "work without a prepare record is rolled back");
        assertEquals(ProtocolState.NO_TX, w.rmLock("reg", "i1"));
    }

    @Test
    void aSingleEnlistmentCommitsInOnePhase() {
        ProtocolState s = ProtocolState.initial(CI);
        s = step(s, s.work("t1", "fs", "i1"), "Work");
        s = step(s, s.requestCommit("t1"), "RequestCommit");
        assertFalse(s.sendPrepare("t1", "fs").isPresent(), "one phase: no prepare");
        assertFalse(s.decideCommit("t1").isPresent(), "one phase: no commit record");
        s = step(s, s.sendOnePhase("t1", "fs"), "SendOnePhase");
        s = step(s, s.rcvOnePhase("fs", "t1"), "RcvOnePhase");
        s = step(s, s.rcvCommitted("t1", "fs"), "RcvCommitted");
        assertEquals("committed", s.reported("t1"));
        assertFalse(s.tmLog("t1").commit());
        assertEquals(Set.of("fs"), s.tmAcks("t1"));

        ProtocolState two = ProtocolState.initial(TWO_PHASE_ONLY);
        two = step(two, two.work("t1", "fs", "i1"), "Work");
        two = step(two, two.requestCommit("t1"), "RequestCommit");
        assertFalse(two.sendOnePhase("t1", "fs").isPresent(), "one phase off");
        assertTrue(two.sendPrepare("t1", "fs").isPresent());
    }

    @Test
    void anItemChangedByOneTransactionIsLockedForTheOther() {
        ProtocolState s = ProtocolState.initial(TWO_TX);
        s = step(s, s.work("t1", "fs", "i1"), "Work t1");
        assertFalse(s.work("t2", "fs", "i1").isPresent(), "locked by t1");
        assertFalse(s.work("t1", "fs", "i1").isPresent(), "t1 changed it already");
        assertTrue(s.work("t2", "reg", "i1").isPresent(), "another RM's item");
        ProtocolState read = step(s, s.read("t2", "fs", "i1"), "Read");
        assertEquals(new ProtocolState.Obs("read", "t2", "fs", "i1", ProtocolState.NO_TX), read.obs());
        assertFalse(read.read(ProtocolState.NO_TX, "fs", "i1").isPresent(), "one observation between steps");
        assertFalse(s.read("t1", "fs", "i1").isPresent(), "no other transaction changed it");
    }

    @Test
    void lossesAreBoundedAndRollbackIsReported() {
        ProtocolState s = ProtocolState.initial(TWO_PHASE_ONLY);
        s = step(s, s.work("t1", "fs", "i1"), "Work");
        s = step(s, s.requestCommit("t1"), "RequestCommit");
        s = step(s, s.sendPrepare("t1", "fs"), "SendPrepare");
        Msg prepare = new Msg("prepare", "t1", "fs", "none");
        s = step(s, s.lose(prepare), "Lose");
        assertFalse(s.lose(prepare).isPresent(), "not in flight");
        s = step(s, s.sendPrepare("t1", "fs"), "SendPrepare again");
        assertFalse(s.lose(prepare).isPresent(), "one loss at most");

        ProtocolState r = ProtocolState.initial(CI);
        r = step(r, r.work("t1", "fs", "i1"), "Work");
        r = step(r, r.rollback("t1"), "Rollback");
        assertEquals("aborted", r.reported("t1"));
        assertFalse(r.requestCommit("t1").isPresent());
        ProtocolState q = step(r, r.clientQuery("t1"), "ClientQuery");
        assertEquals("aborted", q.obs().val());
        assertEquals(ProtocolState.NO_OBS, step(q, q.sendOutcome("t1", "fs"), "SendOutcome").obs(),
                "a step that observes nothing clears obs");
    }

    @Test
    void unknownNamesAndBadBoundsAreRejected() {
        ProtocolState s = ProtocolState.initial(CI);
        assertThrows(IllegalArgumentException.class, () -> s.work("t9", "fs", "i1"));
        assertThrows(IllegalArgumentException.class, () -> s.rmCrash("nfs"));
        assertThrows(IllegalArgumentException.class, () -> ProtocolAction.of("Work", "t1"));
        assertThrows(IllegalArgumentException.class, () -> ProtocolAction.of("Commit", "t1"));
        assertThrows(IllegalArgumentException.class,
                () -> new Bounds(List.of("fs"), List.of(ProtocolState.NO_TX), List.of("i1"), 0, 0, 0, true));
        Set<String> names = new TreeSet<>();
        s.candidates().forEach(a -> names.add(a.name()));
        names.add("Lose"); // no message in flight yet
        assertEquals(new TreeSet<>(ProtocolAction.ARITY.keySet()), names);
    }
}
