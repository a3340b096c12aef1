package txstack.conformance.lfs;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import txstack.conformance.rig.DeviceGate;
import txstack.conformance.rig.Rig;
import txstack.conformance.rig.RigDisk;

/**
 * Runs client threads against one engine one at a time, in a schedule drawn from a seed, so that a concurrent step is
 * the same on every run of the same engine. The suite cannot see inside an engine, so it schedules at what it can
 * see: a client that runs is let run until it waits (in the engine, for a lock or a condition, or at the rig's {@link
 * DeviceGate}, where every device write and flush stops) or ends; only then does the next thing happen: the next
 * client starts, or the oldest held device operation goes. Which thread of several woken at once takes an engine's
 * lock first the suite cannot choose; an engine whose device operations do not depend on that (as group commit's do
 * not) gets one schedule.
 *
 * <p>A client waits when the JVM shows it blocked or waiting and the operating system does not show it runnable
 * ({@link KernelTask}): a client another thread has just woken still shows waiting in the JVM until it gets a core,
 * and on a loaded machine the schedule would otherwise move on before it ran.
 *
 * <p>Single use: {@link #run} starts the clients and returns when all have ended. The gate is the rig's while it runs.
 */
final class ClientSchedule implements DeviceGate {
    /** How long the clients may all wait with no device operation held before the step is reported stuck. */
    static final Duration STUCK_AFTER = Duration.ofSeconds(10);
    /** How long a client may keep running before the schedule goes on without waiting for it (a spinning engine). */
    static final Duration RUNNING_MAX = Duration.ofSeconds(2);
    /** Polls of the clients' states, this far apart, that must all see them waiting before the schedule moves. */
    private static final int QUIET_POLLS = 12;
    private static final long POLL_NANOS = 50_000;

    /** What one client thread runs; what it throws, {@link #run} returns. */
    interface Client {
        void run() throws Exception;
    }

    /** How the schedule learns whether a client's thread is runnable in the operating system. */
    interface Tasks {
        /** Called on the client's own thread when it starts: the test of that thread's task. */
        BooleanSupplier current();
    }

    /** The operating system's view ({@link KernelTask}), where the system shows it. */
    static final Tasks KERNEL = () -> KernelTask.current()::runnable;

    /** A thread held at the gate. */
    private static final class Held {
        final Thread thread;
        boolean released;
        boolean left;

        Held(Thread thread) {
            this.thread = thread;
        }
    }

    private final Rig rig;
    private final Duration stuckAfter;
    private final long runningMaxNanos;
    private final Tasks taskProbe;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Each client's task's runnable test, once its thread has started; null before. */
    private AtomicReferenceArray<BooleanSupplier> tasks;

    ClientSchedule(Rig rig) {
        this(rig, STUCK_AFTER);
    }

    /** A schedule that reports the clients stuck after {@code stuckAfter} of all waiting with nothing held. */
    ClientSchedule(Rig rig, Duration stuckAfter) {
        this(rig, stuckAfter, RUNNING_MAX, KERNEL);
    }

    /**
     * A schedule that also waits up to {@code runningMax} for a running client before going on, and learns from
     * {@code taskProbe} whether a client the JVM shows waiting has been woken (tests fake the operating system).
     */
    ClientSchedule(Rig rig, Duration stuckAfter, Duration runningMax, Tasks taskProbe) {
        this.rig = rig;
        this.stuckAfter = stuckAfter;
        this.runningMaxNanos = runningMax.toNanos();
        this.taskProbe = taskProbe;
    }

    /** Held until the scheduler lets the operation go. */
    @Override
    public void enter(RigDisk disk) {
        Held h = new Held(Thread.currentThread());
        lock.lock();
        try {
            held.addLast(h);
            changed.signalAll();
            while (!h.released) {
                changed.awaitUninterruptibly();
            }
            h.left = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code clients}, each on its own thread, and returns what each threw (null if nothing). Client {@code i}
     * starts once client {@code i - 1} waits or ended, after up to two held device operations went, as {@code seed}
     * draws.
     *
     * @throws StuckException if every client waits, none at the gate, for the schedule's stuck time
     */
    Throwable[] run(List<Client> clients, long seed) {
        Throwable[] thrown = new Throwable[clients.size()];
        RandomGenerator random = txstack.conformance.explorer.Seeds.random(seed);
        tasks = new AtomicReferenceArray<>(clients.size());
        rig.gate(this);
        try {
            for (int i = 0; i < clients.size(); i++) {
                if (i > 0) {
                    int moves = random.nextInt(3);
                    for (int m = 0; m < moves && awaitQuiet() && releaseOldest(); m++) {
                        // Device operations go between two starts: a client starts in another phase of a round.
                    }
                }
                int index = i;
                Client client = clients.get(i);
                Thread t = new Thread(() -> {
                    tasks.set(index, taskProbe.current());
                    try {
                        client.run();
                    } catch (Throwable e) {
                        thrown[index] = e;
                    }
                }, "txstack-lfs-client-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
                awaitQuiet();
            }
            long idleSince = System.nanoTime();
            while (true) {
                awaitQuiet();
                if (releaseOldest()) {
                    idleSince = System.nanoTime();
                    continue;
                }
                if (threads.stream().noneMatch(Thread::isAlive)) {
                    break;
                }
                if (System.nanoTime() - idleSince > stuckAfter.toNanos()) {
                    throw new StuckException(stuckAfter, states());
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        } finally {
            rig.gate(null);
            releaseAll();
        }
        for (Thread t : threads) {
            joinQuietly(t, stuckAfter);
        }
        return thrown;
    }

    /**
     * Waits until no client runs: each has ended or waits (for a lock, a condition, or at the gate), on {@link
     * #QUIET_POLLS} polls in a row. Returns false if it gave up waiting for a client that kept running.
     */
    private boolean awaitQuiet() {
        long start = System.nanoTime();
        int quiet = 0;
        while (quiet < QUIET_POLLS) {
            if (allWaiting()) {
                quiet++;
            } else {
                quiet = 0;
                if (System.nanoTime() - start > runningMaxNanos) {
                    return false;
                }
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    private boolean allWaiting() {
        for (int i = 0; i < threads.size(); i++) {
            switch (threads.get(i).getState()) {
                case NEW, RUNNABLE -> {
                    return false;
                }
                case TERMINATED -> {
                    // ended
                }
                default -> {
                    // BLOCKED, WAITING or TIMED_WAITING in the JVM; woken if the system shows it runnable. A client
                    // that waits has set its task first, as the first thing it did.
                    BooleanSupplier runnable = tasks.get(i);
                    if (runnable == null || runnable.getAsBoolean()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Lets the oldest held operation go and waits until its thread left the gate; false if none is held. */
    private boolean releaseOldest() {
        lock.lock();
        try {
            Held h = held.pollFirst();
            if (h == null) {
                return false;
            }
            h.released = true;
            changed.signalAll();
            while (!h.left) {
                changed.awaitUninterruptibly();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void releaseAll() {
        lock.lock();
        try {
            for (Held h : held) {
                h.released = true;
            }
            held.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private String states() {
        List<String> out = new ArrayList<>();
        for (Thread t : threads) {
            out.add(t.getName() + " " + t.getState());
        }
        return out.toString();
    }

    private static void joinQuietly(Thread t, Duration limit) {
        try {
            t.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every client waits and no device operation is held: the engine's clients wait for each other. */
    static final class StuckException extends RuntimeException {
        StuckException(Duration after, String states) {
            super("the clients all wait and none has a device operation pending for " + after.toMillis() + " ms: "
                    + states);
        }
    }
}
