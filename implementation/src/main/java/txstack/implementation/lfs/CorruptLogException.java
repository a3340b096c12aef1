package txstack.implementation.lfs;

import java.io.Serial;

import txstack.implementation.StorageException;

/**
 * Bad data where good data must be: a bad restart copy (both copies), a page or record that fails its
 * checks, a lost record below a point the log says was durable, wrong magic or version, or a truncated image.
 */
public class CorruptLogException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public CorruptLogException(String message) {
        super(message);
    }

    public CorruptLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
