package txstack.implementation.mount;

import java.io.Serial;

/** The node has no reparse point to delete. */
public final class MountNotAReparsePointException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public MountNotAReparsePointException(String message) {
        super(Kind.NOT_A_REPARSE_POINT, message);
    }
}
