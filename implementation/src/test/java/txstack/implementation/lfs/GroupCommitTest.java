package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import txstack.implementation.StorageException;
import txstack.implementation.disk.DiskException;
import txstack.implementation.disk.ForwardingDevice;
import txstack.implementation.disk.MemoryBlockDevice;

/**
 * Group commit step by step (LFS-4, ARCHITECTURE.md's lfs entry): each flush round's device write is held until the
 * test lets it go, so which thread leads each round, who waits and who is woken is decided by the test, not the
 * scheduler. A flusher that finds a round in flight parks on its own; the leader wakes exactly those its round made
 * durable, leads up to four more rounds for the rest, then wakes the oldest still waiting to lead.
 */
class GroupCommitTest {
    private static final int SECTOR = 4096;
    private static final long WAIT_SECONDS = 20;

    /** Holds every log-page write until a permit is given, and names the thread that issued it. */
    private static final class RoundGate extends ForwardingDevice {
        final BlockingQueue<Thread> writers = new LinkedBlockingQueue<>();
        final Semaphore permits = new Semaphore(0);
        volatile boolean gated;
        volatile boolean failWrites;

        RoundGate(MemoryBlockDevice memory) {
            super(memory);
        }

        @Override
        public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
            if (gated && firstSector >= LogLayout.restartSectors(SECTOR)) {
                writers.add(Thread.currentThread());
                try {
                    if (!permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                        throw new AssertionError("round write never let go");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                if (failWrites) {
                    throw new DiskException("injected write error: sector=" + firstSector);
                }
            }
            super.write(firstSector, src, forceUnitAccess);
        }

        Thread nextRoundWriter() throws InterruptedException {
            Thread writer = writers.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (writer == null) {
                fail("no flush round started within " + WAIT_SECONDS + " s");
            }
            return writer;
        }
    }

    /** A flusher on a thread of its own: appends one record, flushes it, and reports the record's LSN. */
    private static final class Flusher {
        final CompletableFuture<Long> result = new CompletableFuture<>();
        final Thread thread;
        volatile boolean interruptedAfterFlush;

        Flusher(LogFile log, String name) {
            thread = new Thread(() -> {
                try {
                    long lsn = log.append(name.getBytes());
                    log.flush(lsn);
                    interruptedAfterFlush = Thread.currentThread().isInterrupted();
                    result.complete(lsn);
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits (bounded) until this flusher is parked as a waiter of the round in flight. */
        void awaitParkedAsWaiter() {
            GroupCommitTest.awaitParkedAsWaiter(thread);
        }

        long get() throws Exception {
            try {
                return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError(thread.getName() + " never returned from flush: state="
                        + thread.getState(), e);
            }
        }

        Throwable failure() throws Exception {
            try {
                result.get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                throw new AssertionError(thread.getName() + " never returned from flush: state="
                        + thread.getState(), e);
            }
            throw new AssertionError(thread.getName() + "'s flush returned although its round failed");
        }
    }

    /**
     * Waits (bounded) until {@code thread} parks on a flush waiter of its own: it found a round in flight and waits
     * for the leader to release it (the blocker LogFile parks with is its Waiter).
     */
    static void awaitParkedAsWaiter(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            Object blocker = LockSupport.getBlocker(thread);
            if (blocker != null && blocker.getClass().getName().equals(LogFile.class.getName() + "$Waiter")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail(thread.getName() + " never parked as a flush waiter: state=" + thread.getState());
            }
            Thread.onSpinWait();
        }
    }

    private static LogFile gatedLog(RoundGate gate) {
        LogFile log = LogFile.format(gate, LogOptions.defaults());
        gate.gated = true;
        return log;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aLeaderLeadsFourMoreRoundsForWaitersThenHandsOverToTheOldest() throws Exception {
        MemoryBlockDevice memory = MemoryBlockDevice.create(SECTOR, 2 + 64);
        RoundGate gate = new RoundGate(memory);
        LogFile log = gatedLog(gate);
        Flusher leader = new Flusher(log, "leader");
        List<String> roundWriters = new ArrayList<>();
        roundWriters.add(gate.nextRoundWriter().getName());
        List<Flusher> waiters = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            // Appended after the round in flight took its snapshot: that round does not cover it.
            Flusher waiter = new Flusher(log, "waiter" + i);
            waiter.awaitParkedAsWaiter();
            waiters.add(waiter);
            gate.permits.release();
            roundWriters.add(gate.nextRoundWriter().getName());
        }
        gate.permits.release();
        long leaderLsn = leader.get();
        List<Long> lsns = new ArrayList<>(List.of(leaderLsn));
        for (Flusher waiter : waiters) {
            lsns.add(waiter.get());
        }
        // Round 1 is the leader's own; rounds 2 to 5 it leads for waiters 1 to 4; waiter 5 is handed round 6.
        assertEquals(List.of("leader", "leader", "leader", "leader", "leader", "waiter5"), roundWriters);
        assertTrue(log.flushedLsn() >= lsns.getLast(), "flushedLsn=" + log.flushedLsn());
        gate.gated = false;
        log.close();
        try (LogFile reopened = LogFile.open(memory, LogOptions.defaults())) {
            assertEquals(lsns, reopened.readForward(reopened.startLsn(), 100).stream().map(LogRecord::lsn).toList());
        }
    }

    /** The round a waiter joined covered its record only if it was appended before the round's snapshot. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aWaiterWhoseRecordTheRoundMissedIsNotWokenTheLeaderLeadsForIt() throws Exception {
        MemoryBlockDevice memory = MemoryBlockDevice.create(SECTOR, 2 + 64);
        RoundGate gate = new RoundGate(memory);
        LogFile log = gatedLog(gate);
        Flusher leader = new Flusher(log, "leader");
        assertEquals("leader", gate.nextRoundWriter().getName());
        Flusher waiter = new Flusher(log, "waiter");
        waiter.awaitParkedAsWaiter();
        gate.permits.release();
        // The leader's record is durable now, the waiter's is not: the waiter stays parked, the leader leads on.
        assertEquals("leader", gate.nextRoundWriter().getName());
        assertTrue(waiter.thread.isAlive(), "waiter returned before its record's round");
        gate.permits.release();
        long waiterLsn = waiter.get();
        leader.get();
        assertTrue(log.flushedLsn() >= waiterLsn);
    }

    /** An interrupt that arrives while a flusher waits is kept for it, not acted on (the flush still completes). */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anInterruptWhileWaitingIsKeptForTheCaller() throws Exception {
        MemoryBlockDevice memory = MemoryBlockDevice.create(SECTOR, 2 + 64);
        RoundGate gate = new RoundGate(memory);
        LogFile log = gatedLog(gate);
        Flusher leader = new Flusher(log, "leader");
        gate.nextRoundWriter();
        Flusher waiter = new Flusher(log, "waiter");
        waiter.awaitParkedAsWaiter();
        waiter.thread.interrupt();
        gate.permits.release(2);
        long lsn = waiter.get();
        leader.get();
        assertTrue(waiter.interruptedAfterFlush, "the waiter's interrupt status was lost");
        assertTrue(log.flushedLsn() >= lsn);
    }

    /** A round that fails fails every flusher waiting for it, however many: none is left parked. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFailedRoundFailsEveryWaiter() throws Exception {
        MemoryBlockDevice memory = MemoryBlockDevice.create(SECTOR, 2 + 64);
        RoundGate gate = new RoundGate(memory);
        LogFile log = gatedLog(gate);
        Flusher leader = new Flusher(log, "leader");
        gate.nextRoundWriter();
        List<Flusher> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Flusher waiter = new Flusher(log, "waiter" + i);
            waiter.awaitParkedAsWaiter();
            waiters.add(waiter);
        }
        gate.failWrites = true;
        gate.permits.release(10);
        Throwable leaderError = leader.failure();
        assertTrue(leaderError instanceof DiskException, "leader got " + leaderError);
        for (Flusher waiter : waiters) {
            Throwable error = waiter.failure();
            assertTrue(error instanceof StorageException, waiter.thread.getName() + " got " + error);
        }
        StorageException later = assertThrows(StorageException.class, () -> log.append(new byte[1]),
                "a failed log accepted a call");
        assertSame(leaderError, later.getCause(), "the round's error is the log's failure");
        log.close();
    }
}
