package txstack.conformance.explorer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Shrinks a failing workload to a small one that still fails (delta debugging): drops chunks of steps, halving the
 * chunk size down to single steps, then replaces steps by simpler ones (e.g. smaller payloads), and repeats until
 * nothing changes or a limit is hit. Deterministic when the predicate is.
 *
 * @param <S> the step type
 */
public final class Shrinker<S> {
    private final Predicate<List<S>> fails;
    private final Function<S, List<S>> simpler;
    private final int runsMax;
    private final long deadlineNanos;
    private int runs;
    private boolean limitHit;

    /**
     * @param fails   true if a workload still shows the failure being shrunk
     * @param simpler simpler versions of a step, simplest first
     */
    public Shrinker(Predicate<List<S>> fails, Function<S, List<S>> simpler, int runsMax, Duration timeLimit) {
        this.fails = fails;
        this.simpler = simpler;
        this.runsMax = runsMax;
        this.deadlineNanos = System.nanoTime() + Math.min(timeLimit.toNanos(), Long.MAX_VALUE / 4);
    }

    /** A smallest workload found that still fails; {@code failing} itself if none smaller does. */
    public List<S> shrink(List<S> failing) {
        List<S> current = List.copyOf(failing);
        boolean changed = true;
        while (changed && !outOfBudget()) {
            List<S> dropped = dropChunks(current);
            List<S> simplified = simplifySteps(dropped);
            changed = !simplified.equals(current);
            current = simplified;
        }
        return current;
    }

    /** Runs of the system under test made while shrinking. */
    public int runs() {
        return runs;
    }

    /** True if shrinking stopped at its run or time limit rather than at a fixpoint. */
    public boolean limitHit() {
        return limitHit;
    }

    private List<S> dropChunks(List<S> steps) {
        List<S> current = steps;
        int chunk = Math.max(1, current.size() / 2);
        while (chunk >= 1 && !outOfBudget()) {
            boolean removed = false;
            // From the end: later steps are more often irrelevant to an early failure.
            for (int end = current.size(); end > 0 && !outOfBudget(); end -= chunk) {
                int start = Math.max(0, end - chunk);
                List<S> candidate = new ArrayList<>(current.subList(0, start));
                candidate.addAll(current.subList(end, current.size()));
                if (test(candidate)) {
                    current = candidate;
                    removed = true;
                }
            }
            if (!removed) {
                chunk /= 2;
            } else {
                chunk = Math.min(chunk, Math.max(1, current.size() / 2));
            }
        }
        return current;
    }

    private List<S> simplifySteps(List<S> steps) {
        List<S> current = new ArrayList<>(steps);
        for (int i = 0; i < current.size() && !outOfBudget(); i++) {
            boolean progress = true;
            while (progress && !outOfBudget()) {
                progress = false;
                for (S candidateStep : simpler.apply(current.get(i))) {
                    List<S> candidate = new ArrayList<>(current);
                    candidate.set(i, candidateStep);
                    if (test(candidate)) {
                        current = candidate;
                        progress = true;
                        break;
                    }
                }
            }
        }
        return List.copyOf(current);
    }

    private boolean test(List<S> candidate) {
        runs++;
        return fails.test(List.copyOf(candidate));
    }

    private boolean outOfBudget() {
        if (runs >= runsMax || System.nanoTime() - deadlineNanos > 0) {
            limitHit = true;
        }
        return limitHit;
    }
}
