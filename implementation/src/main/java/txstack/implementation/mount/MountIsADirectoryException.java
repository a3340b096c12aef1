package txstack.implementation.mount;

import java.io.Serial;

/** A directory where the operation needs a file. */
public final class MountIsADirectoryException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public MountIsADirectoryException(String message) {
        super(Kind.IS_A_DIRECTORY, message);
    }
}
