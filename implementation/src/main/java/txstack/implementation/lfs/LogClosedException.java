package txstack.implementation.lfs;

import java.io.Serial;

import txstack.implementation.StorageException;

/**
 * A {@link LogFile} was used after {@link LogFile#close()}.
 */
public class LogClosedException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public LogClosedException(String message) {
        super(message);
    }

    public LogClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
