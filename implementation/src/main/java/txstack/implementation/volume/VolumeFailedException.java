package txstack.implementation.volume;

import java.io.Serial;

/** More members are lost than the layout tolerates, or a RAID-5 was found dirty and degraded: the volume serves nothing. */
public class VolumeFailedException extends VolumeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public VolumeFailedException(String message) {
        super(message);
    }

    public VolumeFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
