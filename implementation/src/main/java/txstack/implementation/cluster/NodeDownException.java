package txstack.implementation.cluster;

import java.io.Serial;

/** An operation was asked of a node that is crashed (CSV-7): it has no memory until it restarts. */
public class NodeDownException extends ClusterException {
    @Serial
    private static final long serialVersionUID = 1L;

    public NodeDownException(String message) {
        super(message);
    }
}
