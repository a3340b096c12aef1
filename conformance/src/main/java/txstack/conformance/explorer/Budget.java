package txstack.conformance.explorer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The limits of one exploration: wall-clock time and crash states checked. When one is hit the exploration stops
 * at the next crash state and says which limit it was; it never hangs. Safe to share between workers.
 */
public final class Budget {
    private final long deadlineNanos;
    private final Duration timeLimit;
    private final long crashStatesMax;
    private final Stats stats;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicReference<String> reason = new AtomicReference<>();

    public Budget(Duration timeLimit, long crashStatesMax, Stats stats) {
        if (timeLimit.isNegative() || timeLimit.isZero() || crashStatesMax <= 0) {
            throw new IllegalArgumentException("timeLimit=" + timeLimit + " crashStatesMax=" + crashStatesMax
                    + " must be positive");
        }
        this.timeLimit = timeLimit;
        this.deadlineNanos = System.nanoTime() + Math.min(timeLimit.toNanos(), Long.MAX_VALUE / 4);
        this.crashStatesMax = crashStatesMax;
        this.stats = stats;
    }

    /** A budget no run hits in practice, for replays and shrinking (which have limits of their own). */
    public static Budget unlimited(Stats stats) {
        return new Budget(Duration.ofDays(365), Long.MAX_VALUE, stats);
    }

    /** True once a limit was hit or {@link #stop(String)} was called; records which. */
    public boolean exhausted() {
        if (stopped.get()) {
            return true;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            stop("time limit reached: timeLimit=" + format(timeLimit) + " (raise --time-limit)");
        } else if (stats.get(Stats.Counter.CRASH_STATES) >= crashStatesMax) {
            stop("crash-state limit reached: crashStatesMax=" + crashStatesMax + " (raise --crash-states-max)");
        }
        return stopped.get();
    }

    /** Stops the exploration; the first reason given is kept. */
    public void stop(String why) {
        reason.compareAndSet(null, why);
        stopped.set(true);
    }

    /** Why the exploration stopped early, or null if it did not. */
    public String reason() {
        return reason.get();
    }

    static String format(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }
}
