package txstack.implementation.mount;

import java.io.Serial;

/** A file to migrate offline already has a reparse point. */
public final class HasReparsePointException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public HasReparsePointException(String message) {
        super(Kind.HAS_REPARSE_POINT, message);
    }
}
