package txstack.implementation.mount;

import java.io.Serial;

/** A file over {@link MountManager#FILE_BYTES_MAX} bytes to open, write or migrate. */
public final class DataTooLargeException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public DataTooLargeException(String message) {
        super(Kind.DATA_TOO_LARGE, message);
    }
}
