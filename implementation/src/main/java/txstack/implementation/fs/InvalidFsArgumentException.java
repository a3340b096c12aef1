package txstack.implementation.fs;

import java.io.Serial;

/** An offset, length, size, tag or attribute value is out of range. */
public final class InvalidFsArgumentException extends FsException {
    @Serial
    private static final long serialVersionUID = 1L;

    public InvalidFsArgumentException(String message) {
        super(Kind.INVALID_ARGUMENT, message);
    }
}
