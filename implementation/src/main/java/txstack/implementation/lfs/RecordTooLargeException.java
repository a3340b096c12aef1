package txstack.implementation.lfs;

import java.io.Serial;

import txstack.implementation.StorageException;

/**
 * A payload larger than the log's {@code maxPayloadBytes} (see {@link LogGeometry}).
 */
public class RecordTooLargeException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(message);
    }

    public RecordTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
