package txstack.implementation.mount;

import java.io.Serial;

/** Another volume in the database (present or not) has the drive letter. */
public final class LetterInUseException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public LetterInUseException(String message) {
        super(Kind.LETTER_IN_USE, message);
    }
}
