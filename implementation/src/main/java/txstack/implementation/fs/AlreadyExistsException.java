package txstack.implementation.fs;

import java.io.Serial;

/** The target name exists. */
public final class AlreadyExistsException extends FsException {
    @Serial
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String message) {
        super(Kind.EXISTS, message);
    }
}
