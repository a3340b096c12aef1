package txstack.implementation.ktm;

import java.io.Serial;

import txstack.implementation.StorageException;

/** A resource manager could not prepare (or failed while preparing): the transaction was rolled back everywhere (KTM-4). */
public class TransactionAbortedException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public TransactionAbortedException(String message) {
        super(message);
    }

    public TransactionAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
