package txstack.implementation.volume;

import java.io.Serial;

import txstack.implementation.StorageException;

/** The volume manager's errors (VOL-1..8): every one names the volume and the member in {@code key=value} form. */
public class VolumeException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public VolumeException(String message) {
        super(message);
    }

    public VolumeException(String message, Throwable cause) {
        super(message, cause);
    }
}
