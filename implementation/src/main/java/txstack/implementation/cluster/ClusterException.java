package txstack.implementation.cluster;

import java.io.Serial;

import txstack.implementation.StorageException;

/** The cluster layer's one domain exception (CSV-1..7): every error of {@code txstack.implementation.cluster}. */
public class ClusterException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
