package txstack.spec;

/**
 * The one exception of the spec module: TLC could not be run or did not finish in time, a bundled file is missing,
 * or a manifest or trace is malformed. Messages are {@code key=value} pairs.
 */
public class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
