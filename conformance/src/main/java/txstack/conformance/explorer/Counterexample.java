package txstack.conformance.explorer;

import java.time.Duration;
import java.util.Optional;

/**
 * The first failure an exploration found, after shrinking.
 *
 * @param workload           index of the failing workload (replay it with the same seed and this index)
 * @param caseSeed           that workload's own seed
 * @param originalStepCount  steps before shrinking
 * @param original           the violation as first seen
 * @param shrunk             the failure of the shrunk workload, with its minimised crash image's violation
 * @param shrinkRuns         runs spent shrinking
 * @param shrinkLimitHit     true if shrinking stopped at a limit (the result is smaller, maybe not minimal)
 * @param image              the crash image minimisation, if the violation was seen after a crash
 * @param foundAfter         time from the start of the exploration to the failure
 * @param workloadsRun       workloads run when the failure was found (including it)
 * @param <S>                the step type
 */
public record Counterexample<S>(int workload, long caseSeed, int originalStepCount, Violation original,
                                Failure<S> shrunk, int shrinkRuns, boolean shrinkLimitHit,
                                Optional<ChoiceMinimizer.Minimized> image, Duration foundAfter, long workloadsRun) {

    /** The violation to report: the shrunk one with its minimised image. */
    public Violation violation() {
        return image.map(ChoiceMinimizer.Minimized::violation).orElse(shrunk.violation());
    }
}
