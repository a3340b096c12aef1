package txstack.implementation.cluster;

import java.io.Serial;

/**
 * A frame read from the network is not one {@link WireCodec} writes: a length out of bounds, an unknown type, a
 * truncated or overlong body, a bad enum ordinal. The connection it came from is closed; nothing of it is applied.
 */
public class CorruptFrameException extends ClusterException {
    @Serial
    private static final long serialVersionUID = 1L;

    public CorruptFrameException(String message) {
        super(message);
    }
}
