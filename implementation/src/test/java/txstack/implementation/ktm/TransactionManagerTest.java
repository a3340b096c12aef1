package txstack.implementation.ktm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.lfs.LogOptions;

/** The transaction manager's protocol, with resource managers that record what they were told. */
class TransactionManagerTest {

    /**
     * A resource manager that remembers, as if durably, what it prepared and committed; {@link #refuse} makes it
     * refuse its next prepare, {@link #failCommit} makes its commit throw (as a crash in phase two would look).
     */
    static final class RecordingRm implements ResourceManager {
        final String name;
        final Set<TransactionId> prepared = new LinkedHashSet<>();
        final Set<TransactionId> committed = new LinkedHashSet<>();
        final Set<TransactionId> rolledBack = new LinkedHashSet<>();
        final List<String> calls = new ArrayList<>();
        boolean refuse;
        boolean failCommit;

        RecordingRm(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean prepare(TransactionId tx) {
            calls.add("prepare " + tx);
            if (refuse) {
                refuse = false;
                return false;
            }
            prepared.add(tx);
            return true;
        }

        @Override
        public void commit(TransactionId tx) {
            calls.add("commit " + tx);
            if (failCommit) {
                throw new IllegalStateException("test: commit failed");
            }
            prepared.remove(tx);
            committed.add(tx);
        }

        @Override
        public void rollback(TransactionId tx) {
            calls.add("rollback " + tx);
            prepared.remove(tx);
            rolledBack.add(tx);
        }

        @Override
        public boolean commitOnePhase(TransactionId tx) {
            calls.add("one-phase " + tx);
            committed.add(tx);
            return true;
        }

        @Override
        public Set<TransactionId> inDoubt() {
            return new HashSet<>(prepared);
        }
    }

    private static MemoryBlockDevice logDevice() {
        return MemoryBlockDevice.create(512, 256);
    }

    @Test
    void twoResourceManagersPrepareThenCommitAndTheTransactionIsForgotten() {
        MemoryBlockDevice device = logDevice();
        RecordingRm fs = new RecordingRm("fs");
        RecordingRm reg = new RecordingRm("reg");
        try (TransactionManager tm = TransactionManager.format(device, LogOptions.defaults())) {
            tm.register(fs);
            tm.register(reg);
            Transaction tx = tm.createTransaction();
            tx.enlist(fs);
            tx.enlist(reg);
            tx.enlist(fs);
            tx.commit();
            assertEquals(Transaction.Status.COMMITTED, tx.status());
            assertEquals(List.of("prepare " + tx.id(), "commit " + tx.id()), fs.calls);
            assertEquals(List.of("prepare " + tx.id(), "commit " + tx.id()), reg.calls);
            assertEquals(0, tm.outstandingCommits(), "forgotten once both acknowledged");
            assertThrows(TransactionNotActiveException.class, tx::commit);
            assertThrows(TransactionNotActiveException.class, () -> tx.enlist(fs));
        }
    }

    @Test
    void oneEnlistmentCommitsInOnePhaseAndLogsNothing() {
        RecordingRm fs = new RecordingRm("fs");
        try (TransactionManager tm = TransactionManager.format(logDevice(), LogOptions.defaults())) {
            tm.register(fs);
            Transaction tx = tm.createTransaction();
            tx.enlist(fs);
            tx.commit();
            assertEquals(List.of("one-phase " + tx.id()), fs.calls);
            assertEquals(0, tm.outstandingCommits());
        }
    }

    @Test
    void aRefusedPrepareRollsBackEverywhere() {
        RecordingRm fs = new RecordingRm("fs");
        RecordingRm test = new RecordingRm("test");
        try (TransactionManager tm = TransactionManager.format(logDevice(), LogOptions.defaults())) {
            tm.register(fs);
            tm.register(test);
            test.refuse = true;
            Transaction tx = tm.createTransaction();
            tx.enlist(fs);
            tx.enlist(test);
            TransactionAbortedException e = assertThrows(TransactionAbortedException.class, tx::commit);
            assertTrue(e.getMessage().contains("rm=test"), e.getMessage());
            assertEquals(Transaction.Status.ABORTED, tx.status());
            assertTrue(fs.rolledBack.contains(tx.id()) && test.rolledBack.contains(tx.id()));
            assertTrue(fs.committed.isEmpty() && test.committed.isEmpty());
            assertEquals(0, tm.outstandingCommits());
        }
    }

    @Test
    void closingAnActiveTransactionRollsItBack() {
        RecordingRm fs = new RecordingRm("fs");
        try (TransactionManager tm = TransactionManager.format(logDevice(), LogOptions.defaults())) {
            tm.register(fs);
            TransactionId id;
            try (Transaction tx = tm.createTransaction()) {
                tx.enlist(fs);
                id = tx.id();
            }
            assertEquals(List.of("rollback " + id), fs.calls);
        }
    }

    @Test
    void aResourceManagerMustBeRegisteredOnceBeforeItEnlists() {
        try (TransactionManager tm = TransactionManager.format(logDevice(), LogOptions.defaults())) {
            RecordingRm fs = new RecordingRm("fs");
            Transaction tx = tm.createTransaction();
            assertThrows(IllegalArgumentException.class, () -> tx.enlist(fs));
            tm.register(fs);
            assertThrows(IllegalArgumentException.class, () -> tm.register(new RecordingRm("fs")));
            assertThrows(IllegalArgumentException.class, () -> tm.register(new RecordingRm("Bad Name")));
            tx.enlist(fs);
        }
    }

    /**
     * The decision is durable before phase two: the TM dies after the COMMIT record with one resource manager not
     * yet told. After a restart, registering it commits its in-doubt transaction; one prepared without a decision is
     * rolled back (presumed abort); then the COMMIT record is forgotten.
     */
    @Test
    void afterARestartInDoubtTransactionsFollowTheLoggedDecision() {
        MemoryBlockDevice device = logDevice();
        RecordingRm fs = new RecordingRm("fs");
        RecordingRm reg = new RecordingRm("reg");
        TransactionId decided;
        TransactionId undecided;
        TransactionManager tm = TransactionManager.format(device, LogOptions.defaults());
        tm.register(fs);
        tm.register(reg);
        Transaction a = tm.createTransaction();
        a.enlist(fs);
        a.enlist(reg);
        reg.failCommit = true;
        assertThrows(IllegalStateException.class, a::commit);
        assertEquals(Transaction.Status.COMMITTED, a.status(), "decided, so committed");
        decided = a.id();
        assertEquals(1, tm.outstandingCommits());
        Transaction b = tm.createTransaction();
        b.enlist(fs);
        fs.prepare(b.id()); // prepared, then the power fails before any decision
        undecided = b.id();
        // the power fails: tm is dropped, not closed; the resource managers keep their prepared state
        RecordingRm fs2 = new RecordingRm("fs");
        fs2.prepared.addAll(fs.prepared);
        RecordingRm reg2 = new RecordingRm("reg");
        reg2.prepared.addAll(reg.prepared);
        try (TransactionManager again = TransactionManager.open(device, LogOptions.defaults())) {
            assertEquals(1, again.outstandingCommits());
            again.register(fs2);
            assertEquals(List.of("rollback " + undecided), fs2.calls, "fs had committed " + decided + " already");
            assertEquals(1, again.outstandingCommits(), "reg has not acknowledged yet");
            again.register(reg2);
            assertEquals(List.of("commit " + decided), reg2.calls);
            assertEquals(0, again.outstandingCommits());
            Transaction c = again.createTransaction();
            assertTrue(c.id().value() > undecided.value(), "ids are never handed out twice: " + c.id());
        }
        try (TransactionManager third = TransactionManager.open(device, LogOptions.defaults())) {
            assertEquals(0, third.outstandingCommits(), "the END record forgot it");
        }
    }

    @Test
    void idsStayUniqueAcrossRestartsWithoutAClose() {
        MemoryBlockDevice device = logDevice();
        Set<Long> seen = new HashSet<>();
        TransactionManager tm = TransactionManager.format(device, LogOptions.defaults());
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 10; i++) {
                assertTrue(seen.add(tm.createTransaction().id().value()));
            }
            tm = TransactionManager.open(device, LogOptions.defaults()); // the earlier one dropped as in a crash
        }
        tm.close();
    }

    /** Many two-phase commits on a small log: forgotten records free their space, so the log never fills. */
    @Test
    void forgottenCommitsFreeTheirLogSpace() {
        RecordingRm fs = new RecordingRm("fs");
        RecordingRm reg = new RecordingRm("reg");
        MemoryBlockDevice device = logDevice();
        try (TransactionManager tm = TransactionManager.format(device, LogOptions.defaults())) {
            tm.register(fs);
            tm.register(reg);
            long capacity = 256 * 512;
            for (int i = 0; i < capacity / 16; i++) {
                Transaction tx = tm.createTransaction();
                tx.enlist(fs);
                tx.enlist(reg);
                tx.commit();
            }
            assertEquals(0, tm.outstandingCommits());
        }
        try (TransactionManager tm = TransactionManager.open(device, LogOptions.defaults())) {
            assertEquals(0, tm.outstandingCommits());
            assertFalse(tm.toString().isEmpty());
        }
    }
}
