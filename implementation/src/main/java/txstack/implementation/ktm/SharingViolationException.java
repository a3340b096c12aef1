package txstack.implementation.ktm;

import java.io.Serial;

import txstack.implementation.StorageException;

/**
 * A change of data another transaction holds (KTM-7): a second transaction, or a plain call, tried to change a file
 * or value a transaction changed and has not yet committed or rolled back. Nothing was changed. Thrown by every
 * resource manager alike.
 */
public class SharingViolationException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public SharingViolationException(String message) {
        super(message);
    }
}
