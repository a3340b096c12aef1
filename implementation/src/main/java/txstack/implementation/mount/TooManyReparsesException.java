package txstack.implementation.mount;

import java.io.Serial;

/** One resolution needed more than {@link MountManager#REPARSES_MAX} reparses (MNT-6): a loop of mount points. */
public final class TooManyReparsesException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public TooManyReparsesException(String message) {
        super(Kind.TOO_MANY_REPARSES, message);
    }
}
