package txstack.implementation.mount;

import java.io.Serial;

/** No volume in the database has the drive letter. */
public final class NoSuchLetterException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public NoSuchLetterException(String message) {
        super(Kind.NO_SUCH_LETTER, message);
    }
}
