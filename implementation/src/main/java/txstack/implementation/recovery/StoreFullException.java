package txstack.implementation.recovery;

import java.io.Serial;

/**
 * The log has no room: an update would eat the space kept for rollbacks and recovery, or a checkpoint does not fit,
 * even after every dirty page was written back and a checkpoint taken. Commit or roll back transactions to free it.
 */
public class StoreFullException extends RecoveryException {
    @Serial
    private static final long serialVersionUID = 1L;

    public StoreFullException(String message) {
        super(message);
    }

    public StoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
