package txstack.implementation.fs;

import java.io.Serial;

/** The directory has entries. */
public final class DirectoryNotEmptyException extends FsException {
    @Serial
    private static final long serialVersionUID = 1L;

    public DirectoryNotEmptyException(String message) {
        super(Kind.NOT_EMPTY, message);
    }
}
