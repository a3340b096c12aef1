package txstack.implementation.mount;

import java.io.Serial;

/** A reparse point on a directory with entries, for a tag without bit 28. */
public final class MountNotEmptyException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public MountNotEmptyException(String message) {
        super(Kind.NOT_EMPTY, message);
    }
}
