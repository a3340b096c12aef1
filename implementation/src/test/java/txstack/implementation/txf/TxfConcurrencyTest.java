package txstack.implementation.txf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.ktm.SharingViolationException;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.txr.Registry;
import txstack.implementation.txr.RegistryOptions;

/**
 * Eight clients commit two-phase transactions (a file and a registry value each) at once, half of them also trying a
 * shared file another client's transaction may hold: every commit lands in both resource managers, no call
 * deadlocks (the calls take the transaction's lock before a resource manager's, as commit does), and a refused
 * change aborts nothing.
 */
class TxfConcurrencyTest {

    @Test
    void concurrentTwoPhaseCommitsAllLandWithoutDeadlock() throws Exception {
        FileSystem fs = FileSystem.format(MemoryBlockDevice.create(512, 8192), TransactionalFileSystemTest.OPTIONS);
        Registry registry = Registry.format(MemoryBlockDevice.create(512, 512), MemoryBlockDevice.create(512, 2048),
                RegistryOptions.defaults());
        int clients = 8;
        int rounds = 20;
        try (TransactionManager tm = TransactionManager.format(MemoryBlockDevice.create(512, 512),
                LogOptions.defaults())) {
            TransactionalFileSystem txf = TransactionalFileSystem.on(fs);
            tm.register(txf);
            tm.register(registry);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        try (Transaction tx = tm.createTransaction()) {
                            byte[] token = (client + "." + i + ";").getBytes(StandardCharsets.US_ASCII);
                            txf.append("\\c" + client, token, tx);
                            registry.appendValue("\\Clients", "c" + client, token, tx);
                            if (client % 2 == 1) {
                                try {
                                    txf.append("\\shared", token, tx);
                                } catch (SharingViolationException e) {
                                    // another client's transaction holds it now: refused, nothing else changes
                                }
                            }
                            tx.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            for (int c = 0; c < clients; c++) {
                StringBuilder expected = new StringBuilder();
                for (int i = 0; i < rounds; i++) {
                    expected.append(c).append('.').append(i).append(';');
                }
                assertEquals(expected.toString(), new String(txf.read("\\c" + c), StandardCharsets.US_ASCII));
                assertArrayEquals(txf.read("\\c" + c), registry.getValue("\\Clients", "c" + c).orElseThrow());
            }
            String shared = new String(txf.read("\\shared"), StandardCharsets.US_ASCII);
            for (String token : shared.split(";")) {
                int client = Integer.parseInt(token.substring(0, token.indexOf('.')));
                assertEquals(1, client % 2, "only odd clients write the shared file: " + token);
            }
        }
    }
}
