package txstack.implementation.fs;

import java.io.Serial;

/** A directory stands where a file is needed. */
public final class IsADirectoryException extends FsException {
    @Serial
    private static final long serialVersionUID = 1L;

    public IsADirectoryException(String message) {
        super(Kind.IS_A_DIRECTORY, message);
    }
}
