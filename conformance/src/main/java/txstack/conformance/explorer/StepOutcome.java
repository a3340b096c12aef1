package txstack.conformance.explorer;

import java.util.function.Function;

/**
 * What a layer's step did: a line for the trace, and what a power loss inside it allows (given whether the moment is
 * the step's last, and where it is).
 *
 * @param outcome e.g. {@code model LSN 4 = engine LSN 4096}
 * @param allowed what a crash inside the step allows; null where not checked
 * @param tag     the layer's own note about the step for its fault checks, or null
 * @param <E>     the layer's expectation type
 */
public record StepOutcome<E>(String outcome, Function<CrashAt, E> allowed, Object tag) {

    public static <E> StepOutcome<E> of(String outcome, Function<CrashAt, E> allowed) {
        return new StepOutcome<>(outcome, allowed, null);
    }
}
