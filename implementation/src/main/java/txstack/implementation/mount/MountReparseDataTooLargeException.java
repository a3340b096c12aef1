package txstack.implementation.mount;

import java.io.Serial;

/** Reparse data over {@link ReparseTags#DATA_BYTES_MAX} bytes (MNT-5). */
public final class MountReparseDataTooLargeException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public MountReparseDataTooLargeException(String message) {
        super(Kind.REPARSE_DATA_TOO_LARGE, message);
    }
}
