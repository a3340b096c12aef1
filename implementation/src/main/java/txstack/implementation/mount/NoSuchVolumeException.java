package txstack.implementation.mount;

import java.io.Serial;

/** No volume in the database has the identity or the volume name (also a mount point naming none). */
public final class NoSuchVolumeException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public NoSuchVolumeException(String message) {
        super(Kind.NO_SUCH_VOLUME, message);
    }
}
