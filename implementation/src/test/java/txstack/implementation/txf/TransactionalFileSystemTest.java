package txstack.implementation.txf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.fs.FsOptions;
import txstack.implementation.fs.NotFoundException;
import txstack.implementation.ktm.ResourceManager;
import txstack.implementation.ktm.SharingViolationException;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionAbortedException;
import txstack.implementation.ktm.TransactionId;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.ktm.TransactionNotActiveException;
import txstack.implementation.lfs.LogOptions;

/** TxF's calls, isolation and commit paths, through a real transaction manager. */
class TransactionalFileSystemTest {
    static final FsOptions OPTIONS = FsOptions.defaults().withClusterBytes(512).withBlockBytes(1024)
            .withNameLengthMax(64);

    private final MemoryBlockDevice volume = MemoryBlockDevice.create(512, 4096);
    private final MemoryBlockDevice tmLog = MemoryBlockDevice.create(512, 256);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A resource manager that refuses to prepare when told to, so a transaction needs two phases. */
    static final class SwitchRm implements ResourceManager {
        boolean refuse;

        @Override
        public String name() {
            return "switch";
        }

        @Override
        public boolean prepare(TransactionId tx) {
            return !refuse;
        }

        @Override
        public void commit(TransactionId tx) {
        }

        @Override
        public void rollback(TransactionId tx) {
        }

        @Override
        public Set<TransactionId> inDoubt() {
            return Set.of();
        }
    }

    @Test
    void aTransactionsChangesAreItsOwnUntilItCommits() {
        FileSystem fs = FileSystem.format(volume, OPTIONS);
        fs.createDirectory("\\d");
        try (TransactionManager tm = TransactionManager.format(tmLog, LogOptions.defaults())) {
            TransactionalFileSystem txf = TransactionalFileSystem.on(fs);
            tm.register(txf);
            txf.write("\\d\\a", b("old"));
            Transaction t1 = tm.createTransaction();
            txf.append("\\d\\a", b("+t1"), t1);
            txf.write("\\d\\b", b("t1"), t1);
            assertArrayEquals(b("old+t1"), txf.read("\\d\\a", t1));
            assertArrayEquals(b("old"), txf.read("\\d\\a"));
            assertArrayEquals(new byte[0], txf.read("\\d\\b"), "created only at commit");
            Transaction t2 = tm.createTransaction();
            assertArrayEquals(b("old"), txf.read("\\D\\A", t2));
            assertThrows(SharingViolationException.class, () -> txf.write("\\D\\A", b("t2"), t2));
            assertThrows(SharingViolationException.class, () -> txf.append("\\d\\b", b("plain")));
            txf.write("\\d\\c", b("t2"), t2);
            t1.commit();
            assertArrayEquals(b("old+t1"), txf.read("\\d\\a"));
            assertArrayEquals(b("t1"), fs.read("\\d\\b", 0, 100));
            assertThrows(TransactionNotActiveException.class, () -> txf.read("\\d\\a", t1));
            txf.append("\\d\\a", b("+t2"), t2);
            t2.rollback();
            assertArrayEquals(b("old+t1"), txf.read("\\d\\a"));
            assertArrayEquals(new byte[0], txf.read("\\d\\c"));
            assertEquals(0, fs.list(TransactionalFileSystem.DIRECTORY).size(), "no intent left");
        }
    }

    @Test
    void twoPhasesAcrossResourceManagersAndARefusalRollsTxfBack() {
        FileSystem fs = FileSystem.format(volume, OPTIONS);
        SwitchRm other = new SwitchRm();
        try (TransactionManager tm = TransactionManager.format(tmLog, LogOptions.defaults())) {
            TransactionalFileSystem txf = TransactionalFileSystem.on(fs);
            tm.register(txf);
            tm.register(other);
            try (Transaction t = tm.createTransaction()) {
                txf.write("\\f", b("committed"), t);
                t.enlist(other);
                t.commit();
            }
            assertArrayEquals(b("committed"), txf.read("\\f"));
            other.refuse = true;
            Transaction t = tm.createTransaction();
            txf.write("\\f", b("refused"), t);
            t.enlist(other);
            assertThrows(TransactionAbortedException.class, t::commit);
            assertArrayEquals(b("committed"), txf.read("\\f"));
            txf.write("\\f", b("free again"));
            assertEquals(0, fs.list(TransactionalFileSystem.DIRECTORY).size());
        }
    }

    @Test
    void aPreparedTransactionSurvivesARestartInDoubtAndFollowsTheDecision() {
        FileSystem fs = FileSystem.format(volume, OPTIONS);
        TransactionManager tm = TransactionManager.format(tmLog, LogOptions.defaults());
        TransactionalFileSystem txf = TransactionalFileSystem.on(fs);
        tm.register(txf);
        Transaction t = tm.createTransaction();
        txf.write("\\f", b("prepared"), t);
        assertTrue(txf.prepare(t.id()));
        fs.close(); // the power fails with t prepared and no decision logged
        FileSystem again = FileSystem.mount(volume, OPTIONS);
        TransactionalFileSystem txf2 = TransactionalFileSystem.on(again);
        assertEquals(Set.of(t.id()), txf2.inDoubt());
        assertArrayEquals(new byte[0], txf2.read("\\f"), "in doubt: the file is untouched");
        assertThrows(SharingViolationException.class, () -> txf2.write("\\f", b("plain")));
        try (TransactionManager tm2 = TransactionManager.open(tmLog, LogOptions.defaults())) {
            tm2.register(txf2); // no COMMIT record: presumed abort
            assertEquals(Set.of(), txf2.inDoubt());
            assertArrayEquals(new byte[0], txf2.read("\\f"));
            txf2.write("\\f", b("plain"));
        }
    }

    @Test
    void badCallsFailClearly() {
        FileSystem fs = FileSystem.format(volume, OPTIONS);
        try (TransactionManager tm = TransactionManager.format(tmLog, LogOptions.defaults())) {
            TransactionalFileSystem txf = TransactionalFileSystem.on(fs);
            tm.register(txf);
            Transaction t = tm.createTransaction();
            assertThrows(NotFoundException.class, () -> txf.write("\\missing\\f", b("x"), t));
            assertThrows(IllegalArgumentException.class, () -> txf.write("\\$TXF\\7", b("x")));
            t.rollback();
            assertThrows(TransactionNotActiveException.class, () -> txf.write("\\f", b("x"), t));
        }
    }
}
