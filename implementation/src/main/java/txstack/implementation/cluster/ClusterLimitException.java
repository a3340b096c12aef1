package txstack.implementation.cluster;

import java.io.Serial;

/** A bound of the cluster layer was hit (files, nodes, dirty blocks, messages in flight, applied requests): a clear error, never a hang. */
public class ClusterLimitException extends ClusterException {
    @Serial
    private static final long serialVersionUID = 1L;

    public ClusterLimitException(String message) {
        super(message);
    }
}
