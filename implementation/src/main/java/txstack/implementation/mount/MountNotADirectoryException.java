package txstack.implementation.mount;

import java.io.Serial;

/** A file where the walk or the operation needs a directory. */
public final class MountNotADirectoryException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public MountNotADirectoryException(String message) {
        super(Kind.NOT_A_DIRECTORY, message);
    }
}
