package txstack.implementation.fs;

import java.io.Serial;

/** Reparse data is longer than 16,384 bytes (MNT-5). */
public final class ReparseDataTooLargeException extends FsException {
    @Serial
    private static final long serialVersionUID = 1L;

    public ReparseDataTooLargeException(String message) {
        super(Kind.REPARSE_DATA_TOO_LARGE, message);
    }
}
