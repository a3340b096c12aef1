package txstack.implementation.fs;

import java.io.Serial;

/** A name is longer than the volume's nameLengthMax. */
public final class NameTooLongException extends FsException {
    @Serial
    private static final long serialVersionUID = 1L;

    public NameTooLongException(String message) {
        super(Kind.NAME_TOO_LONG, message);
    }
}
