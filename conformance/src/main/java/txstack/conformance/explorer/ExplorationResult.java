package txstack.conformance.explorer;

import java.time.Duration;
import java.util.Optional;

/**
 * What an exploration did and found.
 *
 * @param options            the settings it ran with
 * @param stats              every count
 * @param elapsed            wall-clock time, shrinking included
 * @param workloadsCompleted workloads whose exploration ran to the end
 * @param stoppedEarly       why it stopped before running every workload (a limit), if it did
 * @param counterexample     the first failure, shrunk, if any
 * @param <S>                the step type
 */
public record ExplorationResult<S>(ExplorerOptions options, Stats stats, Duration elapsed, long workloadsCompleted,
                                   Optional<String> stoppedEarly, Optional<Counterexample<S>> counterexample) {

    public boolean passed() {
        return counterexample.isEmpty();
    }
}
