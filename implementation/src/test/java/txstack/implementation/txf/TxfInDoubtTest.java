package txstack.implementation.txf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.ktm.ResourceManager;
import txstack.implementation.ktm.SharingViolationException;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionId;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.lfs.LogOptions;

/**
 * TxF between its own recovery and the transaction manager's word: a transaction TxF prepared and the transaction
 * manager decided to commit is in doubt after a crash, and until TxF is registered (which commits it) TxF must hold
 * its files. A plain change that got through would be overwritten by the commit: a change that returned, lost. The
 * transaction suite cannot reach this window (the SPI's open closes it), so this test checks it, and catches the
 * broken variant {@link TxfFault#LOCKS_DROPPED_AT_RECOVERY}.
 */
class TxfInDoubtTest {
    private static final String FILE = "\\f";

    /** Power goes out inside the second phase, before TxF is told to commit: an Error, so nothing carries on. */
    private static final class PowerLost extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** A resource manager told to commit first, where the power goes out; it keeps nothing in doubt. */
    private static final class Fuse implements ResourceManager {
        @Override
        public String name() {
            return "fuse";
        }

        @Override
        public boolean prepare(TransactionId tx) {
            return true;
        }

        @Override
        public void commit(TransactionId tx) {
            throw new PowerLost();
        }

        @Override
        public void rollback(TransactionId tx) {
        }

        @Override
        public Set<TransactionId> inDoubt() {
            return Set.of();
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anInDoubtTransactionHoldsItsFilesUntilResolved() {
        assertEquals(Optional.empty(), windowViolation(TxfFault.CORRECT));
    }

    @Test
    void locksDroppedAtRecoveryAreCaught() {
        Optional<String> violation = windowViolation(TxfFault.LOCKS_DROPPED_AT_RECOVERY);
        assertTrue(violation.isPresent(), "the broken variant was not caught");
        assertTrue(violation.get().contains("plain change"), violation.get());
    }

    /** What is wrong in the window with TxF of {@code fault}, if anything. */
    private static Optional<String> windowViolation(TxfFault fault) {
        MemoryBlockDevice volume = MemoryBlockDevice.create(512, 4096);
        MemoryBlockDevice tmLog = MemoryBlockDevice.create(512, 256);
        FileSystem fs = FileSystem.format(volume, TransactionalFileSystemTest.OPTIONS);
        TransactionManager tm = TransactionManager.format(tmLog, LogOptions.defaults());
        TransactionalFileSystem txf = TransactionalFileSystem.on(fs, "fs", fault);
        Fuse fuse = new Fuse();
        tm.register(txf);
        tm.register(fuse);
        txf.write(FILE, b("before;"));
        Transaction t = tm.createTransaction();
        t.enlist(fuse); // first, so it is told to commit first
        txf.append(FILE, b("t;"), t);
        assertThrows(PowerLost.class, t::commit);
        // the crash: everything dropped, the devices keep what was written
        FileSystem fs2 = FileSystem.mount(volume, TransactionalFileSystemTest.OPTIONS);
        TransactionalFileSystem txf2 = TransactionalFileSystem.on(fs2, "fs", fault);
        assertEquals(Set.of(t.id()), new HashSet<>(txf2.inDoubt()), "the prepared transaction is in doubt");
        assertArrayEquals(b("before;"), txf2.read(FILE), "in doubt, the file reads as last committed");
        boolean plainChangeReturned;
        try {
            txf2.append(FILE, b("plain;"));
            plainChangeReturned = true;
        } catch (SharingViolationException e) {
            plainChangeReturned = false;
        }
        try (TransactionManager tm2 = TransactionManager.open(tmLog, LogOptions.defaults())) {
            tm2.register(txf2); // commits the in-doubt transaction
            tm2.register(new Fuse());
            String after = new String(txf2.read(FILE), StandardCharsets.UTF_8);
            if (plainChangeReturned && !after.contains("plain;")) {
                return Optional.of("a plain change of a file an in-doubt transaction held returned, and the "
                        + "transaction's commit then overwrote it: file now '" + after + "'");
            }
            if (plainChangeReturned) {
                return Optional.of("a plain change of a file an in-doubt transaction held returned: file now '"
                        + after + "'");
            }
            if (!after.equals("before;t;")) {
                return Optional.of("the decided commit did not land: file now '" + after + "'");
            }
            txf2.append(FILE, b("free;"));
            return Optional.empty();
        }
    }
}
