package txstack.implementation.mount;

import java.io.Serial;

/** A drive letter that is not {@code A..Z} (either case). */
public final class InvalidLetterException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public InvalidLetterException(String message) {
        super(Kind.INVALID_LETTER, message);
    }
}
