package txstack.implementation.mount;

import java.io.Serial;

/** The node has a reparse point of another tag. */
public final class ReparseTagMismatchException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public ReparseTagMismatchException(String message) {
        super(Kind.REPARSE_TAG_MISMATCH, message);
    }
}
