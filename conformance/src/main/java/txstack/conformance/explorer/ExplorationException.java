package txstack.conformance.explorer;

/**
 * The exploration itself failed (not the system under test): a bug in a harness, a limit of the simulation, or an
 * engine that cannot even be started. Says which workload and seed.
 */
public class ExplorationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExplorationException(String message, Throwable cause) {
        super(message, cause);
    }
}
