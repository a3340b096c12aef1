package txstack.implementation.mount;

import java.io.Serial;

/** The node to create exists (a root included). */
public final class MountExistsException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public MountExistsException(String message) {
        super(Kind.EXISTS, message);
    }
}
