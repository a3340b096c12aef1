package txstack.implementation.cluster;

import java.io.Serial;

/** The shared disk refused a write whose epoch (data) or term (namespace) is not the current one (CSV-6): the writer lost ownership. */
public class FencedWriteException extends ClusterException {
    @Serial
    private static final long serialVersionUID = 1L;

    public FencedWriteException(String message) {
        super(message);
    }
}
