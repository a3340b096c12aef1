package txstack.implementation.ktm;

import java.io.Serial;

import txstack.implementation.StorageException;

/**
 * A single-phase commit failed inside its resource manager (a device error, a crash): the transaction may have
 * committed or not. The resource manager settles it by itself when it restarts; the transaction's status is
 * {@link Transaction.Status#OUTCOME_UNKNOWN}.
 */
public class TransactionOutcomeUnknownException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public TransactionOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
