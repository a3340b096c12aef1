package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import txstack.conformance.disk.DeviceOp;
import txstack.conformance.rig.Rig;
import txstack.conformance.rig.RigDisk;

class ClientScheduleTest {

    private static Rig rig() {
        Rig rig = new Rig();
        rig.addBlank("log", "machine", 512, 16);
        return rig;
    }

    /** The first sector each journal entry of the rig wrote, in journal order; -1 for a flush. */
    private static List<Long> journal(Rig rig) {
        List<Long> out = new ArrayList<>();
        for (Rig.Entry e : rig.journal()) {
            out.add(e.disk().simulated().op(e.opIndex()) instanceof DeviceOp.Write w ? w.firstSector() : -1L);
        }
        return out;
    }

    /**
     * A small group commit (one leader writes and flushes for all who appended before its round; the others wait on
     * a condition, woken one at a time): the device sees the same operations on every run, and the gate never lets
     * two go at once. Waiters woken together would race for the lock, which no schedule can order (the README's
     * limit): the fixture passes the wake-up on instead, as a baton.
     */
    @Test
    void aGroupCommitGetsTheSameDeviceOperationsOnEveryRun() {
        List<List<Long>> runs = new ArrayList<>();
        for (int run = 0; run < 20; run++) {
            Rig rig = rig();
            RigDisk disk = rig.disk("log");
            GroupCommit log = new GroupCommit(disk);
            List<ClientSchedule.Client> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                clients.add(() -> log.flush(log.append()));
            }
            Throwable[] thrown = new ClientSchedule(rig).run(clients, 7);
            for (Throwable t : thrown) {
                assertNull(t);
            }
            assertEquals(4, log.durable, "every record durable");
            runs.add(journal(rig));
        }
        for (List<Long> r : runs) {
            assertEquals(runs.getFirst(), r, "another schedule: " + runs);
        }
        assertTrue(runs.getFirst().size() < 8, "the rounds were not shared: " + runs.getFirst());
    }

    /**
     * A client the JVM shows waiting but the operating system shows runnable has been woken and not yet run: the
     * schedule must not move on (here: start the next client) until it has run and waits again. The operating system
     * is faked, so the verdict does not depend on the machine's load; the pause only gives a schedule that ignored
     * the task's state the time to start the next client too early.
     */
    @Test
    @Timeout(60)
    void aClientWokenButNotYetRunHoldsTheSchedule() throws Exception {
        AtomicBoolean ranAfterWaking = new AtomicBoolean();
        CountDownLatch endClientZero = new CountDownLatch(1);
        ClientSchedule.Tasks fakeSystem = () -> Thread.currentThread().getName().endsWith("-0")
                ? () -> !ranAfterWaking.get()
                : () -> false;
        ClientSchedule schedule = new ClientSchedule(rig(), ClientSchedule.STUCK_AFTER, Duration.ofSeconds(30),
                fakeSystem);
        AtomicBoolean secondStartedAfter = new AtomicBoolean();
        Thread runner = new Thread(() -> schedule.run(List.of(
                endClientZero::await,
                () -> {
                    secondStartedAfter.set(ranAfterWaking.get());
                    endClientZero.countDown();
                }), 1));
        runner.start();
        Thread.sleep(300);
        ranAfterWaking.set(true);
        runner.join();
        assertTrue(secondStartedAfter.get(), "the next client started while the first was runnable");
    }

    @Test
    void aClientsExceptionIsReturnedAndTheOthersRun() {
        Rig rig = rig();
        RigDisk disk = rig.disk("log");
        Throwable[] thrown = new ClientSchedule(rig).run(List.of(
                () -> {
                    throw new IllegalStateException("client 0 fails");
                },
                () -> disk.write(3, new byte[512], 0, 512, false)), 1);
        assertEquals("client 0 fails", thrown[0].getMessage());
        assertNull(thrown[1]);
        assertEquals(List.of(3L), journal(rig));
    }

    @Test
    void clientsThatWaitForEachOtherAreReportedStuck() {
        CountDownLatch never = new CountDownLatch(1);
        ClientSchedule.StuckException e = assertThrows(ClientSchedule.StuckException.class,
                () -> new ClientSchedule(rig(), Duration.ofMillis(200)).run(List.of(never::await, never::await), 1));
        assertTrue(e.getMessage().contains("txstack-lfs-client-1 WAITING"), e.getMessage());
        never.countDown();
    }

    /**
     * One record per append, one sector per record; a flush leads a round or waits for the one running. A round's end
     * wakes one waiter, and each flusher that leaves wakes the next: one thread runs at a time.
     */
    private static final class GroupCommit {
        private final RigDisk disk;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition roundDone = lock.newCondition();
        private int appended;
        private int written;
        private int durable;
        private boolean leading;

        GroupCommit(RigDisk disk) {
            this.disk = disk;
        }

        int append() {
            lock.lock();
            try {
                return ++appended;
            } finally {
                lock.unlock();
            }
        }

        void flush(int record) {
            lock.lock();
            try {
                while (durable < record) {
                    if (leading) {
                        roundDone.awaitUninterruptibly();
                        continue;
                    }
                    leading = true;
                    int from = written;
                    int to = appended;
                    lock.unlock();
                    try {
                        disk.write(from, new byte[(to - from) * 512], 0, (to - from) * 512, false);
                        disk.flush();
                    } finally {
                        lock.lock();
                    }
                    written = to;
                    durable = to;
                    leading = false;
                }
                roundDone.signal(); // the next waiter: it returns, or leads, and wakes the one after
            } finally {
                lock.unlock();
            }
        }
    }
}
