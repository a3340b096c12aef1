package txstack.conformance.explorer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs seeded workloads through a {@link CaseRunner}, stops at the first failure (the one with the lowest workload
 * index, so the outcome does not depend on the number of workers), shrinks it and minimises its crash image.
 * Prints a progress line every {@link ExplorerOptions#progressInterval()}.
 *
 * @param <S> the step type
 */
public final class Explorer<S> {
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
        Runnable tick = () -> maybePrintProgress(stats, completed.get(), indices.size(), startNanos,
                lastProgressNanos);
        Runnable worker = () -> {
            int slot;
            while ((slot = next.getAndIncrement()) < indices.size() && error.get() == null && !budget.exhausted()) {
                int index = indices.get(slot);
                Found<S> sofar = found.get();
                if (sofar != null && sofar.index() < index) {
                    return;
                }
                try {
                    runOne(index, stats, budget, completed, startNanos, found, tick);
                } catch (RuntimeException e) {
                    error.compareAndSet(null, new ExplorationException("error in workload " + index + " (case seed "
                            + Seeds.caseSeed(options.seed(), index) + ", run seed " + options.seed() + "): " + e, e));
                }
                tick.run();
            }
        };
        runWorkers(worker);
        if (error.get() != null) {
            throw error.get();
        }
        String stopped = found.get() == null ? budget.reason() : null;
        if (stopped != null) {
            progress.println("[explorer] stopped early: " + stopped);
        }
        Optional<Counterexample<S>> counterexample = Optional.ofNullable(found.get()).map(this::shrink);
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

    private void runWorkers(Runnable worker) {
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
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExplorationException("interrupted while waiting for the workers", e);
            }
        }
    }

    private Counterexample<S> shrink(Found<S> found) {
        Failure<S> first = found.failure();
        Requirement property = first.violation().property();
        Stats scratch = new Stats();
        Shrinker<S> shrinker = new Shrinker<>(steps -> runner.run(steps, found.caseSeed(), shrinkContext(found, scratch))
                .filter(f -> f.violation().property().equals(property)).isPresent(),
                runner::simplerSteps, options.shrinkRunsMax(), options.shrinkTimeLimit());
        List<S> smallest = shrinker.shrink(first.steps());
        Failure<S> shrunk = runner.run(smallest, found.caseSeed(), shrinkContext(found, scratch))
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

    private CaseContext shrinkContext(Found<S> found, Stats scratch) {
        return new CaseContext(options, found.caseSeed(), scratch, Budget.unlimited(scratch));
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
