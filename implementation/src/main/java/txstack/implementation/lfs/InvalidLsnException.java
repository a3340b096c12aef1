package txstack.implementation.lfs;

import java.io.Serial;

import txstack.implementation.StorageException;

/**
 * An LSN the operation cannot take: never written, not a record boundary, below the start (released), or a
 * start moved backward or past the end (LFS-3, LFS-4).
 */
public class InvalidLsnException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public InvalidLsnException(String message) {
        super(message);
    }

    public InvalidLsnException(String message, Throwable cause) {
        super(message, cause);
    }
}
