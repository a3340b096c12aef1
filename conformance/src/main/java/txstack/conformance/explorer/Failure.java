package txstack.conformance.explorer;

import java.util.List;
import java.util.Optional;

/**
 * A failing run of one workload.
 *
 * @param violation the property broken and its evidence
 * @param steps     the workload that was run
 * @param trace     the steps as run, one per line, with what they did (e.g. LSNs assigned)
 * @param crashState the crash state the violation was seen in, if it was seen after a crash
 * @param <S>       the step type of the layer
 */
public record Failure<S>(Violation violation, List<S> steps, String trace, Optional<CrashStateReplay> crashState) {

    public Failure {
        steps = List.copyOf(steps);
    }
}
