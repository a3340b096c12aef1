package txstack.implementation.mount;

import java.io.Serial;

/** Not {@code X:\...} or {@code \??\Volume{GUID}\...}: an empty or bad component, {@code .}, {@code ..}, or too long. */
public final class InvalidMountPathException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public InvalidMountPathException(String message) {
        super(Kind.INVALID_PATH, message);
    }
}
