package txstack.implementation.cluster;

import java.io.Serial;

/** The namespace record read back from the shared disk is not one this code wrote (bad magic, version, length or CRC32C). */
public class CorruptNamespaceException extends ClusterException {
    @Serial
    private static final long serialVersionUID = 1L;

    public CorruptNamespaceException(String message) {
        super(message);
    }
}
