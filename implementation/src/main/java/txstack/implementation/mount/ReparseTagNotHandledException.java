package txstack.implementation.mount;

import java.io.Serial;

/** Resolution met a reparse point whose tag has no owner here (HSM on a directory included). */
public final class ReparseTagNotHandledException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public ReparseTagNotHandledException(String message) {
        super(Kind.REPARSE_TAG_NOT_HANDLED, message);
    }
}
