package txstack.model;

import java.util.function.Supplier;

/**
 * An action was asked of the model whose precondition does not hold: the caller (a workload generator or a
 * harness) is wrong, not the system under test. Messages are {@code key=value}.
 */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    /** Throws unless {@code condition} holds; always checked (never a Java {@code assert}). */
    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new ModelException(message);
        }
    }

    /** Throws unless {@code condition} holds, with a message built only then (for checks on a hot path). */
    public static void require(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new ModelException(message.get());
        }
    }
}
