package txstack.implementation.txr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static txstack.implementation.txr.RegistryTest.bytes;
import static txstack.implementation.txr.RegistryTest.string;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.ktm.SharingViolationException;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.lfs.LogOptions;

/**
 * Threads at once on one registry: plain appends to their own values, and transactions that all append to one
 * shared value, retried on a sharing violation. Every append that returned (or whose transaction committed) is there
 * exactly once, and a reopen shows the same.
 */
class RegistryConcurrencyTest {
    private static final int THREADS = 4;
    private static final int ROUNDS = 25;

    @Test
    void threadsShareTheRegistry() throws Exception {
        Hive hive = Hive.create(1024, 256);
        RegistryOptions options = Hive.small().withValuesMax(1000);
        TransactionManager tm = TransactionManager.format(MemoryBlockDevice.create(512, 2048), LogOptions.defaults());
        Registry reg = hive.format(options);
        tm.register(reg);
        AtomicInteger committed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int round = 0; round < ROUNDS; round++) {
                    reg.appendValue("\\Threads", "t" + thread, bytes("x"));
                    while (true) {
                        try (Transaction tx = tm.createTransaction()) {
                            reg.appendValue("\\Shared", "v", bytes("s"), tx);
                            reg.setValue("\\Threads\\T" + thread, "round", bytes("" + round), tx);
                            tx.commit();
                            committed.incrementAndGet();
                            break;
                        } catch (SharingViolationException e) {
                            Thread.onSpinWait();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertEquals(THREADS * ROUNDS, committed.get());
        assertEquals("s".repeat(THREADS * ROUNDS), string(reg.getValue("\\Shared", "v")));
        tm.close();
        reg.close();
        try (Registry reopened = hive.open(options)) {
            assertEquals("s".repeat(THREADS * ROUNDS), string(reopened.getValue("\\Shared", "v")));
            for (int t = 0; t < THREADS; t++) {
                assertEquals("x".repeat(ROUNDS), string(reopened.getValue("\\Threads", "t" + t)));
                assertEquals("" + (ROUNDS - 1), string(reopened.getValue("\\Threads\\t" + t, "ROUND")));
            }
            assertEquals(1 + 2 * THREADS, reopened.valueCount());
        }
    }
}
