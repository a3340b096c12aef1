package txstack.model.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.model.ModelException;
import txstack.model.cluster.CsvState.Ack;
import txstack.model.cluster.CsvState.AckDue;
import txstack.model.cluster.CsvState.Append;
import txstack.model.cluster.CsvState.DiskIo;
import txstack.model.cluster.CsvState.Req;

/**
 * CsvState (CsvOwnership.tla as Java, CSV-1..7) action by action: each step the spec takes on the paths tested here,
 * each refusal where the spec disables the action, and the invariants as predicates (each shown to hold along the
 * path, and the ghosts they read moving as the spec moves them).
 */
class CsvStateTest {
    private static final CsvBounds DATA = CsvBounds.data();
    private static final CsvBounds META = CsvBounds.meta();

    private static CsvState step(CsvState s, Optional<CsvState> next, String what) {
        CsvState after = next.orElseThrow(() -> new AssertionError("not enabled: " + what + " in " + s));
        assertEquals(List.of(), after.violatedInvariants(), () -> "after " + what + ": " + after);
        return after;
    }

    /** n2 (owner of f1 and f2) writes f1 once: acknowledged, dirty in its cache. */
    private static CsvState written(CsvState s) {
        return step(s, s.write("n2", "f1"), "Write n2 f1");
    }

    @Test
    void initIsTheSpecsInit() {
        CsvState s = CsvState.initial(DATA);
        assertEquals(List.of("n1"), s.coordHist());
        assertEquals(1, s.term());
        assertEquals(1, s.myTerm("n1"));
        assertEquals(0, s.myTerm("n2"));
        for (String f : DATA.files()) {
            assertEquals("n2", s.owner(f));
            assertEquals(1, s.epoch(f));
            assertEquals(1, s.tok("n2", f));
            assertEquals(0, s.tok("n1", f));
            assertTrue(s.granted(f));
            assertEquals(CsvBounds.NO_NODE, s.mig(f));
        }
        assertEquals(List.of(), s.violatedInvariants());
    }

    @Test
    void aWriteIsAcknowledgedIntoTheCacheAndAFlushMakesItDurable() {
        CsvState s = written(CsvState.initial(DATA));
        assertEquals(1, s.cache("n2", "f1"));
        assertEquals(1, s.ackd("f1"));
        assertEquals(1, s.view("f1"));
        assertEquals(0, s.disk("f1"));
        assertTrue(s.write("n1", "f1").isEmpty(), "n1 holds no token");
        assertTrue(s.write("n2", "f1").isEmpty(), "MaxWrites = 1");
        s = step(s, s.flush("n2", "f1"), "Flush");
        DiskIo w = new DiskIo("n2", "f1", 1, 1);
        assertEquals(Set.of(w), s.dio());
        assertTrue(s.flush("n2", "f1").isEmpty(), "one write in flight per node and file");
        s = step(s, s.diskWrite(w), "DiskWrite");
        assertEquals(1, s.disk("f1"));
        assertEquals(1, s.durable("f1"));
        assertEquals(0, s.cache("n2", "f1"));
        assertTrue(s.diskWrite(w).isEmpty(), "no longer in flight");
    }

    @Test
    void aMigrationFlushesReleasesHandsOffAndGrants() {
        CsvState s = written(CsvState.initial(DATA));
        assertTrue(s.startMigration("n2", "n2", "n3").isEmpty(), "only the coordinator starts a migration");
        assertTrue(s.startMigration("n1", "n2", "n2").isEmpty(), "not to itself");
        s = step(s, s.startMigration("n1", "n2", "n3"), "StartMigration");
        assertEquals("n3", s.mig("f1"));
        assertEquals("n3", s.mig("f2"));
        assertTrue(s.stopped("n2", "f1"));
        assertEquals(1, s.migFrom("f1"));
        assertTrue(s.write("n2", "f1").isEmpty(), "writes stopped");
        assertTrue(s.release("n2", "f1").isEmpty(), "CSV-5: dirty data first");
        s = step(s, s.flush("n2", "f1"), "Flush");
        assertTrue(s.release("n2", "f1").isEmpty(), "CSV-5: the write must land first");
        s = step(s, s.diskWrite(new DiskIo("n2", "f1", 1, 1)), "DiskWrite");
        s = step(s, s.release("n2", "f1"), "Release");
        assertEquals(0, s.tok("n2", "f1"));
        s = step(s, s.handoff("n1", "f1"), "Handoff");
        assertEquals(2, s.epoch("f1"));
        assertEquals("n3", s.owner("f1"));
        assertFalse(s.granted("f1"));
        assertFalse(s.lost("f1"), "flushed before the handoff");
        assertEquals(1, s.migTo("f1"));
        s = step(s, s.grant("n1", "f1"), "Grant");
        assertEquals(2, s.tok("n3", "f1"));
        assertEquals(1, s.view("f1"), "CSV-5: the new owner sees the old owner's write");
        assertTrue(s.grant("n1", "f1").isEmpty(), "granted once");
    }

    @Test
    void aHandoffBeforeTheFlushFencesTheZombieAndLosesOnlyItsUnflushedWrite() {
        CsvState s = written(CsvState.initial(DATA));
        s = step(s, s.startMigration("n1", "n2", "n3"), "StartMigration");
        s = step(s, s.flush("n2", "f1"), "Flush");
        s = step(s, s.handoff("n1", "f1"), "Handoff (a wrong suspicion)");
        assertTrue(s.lost("f1"), "the acknowledged write was still only in n2's cache");
        assertEquals(1, s.tok("n2", "f1"), "nobody tells the old owner");
        s = step(s, s.diskWrite(new DiskIo("n2", "f1", 1, 1)), "DiskWrite refused");
        assertEquals(0, s.disk("f1"), "CSV-6: the fence refuses the stale epoch");
        assertEquals(0, s.tok("n2", "f1"), "the zombie learns it from the refusal");
        assertEquals(0, s.cache("n2", "f1"));
        assertTrue(s.seen().contains("zombieFenced"));
    }

    @Test
    void aCrashedWritersLateWriteIsRefusedAfterATakeback() {
        CsvState s = written(CsvState.initial(DATA));
        s = step(s, s.flush("n2", "f1"), "Flush");
        s = step(s, s.crash("n2"), "Crash");
        assertTrue(s.lost("f1"));
        assertEquals(0, s.tok("n2", "f1"));
        assertTrue(s.crash("n3").isEmpty(), "MaxCrashes = 1");
        assertTrue(s.takeback("n2", "f1").isEmpty(), "only the coordinator takes back");
        s = step(s, s.takeback("n1", "f1"), "Takeback");
        assertEquals("n1", s.owner("f1"));
        assertEquals(2, s.epoch("f1"));
        assertTrue(s.takeback("n1", "f1").isEmpty(), "not granted yet");
        s = step(s, s.diskWrite(new DiskIo("n2", "f1", 1, 1)), "DiskWrite of the crashed writer");
        assertEquals(0, s.disk("f1"));
        assertTrue(s.seen().contains("staleRefused"));
        s = step(s, s.grant("n1", "f1"), "Grant");
        assertTrue(s.takeback("n1", "f1").isEmpty(), "n1 owns and holds f1");
        s = step(s, s.restart("n2"), "Restart");
        assertTrue(s.up("n2"));
    }

    @Test
    void aMigrationToACrashedTargetIsAborted() {
        CsvState s = CsvState.initial(DATA);
        s = step(s, s.startMigration("n1", "n2", "n3"), "StartMigration");
        assertTrue(s.abortMigration("n1", "f1").isEmpty(), "the target is up");
        s = step(s, s.crash("n3"), "Crash target");
        s = step(s, s.abortMigration("n1", "f1"), "AbortMigration");
        assertEquals(CsvBounds.NO_NODE, s.mig("f1"));
        assertFalse(s.stopped("n2", "f1"));
        s = step(s, s.write("n2", "f1"), "Write again");
    }

    @Test
    void aRequestIsAppliedOnceAndAckedOnlyOnceDurable() {
        CsvState s = CsvState.initial(META);
        s = step(s, s.issue("n2", "f1", "resize"), "Issue");
        Req r = new Req(1, "n2", "f1", "resize");
        assertEquals(Set.of(r), s.net());
        assertEquals(Set.of(r), s.pend());
        assertTrue(s.handleRequest("n2", r).isEmpty(), "n2 does not coordinate");
        s = step(s, s.handleRequest("n1", r), "HandleRequest");
        Append a = new Append(1, "n2", "f1", "resize", "n1", 1);
        assertEquals(Set.of(a), s.nsio());
        assertTrue(s.handleRequest("n1", r).isEmpty(), "its append is in flight: no second one");
        assertTrue(s.net().stream().noneMatch(m -> m instanceof Ack), "no ack before the append lands");
        s = step(s, s.logWrite(a), "LogWrite");
        assertEquals(1, s.nsLog().size());
        assertEquals(Set.of(new AckDue(1, "n2")), s.toAck("n1"));
        s = step(s, s.handleRequest("n1", r), "HandleRequest (a duplicate)");
        assertEquals(Set.of(), s.nsio(), "CSV-3: dedup against the durable log");
        s = step(s, s.sendAck("n1", new AckDue(1, "n2")), "SendAck");
        s = step(s, s.receiveAck(new Ack(1, "n2")), "ReceiveAck");
        assertEquals(Set.of(1), s.told());
        assertEquals(Set.of(), s.pend());
        assertTrue(s.retry(r).isEmpty(), "no longer pending");
    }

    @Test
    void aDroppedRequestIsRetried() {
        CsvState s = CsvState.initial(META);
        s = step(s, s.issue("n2", "f1", "resize"), "Issue");
        Req r = new Req(1, "n2", "f1", "resize");
        assertTrue(s.retry(r).isEmpty(), "still in the network");
        s = step(s, s.drop(r), "Drop");
        assertTrue(s.handleRequest("n1", r).isEmpty(), "lost");
        s = step(s, s.retry(r), "Retry");
        assertEquals(Set.of(r), s.net());
    }

    @Test
    void theDeposedCoordinatorsAppendIsRefusedAndItStepsDown() {
        CsvState s = CsvState.initial(META);
        s = step(s, s.issue("n1", "f1", "resize"), "Issue by the coordinator");
        Append a = new Append(1, "n1", "f1", "resize", "n1", 1);
        assertEquals(Set.of(a), s.nsio());
        assertTrue(s.failover("n1").isEmpty(), "n1 believes it coordinates");
        s = step(s, s.failover("n2"), "Failover while n1 is alive (split brain)");
        assertEquals(2, s.term());
        assertEquals(Set.of(2), s.elected());
        assertFalse(s.seen().contains("failoverAfterCrash"));
        assertTrue(s.failover("n2").isEmpty(), "MaxTerms = 2");
        s = step(s, s.logWrite(a), "LogWrite refused");
        assertEquals(List.of(), s.nsLog(), "CSV-7: the term fence");
        assertEquals(0, s.myTerm("n1"));
        assertTrue(s.seen().contains("termRefused"));
        assertTrue(s.stepDown("n1").isEmpty(), "already down");
    }

    @Test
    void aDeposedCoordinatorStepsDownOnItsOwn() {
        CsvState s = CsvState.initial(META);
        assertTrue(s.stepDown("n1").isEmpty(), "n1 is the coordinator of the current term");
        s = step(s, s.failover("n2"), "Failover");
        s = step(s, s.stepDown("n1"), "StepDown");
        assertEquals(0, s.myTerm("n1"));
    }

    @Test
    void aFailoverAfterTheCoordinatorCrashedIsSeen() {
        CsvState s = CsvState.initial(META);
        s = step(s, s.crash("n1"), "Crash coordinator");
        s = step(s, s.failover("n2"), "Failover");
        assertTrue(s.seen().contains("failoverAfterCrash"));
        assertEquals("n2", s.coord());
    }

    @Test
    void anActionLeavesTheStateItStartedFromAlone() {
        CsvState s = written(CsvState.initial(DATA));
        String before = s.toString();
        step(s, s.flush("n2", "f1"), "Flush");
        step(s, s.crash("n2"), "Crash");
        step(s, s.takeback("n1", "f1"), "Takeback");
        step(s, s.startMigration("n1", "n2", "n3"), "StartMigration");
        assertEquals(before, s.toString());
    }

    @Test
    void unknownNamesAreCallerErrors() {
        CsvState s = CsvState.initial(DATA);
        assertThrows(ModelException.class, () -> s.write("n9", "f1"));
        assertThrows(ModelException.class, () -> s.crash("NoNode"));
        assertThrows(ModelException.class, () -> s.issue("n2", "f1", "rename"));
        assertThrows(ModelException.class, () -> new CsvBounds(List.of("n1"), List.of("f1"), "n1", "n2",
                Set.of("resize"), 0, 0, 1, 0, 1, Set.of()));
    }

    @Test
    void enabledIsExactlyTheCandidatesThatApply() {
        CsvState s = CsvState.initial(DATA);
        List<CsvAction> enabled = s.enabled();
        assertTrue(enabled.contains(new CsvAction.Write("n2", "f1")));
        assertTrue(enabled.contains(new CsvAction.StartMigration("n1", "n2", "n3")));
        assertTrue(enabled.contains(new CsvAction.Takeback("n1", "f2")));
        assertFalse(enabled.contains(new CsvAction.Failover("n2")), "MaxTerms = 1");
        assertFalse(enabled.contains(new CsvAction.Write("n1", "f1")));
        for (CsvAction a : s.candidates()) {
            assertEquals(enabled.contains(a), s.apply(a).isPresent(), a::toString);
        }
        assertEquals("StartMigration", new CsvAction.StartMigration("n1", "n2", "n3").name());
        assertEquals(List.of("n1", "n2", "n3"), new CsvAction.StartMigration("n1", "n2", "n3").args());
    }
}
