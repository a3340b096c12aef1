package txstack.implementation.mount;

import java.io.Serial;

/** Tag 0, a reparse point on a root, or mount-point data that is not a volume name. */
public final class MountInvalidArgumentException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public MountInvalidArgumentException(String message) {
        super(Kind.INVALID_ARGUMENT, message);
    }
}
