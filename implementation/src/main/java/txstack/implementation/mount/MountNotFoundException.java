package txstack.implementation.mount;

import java.io.Serial;

/** A node the operation needs does not exist. */
public final class MountNotFoundException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public MountNotFoundException(String message) {
        super(Kind.NOT_FOUND, message);
    }
}
