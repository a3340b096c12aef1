package txstack.implementation.cluster;

import java.io.Serial;

/**
 * The block server of the shared disk could not be reached or did not answer in time ({@link RemoteDisk}): the
 * operation may or may not have been applied at the disk.
 */
public class DiskUnreachableException extends ClusterException {
    @Serial
    private static final long serialVersionUID = 1L;

    public DiskUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
