package txstack.implementation.mount;

import java.io.Serial;

/** The volume is in the database but not present. */
public final class VolumeNotPresentException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public VolumeNotPresentException(String message) {
        super(Kind.VOLUME_NOT_PRESENT, message);
    }
}
