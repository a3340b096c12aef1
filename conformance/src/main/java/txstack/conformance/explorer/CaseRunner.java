package txstack.conformance.explorer;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What a layer's conformance suite gives the explorer: workloads, a way to run one against the system under test
 * (with its crash exploration), and simpler variants of a step for shrinking.
 *
 * @param <S> the layer's step type (an immutable value with a readable {@code toString})
 */
public interface CaseRunner<S> {

    /** A workload of at most {@code stepsMax} steps, drawn from {@code random} only. */
    List<S> generate(RandomGenerator random, int stepsMax);

    /**
     * Workload number {@code index} of the run, whose case seed is {@code caseSeed}: by default drawn by {@link
     * #generate} from {@code Seeds.random(caseSeed)}. A suite that enumerates a space of workloads (every sequence of
     * one or two operations, as ACE does) returns its {@code index}-th member instead; a suite that draws its setup
     * per workload draws it from {@code caseSeed}, as {@link #run} does.
     */
    default List<S> workload(int index, long caseSeed, int stepsMax) {
        return generate(Seeds.random(caseSeed), stepsMax);
    }

    /**
     * Runs the workload and explores its crash states as {@code context} directs. Must be deterministic: the same
     * steps and seed give the same result. Returns the first violation found, or empty.
     */
    Optional<Failure<S>> run(List<S> steps, long caseSeed, CaseContext context);

    /** Simpler versions of a step, simplest first (e.g. a smaller payload); empty if none. */
    List<S> simplerSteps(S step);
}
