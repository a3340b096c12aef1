package txstack.implementation.ktm;

import java.io.Serial;

import txstack.implementation.StorageException;

/** The transaction is not active: it committed, rolled back, was aborted, or its transaction manager closed. */
public class TransactionNotActiveException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public TransactionNotActiveException(String message) {
        super(message);
    }

    public TransactionNotActiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
