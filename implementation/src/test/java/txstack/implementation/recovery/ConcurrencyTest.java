package txstack.implementation.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import txstack.implementation.disk.ForwardingDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.lfs.LogOptions;

/**
 * Concurrent transactions on different pages: the store's lock is free while a committer waits for the log, so
 * commits of several threads share log flushes (group commit), and a workload of threads, each on pages of its own,
 * leaves exactly the committed pages after a crash.
 */
class ConcurrencyTest {
    private static final StoreOptions OPTIONS = new StoreOptions(8, 16, 64, new LogOptions(4096, 256, 4096));

    /** A log device whose flush can be held at a latch, and that counts flushes. */
    private static final class HeldLog extends ForwardingDevice {
        final AtomicBoolean hold = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger flushes = new AtomicInteger();
        volatile long slowFlushMillis;

        HeldLog(int sectors) {
            super(MemoryBlockDevice.create(512, sectors));
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
            if (hold.getAndSet(false)) {
                entered.countDown();
                await(release);
            }
            if (slowFlushMillis > 0) {
                try {
                    Thread.sleep(slowFlushMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.flush();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aCommitWaitingForTheLogLeavesTheStoreFree() throws Exception {
        HeldLog log = new HeldLog(Devices.RESTART_SECTORS + 200);
        MemoryBlockDevice data = MemoryBlockDevice.create(512, 8);
        RecoverableStore store = RecoverableStore.format(log, data, OPTIONS);
        Transaction waiting = store.begin();
        waiting.update(0, 0, new byte[] {1});
        log.hold.set(true);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<?> commit = executor.submit(waiting::commit);
            await(log.entered);
            assertFalse(store.lock().isLocked(), "the store's lock is held during a commit's log flush");
            Transaction other = store.begin();
            other.update(1, 0, new byte[] {2});
            assertEquals(2, store.read(1)[0]);
            assertFalse(commit.isDone());
            log.release.countDown();
            commit.get();
            other.commit();
        } finally {
            log.release.countDown();
            executor.shutdown();
        }
        store.close();
        RecoverableStore reopened = RecoverableStore.open(log, data, OPTIONS);
        assertEquals(1, reopened.read(0)[0]);
        assertEquals(2, reopened.read(1)[0]);
    }

    @Test
    void concurrentCommittersShareLogFlushes() throws Exception {
        HeldLog log = new HeldLog(Devices.RESTART_SECTORS + 400);
        MemoryBlockDevice data = MemoryBlockDevice.create(512, 8);
        RecoverableStore store = RecoverableStore.format(log, data, OPTIONS);
        int threads = 8;
        int commitsPerThread = 10;
        log.slowFlushMillis = 2; // a slow disk: committers pile up behind the flush in progress
        int flushesBefore = log.flushes.get();
        runThreads(threads, thread -> {
            for (int i = 1; i <= commitsPerThread; i++) {
                Transaction tx = store.begin();
                tx.update(thread, 0, new byte[] {(byte) i});
                tx.commit();
            }
        });
        int flushes = log.flushes.get() - flushesBefore;
        log.slowFlushMillis = 0;
        assertTrue(flushes < threads * commitsPerThread, "no commit shared a flush: flushes=" + flushes);
        Devices crashed = new Devices(MemoryBlockDevice.of(512, image(log)), MemoryBlockDevice.of(512, data.image()));
        RecoverableStore recovered = crashed.open(OPTIONS);
        for (int thread = 0; thread < threads; thread++) {
            assertEquals(commitsPerThread, recovered.read(thread)[0]);
        }
    }

    /** Threads on pages of their own; then a crash with some transactions still open. */
    @Test
    void concurrentTransactionsLeaveExactlyTheirCommittedPages() throws Exception {
        HeldLog log = new HeldLog(Devices.RESTART_SECTORS + 120);
        MemoryBlockDevice data = MemoryBlockDevice.create(512, 16);
        RecoverableStore store = RecoverableStore.format(log, data, OPTIONS.withCachePagesMax(3));
        int threads = 4;
        byte[][] committed = new byte[16][store.pageSizeBytes()];
        runThreads(threads + 1, thread -> {
            SplittableRandom random = new SplittableRandom(thread);
            if (thread == threads) {
                for (int i = 0; i < 30; i++) {
                    try {
                        store.checkpoint();
                    } catch (StoreFullException e) {
                        // transactions hold the log's start: the next checkpoint may fit
                    }
                    store.writeBack(random.nextInt(16));
                }
                return;
            }
            ownPagesWorkload(store, thread, random, committed);
        });
        Devices crashed = new Devices(MemoryBlockDevice.of(512, image(log)), MemoryBlockDevice.of(512, data.image()));
        RecoverableStore recovered = crashed.open(OPTIONS);
        for (int page = 0; page < 16; page++) {
            assertArrayEquals(committed[page], recovered.read(page), "page " + page);
        }
        assertTrue(recovered.lastRecovery().losers() > 0, recovered.lastRecovery().toString());
    }

    /** Thread {@code t} updates pages {@code 4t .. 4t + 3}; its last transaction stays open. */
    private static void ownPagesWorkload(RecoverableStore store, int thread, SplittableRandom random,
                                         byte[][] committed) {
        byte[][] current = new byte[16][];
        for (int round = 0; round < 40; round++) {
            Transaction tx = store.begin();
            List<Integer> touched = new ArrayList<>();
            for (int u = 0; u < 1 + random.nextInt(4); u++) {
                int page = 4 * thread + random.nextInt(4);
                byte[] bytes = new byte[1 + random.nextInt(64)];
                random.nextBytes(bytes);
                int offset = random.nextInt(store.pageSizeBytes() - bytes.length);
                tx.update(page, offset, bytes);
                touched.add(page);
            }
            for (int page : touched) {
                current[page] = store.read(page);
            }
            if (round == 39) {
                return;
            }
            if (random.nextInt(4) == 0) {
                tx.rollback();
                for (int page : touched) {
                    assertArrayEquals(committed[page], store.read(page));
                }
            } else {
                tx.commit();
                for (int page : touched) {
                    committed[page] = current[page];
                }
            }
        }
    }

    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    private static void runThreads(int count, ThreadBody body) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < count; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    await(start);
                    body.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdown();
        }
    }

    /** The log device's content: a memory device keeps every write, so this is a crash after the last one. */
    private static byte[] image(HeldLog log) {
        byte[] image = new byte[(int) log.sectorCount() * 512];
        log.read(0, java.nio.ByteBuffer.wrap(image));
        return image;
    }
}
