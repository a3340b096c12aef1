package txstack.implementation.recovery;

import java.io.Serial;

/**
 * Bad data where good data must be: a log record that does not decode, a restart area that is not a store's, a log
 * that lacks a record recovery needs, a data device that does not match the log.
 */
public class CorruptStoreException extends RecoveryException {
    @Serial
    private static final long serialVersionUID = 1L;

    public CorruptStoreException(String message) {
        super(message);
    }

    public CorruptStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
