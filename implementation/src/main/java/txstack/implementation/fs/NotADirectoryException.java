package txstack.implementation.fs;

import java.io.Serial;

/** A file stands where a directory is needed. */
public final class NotADirectoryException extends FsException {
    @Serial
    private static final long serialVersionUID = 1L;

    public NotADirectoryException(String message) {
        super(Kind.NOT_A_DIRECTORY, message);
    }
}
