package txstack.implementation.disk;

import java.io.Serial;

import txstack.implementation.StorageException;

/** An I/O error of a block device (DISK-4), usually wrapping the {@link java.io.IOException} that caused it. */
public class DiskException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public DiskException(String message) {
        super(message);
    }

    public DiskException(String message, Throwable cause) {
        super(message, cause);
    }
}
