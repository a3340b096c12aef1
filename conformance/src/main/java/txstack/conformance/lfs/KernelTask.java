package txstack.conformance.lfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A thread's task as the operating system schedules it, for telling a thread that waits from one that has just been
 * woken. The JVM shows a woken thread as waiting until it gets a core, which on a loaded machine can take
 * milliseconds; the kernel marks it runnable at once, when another thread wakes it. On Linux the task's state is the
 * third field of {@code /proc/self/task/TID/stat}; where the system does not show it, {@link #current()} returns
 * {@link #UNSEEN}, which never reports a thread runnable, and the JVM's thread states are all there is to go by.
 */
final class KernelTask {
    /** A task whose state cannot be read: never reported runnable. */
    static final KernelTask UNSEEN = new KernelTask(null);

    /** Longer than any {@code stat} line: the read never grows past it. */
    private static final int STAT_BYTES_MAX = 4096;

    private final Path stat;

    private KernelTask(Path stat) {
        this.stat = stat;
    }

    /** The calling thread's task, or {@link #UNSEEN} where the system does not show it. */
    static KernelTask current() {
        try {
            // "PID/task/TID": the link names the calling thread's own task.
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            KernelTask task = new KernelTask(Path.of("/proc").resolve(self).resolve("stat"));
            return task.state() == 0 ? UNSEEN : task;
        } catch (IOException | RuntimeException e) {
            return UNSEEN; // a best-effort probe: wherever it fails, the JVM's states are all there is
        }
    }

    /**
     * True if the task runs or is ready to run (state {@code R}): it is on a core, or woken and waiting for one. False
     * if it sleeps, has ended, or its state cannot be read.
     */
    boolean runnable() {
        return state() == 'R';
    }

    /** The state letter of the task's {@code stat} line, or 0 if it cannot be read (the task ended). */
    private char state() {
        if (stat == null) {
            return 0;
        }
        byte[] line;
        try (var in = Files.newInputStream(stat)) {
            line = in.readNBytes(STAT_BYTES_MAX);
        } catch (IOException e) {
            return 0;
        }
        // "TID (COMM) S ...": the name may hold spaces and parentheses, so the state follows the last ')'.
        String text = new String(line, StandardCharsets.ISO_8859_1);
        int close = text.lastIndexOf(')');
        return close >= 0 && close + 2 < text.length() ? text.charAt(close + 2) : 0;
    }
}
