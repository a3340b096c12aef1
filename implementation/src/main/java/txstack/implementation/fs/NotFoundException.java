package txstack.implementation.fs;

import java.io.Serial;

/** A node the operation needs does not exist. */
public final class NotFoundException extends FsException {
    @Serial
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(Kind.NOT_FOUND, message);
    }
}
