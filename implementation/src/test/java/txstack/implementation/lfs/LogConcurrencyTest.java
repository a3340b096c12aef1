package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import txstack.implementation.StorageException;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.DiskException;
import txstack.implementation.disk.ForwardingDevice;
import txstack.implementation.disk.MemoryBlockDevice;

/** Group commit under concurrent appenders and flushers (LFS-4): durable LSNs only grow, nothing is lost. */
class LogConcurrencyTest {
    private static final int THREADS = 8;
    private static final int RECORDS_PER_THREAD = 400;

    /** A device whose flush takes a while, as a disk's does, and counts (also {@link LogConcurrentCrashTest}'s). */
    static final class SlowFlushDevice extends ForwardingDevice {
        final AtomicLong flushes = new AtomicLong();

        SlowFlushDevice(BlockDevice inner) {
            super(inner);
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
            try {
                TimeUnit.MICROSECONDS.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            super.flush();
        }
    }

    private static byte[] payload(int thread, int sequence) {
        return ByteBuffer.allocate(8 + sequence % 300).putInt(thread).putInt(sequence).array();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentAppendersShareFlushesAndLoseNothing() throws Exception {
        MemoryBlockDevice memory = MemoryBlockDevice.create(4096, 2 + 2048);
        SlowFlushDevice device = new SlowFlushDevice(memory);
        LogFile log = LogFile.format(device, LogOptions.defaults());
        long start = log.startLsn();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            Future<Long> monitor = pool.submit(() -> {
                long last = 0;
                long samples = 0;
                while (!done.get()) {
                    long flushed = log.flushedLsn();
                    assertTrue(flushed >= last, "flushedLsn went back: " + last + " -> " + flushed);
                    last = flushed;
                    samples++;
                }
                return samples;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < RECORDS_PER_THREAD; i++) {
                        long lsn = log.append(payload(thread, i));
                        if (i % 4 == 3 || thread % 2 == 0) {
                            log.flush(lsn);
                            assertTrue(log.flushedLsn() >= lsn, "flushedLsn below a returned flush");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            done.set(true);
            assertTrue(monitor.get() > 0);
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        long flushCalls = THREADS / 2 * RECORDS_PER_THREAD + THREADS / 2 * (RECORDS_PER_THREAD / 4);
        assertTrue(device.flushes.get() < flushCalls / 2,
                "group commit should share device flushes: deviceFlushes=" + device.flushes.get()
                        + " flushCalls=" + flushCalls);
        checkEveryThreadsRecords(log.readForward(start, Integer.MAX_VALUE));
        log.close();
        try (LogFile reopened = LogFile.open(memory, LogOptions.defaults())) {
            checkEveryThreadsRecords(reopened.readForward(start, Integer.MAX_VALUE));
        }
    }

    private static void checkEveryThreadsRecords(List<LogRecord> records) {
        assertEquals(THREADS * RECORDS_PER_THREAD, records.size());
        int[] next = new int[THREADS];
        long previousLsn = 0;
        for (LogRecord record : records) {
            assertTrue(record.lsn() > previousLsn);
            previousLsn = record.lsn();
            ByteBuffer payload = ByteBuffer.wrap(record.payload());
            int thread = payload.getInt();
            int sequence = payload.getInt();
            assertEquals(next[thread], sequence, "records of thread " + thread + " out of order");
            assertEquals(8 + sequence % 300, record.payloadBytes());
            next[thread]++;
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void appendersOutrunningFlushesAreHeldBackNotLost() throws Exception {
        MemoryBlockDevice memory = MemoryBlockDevice.create(512, 16 + 4000);
        LogFile log = LogFile.format(memory, LogOptions.defaults().withFlushBatchMaxBytes(4096));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            writers.add(pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    log.append(new byte[200]);
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        pool.shutdown();
        List<LogRecord> records = log.readForward(log.startLsn(), Integer.MAX_VALUE);
        assertEquals(2000, records.size());
        assertTrue(log.flushedLsn() > records.get(1500).lsn(), "unwritten pages are bounded: flushedLsn="
                + log.flushedLsn());
        log.close();
    }

    /**
     * A leader whose own record is durable leads the next round for those waiting; if that round fails, the failure
     * is theirs and the log's, not its caller's: its flush returns, the waiter's throws.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRoundLedForOthersFailsThemNotTheLeader() throws Exception {
        CountDownLatch firstWriteHeld = new CountDownLatch(1);
        CountDownLatch releaseFirstWrite = new CountDownLatch(1);
        AtomicInteger writes = new AtomicInteger();
        MemoryBlockDevice memory = MemoryBlockDevice.create(4096, 2 + 64);
        LogFile.format(memory, LogOptions.defaults()).close();
        BlockDevice device = new ForwardingDevice(memory) {
            @Override
            public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
                if (firstSector < LogLayout.restartSectors(4096)) {
                    super.write(firstSector, src, forceUnitAccess); // open's restart copy
                    return;
                }
                int n = writes.incrementAndGet();
                if (n == 1) {
                    firstWriteHeld.countDown();
                    await(releaseFirstWrite);
                } else {
                    throw new DiskException("injected write error: write=" + n);
                }
                super.write(firstSector, src, forceUnitAccess);
            }
        };
        LogFile reopened = LogFile.open(device, LogOptions.defaults());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            long first = reopened.append(new byte[] {1});
            Future<?> leader = pool.submit(() -> reopened.flush(first));
            firstWriteHeld.await();
            long second = reopened.append(new byte[] {2});
            AtomicReference<Thread> waiterThread = new AtomicReference<>();
            Future<?> waiter = pool.submit(() -> {
                waiterThread.set(Thread.currentThread());
                reopened.flush(second);
            });
            while (waiterThread.get() == null || waiterThread.get().getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            releaseFirstWrite.countDown();
            leader.get(); // its record is durable: no exception, although the round it led next failed
            ExecutionException e = assertThrows(ExecutionException.class, waiter::get);
            assertTrue(e.getCause() instanceof StorageException, "waiter got " + e.getCause());
            assertEquals(2, writes.get());
        } finally {
            pool.shutdownNow();
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
}
