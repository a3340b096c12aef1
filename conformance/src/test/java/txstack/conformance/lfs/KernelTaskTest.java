package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class KernelTaskTest {

    private static void assumeLinux() {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "no /proc/thread-self: not Linux");
    }

    @Test
    void aSpinningThreadIsRunnableAndAParkedOneIsNot() throws Exception {
        assumeLinux();
        AtomicReference<KernelTask> task = new AtomicReference<>();
        AtomicBoolean spin = new AtomicBoolean(true);
        CountDownLatch seen = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            task.set(KernelTask.current());
            seen.countDown();
            while (spin.get()) {
                Thread.onSpinWait();
            }
            LockSupport.park();
        });
        t.setDaemon(true);
        t.start();
        seen.await();
        assertNotSame(KernelTask.UNSEEN, task.get(), "Linux shows a thread's task");
        assertTrue(task.get().runnable(), "a spinning thread runs or waits for a core");
        spin.set(false);
        // Parked once the JVM says so and the park reached the kernel: a bounded number of looks, no clock.
        boolean slept = false;
        for (int look = 0; look < 1_000_000 && !slept; look++) {
            slept = t.getState() == Thread.State.WAITING && !task.get().runnable();
            Thread.yield();
        }
        assertTrue(slept, "a parked thread sleeps");
        // No check after the thread ends: the JVM reports it ended before its task is gone, so ClientSchedule asks the
        // JVM first.
        LockSupport.unpark(t);
        t.join();
    }

    @Test
    void unseenIsNeverRunnable() {
        assertFalse(KernelTask.UNSEEN.runnable());
    }
}
