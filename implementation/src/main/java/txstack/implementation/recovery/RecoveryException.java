package txstack.implementation.recovery;

import java.io.Serial;

import txstack.implementation.StorageException;

/** The recovery layer's one exception base: every error of {@code txstack.implementation.recovery} extends it. */
public class RecoveryException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public RecoveryException(String message) {
        super(message);
    }

    public RecoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
