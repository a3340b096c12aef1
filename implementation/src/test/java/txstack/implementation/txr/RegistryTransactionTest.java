package txstack.implementation.txr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.implementation.txr.RegistryTest.bytes;
import static txstack.implementation.txr.RegistryTest.string;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.ktm.SharingViolationException;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionAbortedException;
import txstack.implementation.ktm.TransactionId;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.ktm.TransactionNotActiveException;
import txstack.implementation.lfs.LogOptions;

/** Transacted calls through a real transaction manager: isolation, holds, commit and rollback, two phases, in doubt. */
class RegistryTransactionTest {
    private static final RegistryOptions OPTIONS = Hive.small();

    private MemoryBlockDevice tmLog;
    private TransactionManager tm;
    private Hive hive;
    private Registry reg;

    @BeforeEach
    void setUp() {
        tmLog = MemoryBlockDevice.create(512, 2048);
        tm = TransactionManager.format(tmLog, LogOptions.defaults());
        hive = Hive.create();
        reg = hive.format(OPTIONS);
        tm.register(reg);
    }

    @AfterEach
    void tearDown() {
        tm.close();
        reg.close();
    }

    @Test
    void aTransactionSeesItsOwnChangesAndNobodyElseDoes() {
        reg.setValue("\\App", "a", bytes("committed"));
        Transaction tx = tm.createTransaction();
        Transaction other = tm.createTransaction();
        reg.setValue("\\App", "a", bytes("mine"), tx);
        reg.appendValue("\\App", "b", bytes("new"), tx);
        reg.appendValue("\\App", "b", bytes("+more"), tx);
        assertEquals(List.of("reg"), tx.enlistedNames());
        assertEquals("mine", string(reg.getValue("\\app", "A", tx)));
        assertEquals("new+more", string(reg.getValue("\\App", "b", tx)));
        assertEquals(List.of("a", "b"), reg.valueNames("\\App", tx));
        assertEquals("committed", string(reg.getValue("\\App", "a")));
        assertEquals("committed", string(reg.getValue("\\App", "a", other)));
        assertTrue(reg.getValue("\\App", "b").isEmpty());
        assertEquals(List.of("a"), reg.valueNames("\\App"));
        reg.deleteValue("\\App", "a", tx);
        assertTrue(reg.getValue("\\App", "a", tx).isEmpty());
        assertEquals(List.of("b"), reg.valueNames("\\App", tx));
        tx.commit();
        assertTrue(reg.getValue("\\App", "a").isEmpty());
        assertEquals("new+more", string(reg.getValue("\\App", "b")));
        assertEquals("new+more", string(reg.getValue("\\App", "b", other)));
        other.rollback();
    }

    @Test
    void aHeldValueCannotBeChangedByAnyoneElse() {
        reg.setValue("\\App", "a", bytes("committed"));
        Transaction tx = tm.createTransaction();
        Transaction other = tm.createTransaction();
        reg.setValue("\\App", "A", bytes("mine"), tx);
        reg.deleteValue("\\App", "gone", tx);
        for (String name : List.of("a", "GONE")) {
            assertThrows(SharingViolationException.class, () -> reg.setValue("\\APP", name, bytes("x"), other));
            assertThrows(SharingViolationException.class, () -> reg.appendValue("\\App", name, bytes("x"), other));
            assertThrows(SharingViolationException.class, () -> reg.deleteValue("\\App", name, other));
            assertThrows(SharingViolationException.class, () -> reg.setValue("\\App", name, bytes("x")));
            assertThrows(SharingViolationException.class, () -> reg.appendValue("\\App", name, bytes("x")));
            assertThrows(SharingViolationException.class, () -> reg.deleteValue("\\App", name));
        }
        assertEquals("committed", string(reg.getValue("\\App", "a")));
        assertTrue(reg.getValue("\\App", "gone", other).isEmpty());
        reg.setValue("\\App", "free", bytes("plain"));
        reg.setValue("\\App", "other", bytes("theirs"), other);
        tx.rollback();
        assertEquals("committed", string(reg.getValue("\\App", "a")));
        reg.setValue("\\App", "a", bytes("now free"), other);
        other.commit();
        assertEquals("now free", string(reg.getValue("\\App", "a")));
        assertEquals("theirs", string(reg.getValue("\\App", "other")));
        reg.setValue("\\App", "a", bytes("plain again"));
    }

    @Test
    void callsOnAnEndedTransactionAreNotActive() {
        Transaction tx = tm.createTransaction();
        reg.setValue("\\App", "a", bytes("x"), tx);
        tx.commit();
        Transaction rolledBack = tm.createTransaction();
        rolledBack.rollback();
        for (Transaction t : List.of(tx, rolledBack)) {
            assertThrows(TransactionNotActiveException.class, () -> reg.setValue("\\App", "a", bytes("y"), t));
            assertThrows(TransactionNotActiveException.class, () -> reg.appendValue("\\App", "b", bytes("y"), t));
            assertThrows(TransactionNotActiveException.class, () -> reg.deleteValue("\\App", "a", t));
            assertThrows(TransactionNotActiveException.class, () -> reg.getValue("\\App", "a", t));
            assertThrows(TransactionNotActiveException.class, () -> reg.valueNames("\\App", t));
        }
        assertEquals("x", string(reg.getValue("\\App", "a")));
        assertTrue(reg.getValue("\\App", "b").isEmpty());
    }

    @Test
    void notActiveIsCheckedBeforeSharingViolation() {
        Transaction holder = tm.createTransaction();
        reg.setValue("\\App", "a", bytes("x"), holder);
        Transaction ended = tm.createTransaction();
        ended.rollback();
        assertThrows(TransactionNotActiveException.class, () -> reg.setValue("\\App", "a", bytes("y"), ended));
        holder.rollback();
    }

    @Test
    void aFailedChangeChangesNothing() {
        Transaction tx = tm.createTransaction();
        reg.setValue("\\App", "a", bytes("x"), tx);
        assertThrows(ValueTooLargeException.class,
                () -> reg.appendValue("\\App", "a", new byte[OPTIONS.valueBytesMax()], tx));
        assertThrows(InvalidRegistryNameException.class, () -> reg.setValue("\\App\\", "a", bytes("y"), tx));
        assertEquals("x", string(reg.getValue("\\App", "a", tx)));
        tx.commit();
        assertEquals("x", string(reg.getValue("\\App", "a")));
    }

    @Test
    void rollbackDropsEverythingAndCloseRollsBack() {
        reg.setValue("\\App", "a", bytes("committed"));
        try (Transaction tx = tm.createTransaction()) {
            reg.setValue("\\App", "a", bytes("dropped"), tx);
            reg.setValue("\\App", "b", bytes("dropped"), tx);
        }
        assertEquals("committed", string(reg.getValue("\\App", "a")));
        assertTrue(reg.getValue("\\App", "b").isEmpty());
        reg.setValue("\\App", "b", bytes("free"));
    }

    @Test
    void aReadOnlyTransactionDoesNotEnlist() {
        Transaction tx = tm.createTransaction();
        reg.getValue("\\App", "a", tx);
        reg.valueNames("\\App", tx);
        assertEquals(List.of(), tx.enlistedNames());
        tx.commit();
    }

    @Test
    void twoRegistriesCommitTogether() {
        Registry second = Hive.create().format(OPTIONS.withName("reg2"));
        tm.register(second);
        Transaction tx = tm.createTransaction();
        reg.setValue("\\App", "a", bytes("one"), tx);
        second.setValue("\\App", "a", bytes("two"), tx);
        tx.commit();
        assertEquals("one", string(reg.getValue("\\App", "a")));
        assertEquals("two", string(second.getValue("\\App", "a")));
        assertEquals(0, tm.outstandingCommits());
        reg.setValue("\\App", "a", bytes("free"));
        second.setValue("\\App", "a", bytes("free"));
        second.close();
    }

    @Test
    void aRefusedPrepareAbortsEverywhere() {
        ScriptedRm refuser = new ScriptedRm("refuser");
        refuser.refusePrepare = true;
        tm.register(refuser);
        Transaction tx = tm.createTransaction();
        reg.setValue("\\App", "a", bytes("never"), tx);
        tx.enlist(refuser);
        assertThrows(TransactionAbortedException.class, tx::commit);
        assertEquals(Transaction.Status.ABORTED, tx.status());
        assertTrue(reg.getValue("\\App", "a").isEmpty());
        reg.setValue("\\App", "a", bytes("free"));
        assertEquals(1, reg.valueCount());
    }

    @Test
    void aTransactionTooLargeForItsIntentIsRefused() {
        Registry small = Hive.create().format(OPTIONS.withName("small").withTransactionBytesMax(200));
        tm.register(small);
        ScriptedRm other = new ScriptedRm("other");
        tm.register(other);
        Transaction tx = tm.createTransaction();
        small.setValue("\\App", "a", new byte[300], tx);
        tx.enlist(other);
        assertThrows(TransactionAbortedException.class, tx::commit);
        assertTrue(small.getValue("\\App", "a").isEmpty());
        small.setValue("\\App", "a", new byte[300]);
        small.close();
    }

    @Test
    void aPrepareTheHiveLogCannotHoldIsRefused() {
        Registry small = Hive.create(12, 64).format(OPTIONS.withName("small"));
        tm.register(small);
        ScriptedRm other = new ScriptedRm("other");
        tm.register(other);
        Transaction tx = tm.createTransaction();
        small.setValue("\\App", "big", new byte[OPTIONS.valueBytesMax()], tx);
        tx.enlist(other);
        assertFalse(small.prepare(tx.id())); // the intent does not fit the hive log
        assertThrows(TransactionAbortedException.class, tx::commit);
        assertTrue(small.getValue("\\App", "big").isEmpty());
        small.setValue("\\App", "big", bytes("free"));
        small.close();
    }

    @Test
    void aPreparedTransactionReservesWhatItsCommitNeeds() {
        Registry tiny = Hive.create(256, 6).format(OPTIONS.withName("tiny"));
        tm.register(tiny);
        ScriptedRm other = new ScriptedRm("other");
        tm.register(other);
        Transaction tx = tm.createTransaction();
        tx.enlist(other); // first: told to commit before the registry is
        tiny.setValue("\\App", "a", new byte[300], tx);
        tiny.setValue("\\App", "b", new byte[300], tx);
        boolean[] plainRefused = {false};
        other.onCommit = () -> {
            // Prepared: its intent (2 pages) and its two records (2 pages) leave page 5 free at most.
            tiny.setValue("\\Plain", "x", new byte[10]);
            try {
                tiny.setValue("\\Plain", "y", new byte[10]);
            } catch (RegistryFullException e) {
                plainRefused[0] = true;
            }
        };
        tx.commit();
        assertTrue(plainRefused[0]);
        assertEquals(300, tiny.getValue("\\App", "b").orElseThrow().length);
        tiny.close();
    }

    @Test
    void aPreparedTransactionIsInDoubtAfterACrashAndCommitsByTheLog() {
        ScriptedRm bomb = new ScriptedRm("bomb");
        tm.register(bomb);
        reg.setValue("\\App", "a", bytes("before"));
        Transaction tx = tm.createTransaction();
        tx.enlist(bomb); // first: it is told to commit first, and the crash comes then
        reg.setValue("\\App", "a", bytes("after"), tx);
        reg.setValue("\\App", "b", bytes("new"), tx);
        Hive[] crashed = {null};
        MemoryBlockDevice[] crashedTm = {null};
        bomb.onCommit = () -> {
            crashed[0] = hive.copy();
            crashedTm[0] = MemoryBlockDevice.of(512, tmLog.image());
            throw new IllegalStateException("crash");
        };
        assertThrows(IllegalStateException.class, tx::commit);
        assertEquals(Transaction.Status.COMMITTED, tx.status());

        TransactionManager tm2 = TransactionManager.open(crashedTm[0], LogOptions.defaults());
        Registry reopened = crashed[0].open(OPTIONS);
        assertEquals(Set.of(tx.id()), reopened.inDoubt());
        assertEquals("before", string(reopened.getValue("\\App", "a")));
        assertThrows(SharingViolationException.class, () -> reopened.setValue("\\App", "a", bytes("x")));
        tm2.register(reopened);
        assertEquals(Set.of(), reopened.inDoubt());
        assertEquals("after", string(reopened.getValue("\\App", "a")));
        assertEquals("new", string(reopened.getValue("\\App", "b")));
        reopened.setValue("\\App", "a", bytes("free"));
        reopened.close();
        tm2.close();
    }

    @Test
    void aPreparedTransactionWithoutADecisionRollsBackAfterACrash() {
        ScriptedRm bomb = new ScriptedRm("bomb");
        tm.register(bomb);
        reg.setValue("\\App", "a", bytes("before"));
        Transaction tx = tm.createTransaction();
        reg.setValue("\\App", "a", bytes("after"), tx);
        tx.enlist(bomb); // second: it prepares after the registry, and the crash comes then
        Hive[] crashed = {null};
        MemoryBlockDevice[] crashedTm = {null};
        bomb.onPrepare = () -> {
            crashed[0] = hive.copy();
            crashedTm[0] = MemoryBlockDevice.of(512, tmLog.image());
        };
        bomb.refusePrepare = true;
        assertThrows(TransactionAbortedException.class, tx::commit);

        TransactionManager tm2 = TransactionManager.open(crashedTm[0], LogOptions.defaults());
        Registry reopened = crashed[0].open(OPTIONS);
        assertEquals(Set.of(tx.id()), reopened.inDoubt());
        tm2.register(reopened);
        assertEquals(Set.of(), reopened.inDoubt());
        assertEquals("before", string(reopened.getValue("\\App", "a")));
        reopened.setValue("\\App", "a", bytes("free"));
        reopened.close();
        tm2.close();
    }

    @Test
    void callbacksAreIdempotentAndAcceptUnknownTransactions() {
        TransactionId unknown = new TransactionId(999);
        assertTrue(reg.prepare(unknown));
        reg.commit(unknown);
        reg.rollback(unknown);
        assertTrue(reg.commitOnePhase(unknown));
        assertEquals(Set.of(), reg.inDoubt());
        assertEquals("reg", reg.name());

        ScriptedRm other = new ScriptedRm("other");
        tm.register(other);
        Transaction tx = tm.createTransaction();
        reg.setValue("\\App", "a", bytes("x"), tx);
        tx.enlist(other);
        tx.commit();
        reg.commit(tx.id());
        reg.rollback(tx.id());
        assertEquals("x", string(reg.getValue("\\App", "a")));
    }

    @Test
    void aCleanCloseKeepsAPreparedIntentInDoubt() {
        ScriptedRm other = new ScriptedRm("other");
        tm.register(other);
        Transaction tx = tm.createTransaction();
        reg.setValue("\\App", "a", bytes("x"), tx);
        tx.enlist(other);
        assertTrue(reg.prepare(tx.id()));
        assertFalse(reg.inDoubt().contains(tx.id())); // only intents found at open are in doubt
        reg.close();
        Registry reopened = hive.open(OPTIONS);
        assertEquals(Set.of(tx.id()), reopened.inDoubt());
        reopened.rollback(tx.id());
        reopened.rollback(tx.id());
        assertNull(string(reopened.getValue("\\App", "a")));
        reopened.close();
        reg = hive.open(OPTIONS);
        assertEquals(Set.of(), reg.inDoubt());
        tx.rollback();
    }
}
