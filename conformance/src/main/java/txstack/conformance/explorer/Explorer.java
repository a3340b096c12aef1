package txstack.conformance.explorer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Runs seeded workloads through a {@link CaseRunner}, stops at the first failure (the one with the lowest workload
 * index, so the outcome does not depend on the number of workers), shrinks it and minimises its crash image.
 * Prints a progress line every {@link ExplorerOptions#progressInterval()}; when nothing has progressed for {@value
 * #STALL_INTERVALS} of those intervals (an engine call that does not return), says so, with where each worker is.
 *
 * @param <S> the step type
 */
public final class Explorer<S> {
    /** Progress intervals with no progress at all after which the explorer says where its workers are. */
    static final int STALL_INTERVALS = 12;
    /** The frames of a worker's stack shown then: the engine's calls on top. */
    private static final int STALL_FRAMES = 12;
    /** How often the explorer looks, while it waits for its workers, whether it still needs to. */
    private static final long JOIN_POLL_MILLIS = 50;

    private final CaseRunner<S> runner;
    private final ExplorerOptions options;
    private final PrintStream progress;

    public Explorer(CaseRunner<S> runner, ExplorerOptions options, PrintStream progress) {
        this.runner = runner;
        this.options = options;
        this.progress = progress;
    }

    private record Found<S>(int index, long caseSeed, Failure<S> failure, Duration after, long workloadsRun) {
    }

    public ExplorationResult<S> run() {
        long startNanos = System.nanoTime();
        Stats stats = new Stats();
        Budget budget = new Budget(options.timeLimit(), options.crashStatesMax(), stats);
        List<Integer> indices = new ArrayList<>();
        if (options.onlyWorkload().isPresent()) {
            indices.add(options.onlyWorkload().getAsInt());
        } else {
            for (int i = 0; i < options.workloads(); i++) {
                indices.add(i);
            }
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Found<S>> found = new AtomicReference<>();
        AtomicReference<RuntimeException> error = new AtomicReference<>();
        AtomicLong completed = new AtomicLong();
        AtomicLong lastProgressNanos = new AtomicLong(startNanos);
        AtomicLong activityNanos = new AtomicLong(startNanos);
        Map<Thread, Integer> running = new ConcurrentHashMap<>();
        Runnable tick = () -> {
            activityNanos.set(System.nanoTime());
            maybePrintProgress(stats, completed.get(), indices.size(), startNanos, lastProgressNanos);
        };
        Runnable worker = () -> {
            int slot;
            while ((slot = next.getAndIncrement()) < indices.size() && error.get() == null && !budget.exhausted()) {
                int index = indices.get(slot);
                Found<S> sofar = found.get();
                if (sofar != null && sofar.index() < index) {
                    return;
                }
                running.put(Thread.currentThread(), index);
                try {
                    runOne(index, stats, budget, completed, startNanos, found, tick);
                } catch (RuntimeException e) {
                    error.compareAndSet(null, new ExplorationException("error in workload " + index + " (case seed "
                            + Seeds.caseSeed(options.seed(), index) + ", run seed " + options.seed() + "): " + e, e));
                } finally {
                    running.remove(Thread.currentThread());
                }
                tick.run();
            }
        };
        Thread watchdog = watch(activityNanos, running);
        String stopped;
        Optional<Counterexample<S>> counterexample;
        try {
            runWorkers(worker, () -> {
                Found<S> first = found.get();
                if (first == null || running.values().stream().anyMatch(i -> i < first.index())) {
                    return false;
                }
                if (!running.isEmpty()) {
                    progress.println("[explorer] not waiting for workload " + running.values().stream().sorted()
                            .map(String::valueOf).collect(Collectors.joining(", ")) + ", still running:"
                            + " the failure of workload " + first.index() + " comes first");
                }
                return true;
            });
            if (error.get() != null) {
                throw error.get();
            }
            stopped = found.get() == null ? budget.reason() : null;
            if (stopped != null) {
                progress.println("[explorer] stopped early: " + stopped);
            }
            counterexample = Optional.ofNullable(found.get()).map(f -> {
                running.put(Thread.currentThread(), f.index()); // shrinking runs it again on this thread
                return shrink(f, () -> activityNanos.set(System.nanoTime()));
            });
        } finally {
            watchdog.interrupt();
        }
        return new ExplorationResult<>(options, stats, Duration.ofNanos(System.nanoTime() - startNanos),
                completed.get(), Optional.ofNullable(stopped), counterexample);
    }

    private void runOne(int index, Stats stats, Budget budget, AtomicLong completed, long startNanos,
                        AtomicReference<Found<S>> found, Runnable tick) {
        long caseSeed = Seeds.caseSeed(options.seed(), index);
        List<S> steps = runner.workload(index, caseSeed, options.stepsMax());
        Optional<Failure<S>> failure = runner.run(steps, caseSeed, new CaseContext(options, caseSeed, stats, budget,
                tick));
        if (failure.isPresent()) {
            long run = completed.incrementAndGet();
            Found<S> mine = new Found<>(index, caseSeed, failure.get(), Duration.ofNanos(System.nanoTime()
                    - startNanos), run);
            found.accumulateAndGet(mine, (a, b) -> a == null || b.index() < a.index() ? b : a);
            progress.println("[explorer] workload " + index + " violates " + failure.get().violation().property()
                    + ": " + failure.get().violation().summary() + " (shrinking...)");
        } else if (!budget.exhausted()) {
            completed.incrementAndGet();
            stats.increment(Stats.Counter.WORKLOADS);
        }
    }

    /**
     * Runs {@code worker} on each job's thread and waits for them all, or until {@code passed} says those still
     * running cannot change the outcome (their workloads come after a failure already found).
     */
    private void runWorkers(Runnable worker, BooleanSupplier passed) {
        if (options.jobs() == 1) {
            worker.run();
            return;
        }
        List<Thread> threads = new ArrayList<>();
        for (int j = 0; j < options.jobs(); j++) {
            Thread t = new Thread(worker, "explorer-" + j);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                while (t.isAlive()) {
                    t.join(JOIN_POLL_MILLIS);
                    if (t.isAlive() && passed.getAsBoolean()) {
                        return; // what is left cannot change the outcome: do not wait for a call that may not return
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExplorationException("interrupted while waiting for the workers", e);
            }
        }
    }

    private Counterexample<S> shrink(Found<S> found, Runnable tick) {
        Failure<S> first = found.failure();
        Requirement property = first.violation().property();
        Stats scratch = new Stats();
        Shrinker<S> shrinker = new Shrinker<>(steps -> runner.run(steps, found.caseSeed(), shrinkContext(found, scratch, tick))
                .filter(f -> f.violation().property().equals(property)).isPresent(),
                runner::simplerSteps, options.shrinkRunsMax(), options.shrinkTimeLimit());
        List<S> smallest = shrinker.shrink(first.steps());
        Failure<S> shrunk = runner.run(smallest, found.caseSeed(), shrinkContext(found, scratch, tick))
                .filter(f -> f.violation().property().equals(property))
                .orElse(first); // cannot happen with a deterministic runner; keep the original then
        Optional<ChoiceMinimizer.Minimized> image = shrunk.crashState()
                .map(replay -> ChoiceMinimizer.minimize(replay, shrunk.violation(), options.shrinkRunsMax()));
        progress.println("[explorer] shrunk workload " + found.index() + " from " + first.steps().size() + " to "
                + shrunk.steps().size() + " steps in " + shrinker.runs() + " runs"
                + (shrinker.limitHit() ? " (shrink limit hit)" : ""));
        return new Counterexample<>(found.index(), found.caseSeed(), first.steps().size(), first.violation(), shrunk,
                shrinker.runs(), shrinker.limitHit(), image, found.after(), found.workloadsRun());
    }

    private CaseContext shrinkContext(Found<S> found, Stats scratch, Runnable tick) {
        return new CaseContext(options, found.caseSeed(), scratch, Budget.unlimited(scratch), tick);
    }

    /**
     * Starts a daemon that, once nothing has progressed for {@value #STALL_INTERVALS} progress intervals, prints where
     * each worker is, and again after each further such stretch: an engine call that never returns would otherwise
     * leave the run silent.
     */
    private Thread watch(AtomicLong activityNanos, Map<Thread, Integer> running) {
        long stallNanos = options.progressInterval().toNanos() * STALL_INTERVALS;
        Thread t = new Thread(() -> {
            long seen = activityNanos.get();
            long nextWarning = stallNanos;
            while (true) {
                try {
                    Thread.sleep(options.progressInterval());
                } catch (InterruptedException e) {
                    return;
                }
                long last = activityNanos.get();
                if (last != seen) {
                    seen = last;
                    nextWarning = stallNanos;
                    continue;
                }
                long idle = System.nanoTime() - last;
                if (idle >= nextWarning && !running.isEmpty()) {
                    progress.println(stalled(idle, running));
                    nextWarning += stallNanos;
                }
            }
        }, "explorer-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** What the workers are doing when nothing has progressed for {@code idleNanos}. */
    static String stalled(long idleNanos, Map<Thread, Integer> running) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "[explorer] no progress for %.0fs: a call to "
                + "the engine has not returned (it hangs, or is very slow); where each worker is:", idleNanos / 1e9));
        for (Map.Entry<Thread, Integer> e : running.entrySet()) {
            b.append("\n  ").append(e.getKey().getName()).append(", workload ").append(e.getValue()).append(':');
            StackTraceElement[] frames = e.getKey().getStackTrace();
            for (int i = 0; i < Math.min(frames.length, STALL_FRAMES); i++) {
                b.append("\n    at ").append(frames[i]);
            }
        }
        return b.toString();
    }

    private void maybePrintProgress(Stats stats, long completed, int total, long startNanos, AtomicLong last) {
        long now = System.nanoTime();
        long previous = last.get();
        if (now - previous < options.progressInterval().toNanos() || !last.compareAndSet(previous, now)) {
            return;
        }
        progress.printf("[explorer] %6.1fs  workloads %d/%d  crash points %,d  crash states %,d  recoveries %,d%n",
                (now - startNanos) / 1e9, completed, total, stats.get(Stats.Counter.CRASH_POINTS),
                stats.get(Stats.Counter.CRASH_STATES), stats.get(Stats.Counter.RECOVERIES));
    }
}
