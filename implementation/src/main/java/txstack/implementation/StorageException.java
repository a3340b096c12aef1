package txstack.implementation;

import java.io.Serial;

/**
 * The module's one domain exception: every error of the storage stack extends it. Unchecked, because a caller can
 * rarely do more than report it. Messages are {@code key=value} pairs with offsets and hex values, e.g.
 * {@code crc32c mismatch: page=17 offset=0x2200 calculated=0x1A2B3C4D read=0x00000000}.
 */
public class StorageException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
