package txstack.implementation.volume;

import java.io.Serial;

/**
 * A volume sector cannot be read: the member sector holding it (or one its reconstruction needs) is unreadable
 * (DISK-4) and the volume has no redundancy left for it (VOL-6). That data is lost; the volume goes on serving every
 * other sector.
 */
public class UnreadableDataException extends VolumeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public UnreadableDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
