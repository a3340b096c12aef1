package txstack.implementation.thirdparty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.fs.FsOptions;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionAbortedException;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.txf.TransactionalFileSystem;

/**
 * KTM-3: a resource manager written outside txstack's packages ({@link CounterRm}, a few dozen lines against the
 * public {@code ResourceManager} interface) takes part in two-phase commit with TxF: commits with it, refuses to
 * prepare and so rolls TxF back (KTM-4), and after a restart its in-doubt transaction follows the logged decision.
 */
class ThirdPartyRmTest {
    private static final FsOptions OPTIONS = FsOptions.defaults().withClusterBytes(512).withBlockBytes(1024)
            .withNameLengthMax(64);

    private final MemoryBlockDevice volume = MemoryBlockDevice.create(512, 4096);
    private final MemoryBlockDevice tmLog = MemoryBlockDevice.create(512, 256);
    private final MemoryBlockDevice counters = MemoryBlockDevice.create(512, 2);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void itCommitsWithTxfAndItsRefusalRollsTxfBack() {
        FileSystem fs = FileSystem.format(volume, OPTIONS);
        try (TransactionManager tm = TransactionManager.format(tmLog, LogOptions.defaults())) {
            TransactionalFileSystem txf = TransactionalFileSystem.on(fs);
            CounterRm rm = new CounterRm(counters);
            tm.register(txf);
            tm.register(rm);
            try (Transaction tx = tm.createTransaction()) {
                txf.write("\\order", b("one book"), tx);
                rm.add("b", 1, tx);
                tx.commit();
            }
            assertEquals(1, rm.get("b"));
            assertEquals(1, new CounterRm(counters).get("b"), "durable on its own device");
            rm.refuseNext = true;
            Transaction tx = tm.createTransaction();
            txf.write("\\order", b("two books"), tx);
            rm.add("b", 1, tx);
            assertThrows(TransactionAbortedException.class, tx::commit);
            assertArrayEquals(b("one book"), txf.read("\\order"));
            assertEquals(1, rm.get("b"));
        }
    }

    @Test
    void afterARestartItsInDoubtTransactionFollowsTheLoggedDecision() {
        FileSystem fs = FileSystem.format(volume, OPTIONS);
        TransactionManager tm = TransactionManager.format(tmLog, LogOptions.defaults());
        TransactionalFileSystem txf = TransactionalFileSystem.on(fs);
        CounterRm rm = new CounterRm(counters) {
            @Override
            public synchronized void commit(txstack.implementation.ktm.TransactionId tx) {
                throw new IllegalStateException("test: the power fails before the counters are told");
            }
        };
        tm.register(txf);
        tm.register(rm);
        Transaction tx = tm.createTransaction();
        txf.write("\\order", b("three books"), tx);
        rm.add("b", 3, tx);
        assertThrows(IllegalStateException.class, tx::commit);
        // the power fails: everything is dropped; the devices keep what was written
        CounterRm again = new CounterRm(counters);
        assertEquals(Set.of(tx.id()), again.inDoubt());
        assertEquals(0, again.get("b"));
        try (TransactionManager tm2 = TransactionManager.open(tmLog, LogOptions.defaults())) {
            tm2.register(TransactionalFileSystem.on(FileSystem.mount(volume, OPTIONS)));
            tm2.register(again);
            assertEquals(3, again.get("b"));
            assertEquals(Set.of(), again.inDoubt());
            assertEquals(0, tm2.outstandingCommits());
        }
    }
}
