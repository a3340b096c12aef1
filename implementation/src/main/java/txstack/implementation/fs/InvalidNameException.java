package txstack.implementation.fs;

import java.io.Serial;

/** A path or name breaks the syntax, or names the root where it may not. */
public final class InvalidNameException extends FsException {
    @Serial
    private static final long serialVersionUID = 1L;

    public InvalidNameException(String message) {
        super(Kind.INVALID_NAME, message);
    }
}
