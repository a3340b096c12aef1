package txstack.implementation.lfs;

import java.io.Serial;

import txstack.implementation.StorageException;

/**
 * The log has no room for a record: the circular area would have to overwrite a record at or after the
 * durable start (LFS-5). The client frees space by advancing the start and writing the restart area.
 */
public class LogFullException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public LogFullException(String message) {
        super(message);
    }

    public LogFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
