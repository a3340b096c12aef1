package txstack.implementation.ktm;

import java.io.Serial;

import txstack.implementation.StorageException;

/** A record or restart area of the transaction manager's log fails its checks; its bytes are never used. */
public class CorruptTmLogException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public CorruptTmLogException(String message) {
        super(message);
    }

    public CorruptTmLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
