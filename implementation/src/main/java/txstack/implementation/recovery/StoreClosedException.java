package txstack.implementation.recovery;

import java.io.Serial;

/** The store, or the transaction's store, is closed. */
public class StoreClosedException extends RecoveryException {
    @Serial
    private static final long serialVersionUID = 1L;

    public StoreClosedException(String message) {
        super(message);
    }

    public StoreClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
