package txstack.implementation.cluster;

import java.io.Serial;

/** A node was asked to write or flush a file it holds no token for, or whose writes are stopped for a migration (CSV-2, CSV-5). */
public class NotOwnerException extends ClusterException {
    @Serial
    private static final long serialVersionUID = 1L;

    public NotOwnerException(String message) {
        super(message);
    }
}
