package txstack.conformance.disk;

/**
 * A limit of the simulation was hit (recorded bytes, steps, crash states, time): the run stops with this clear
 * error rather than exhausting memory or running forever. Messages are {@code key=value} and say which option
 * raises the limit.
 */
public class LimitExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LimitExceededException(String message) {
        super(message);
    }
}
