package txstack.implementation.disk;

import java.io.Serial;

/** A block device was used after {@link BlockDevice#close()}. */
public class DeviceClosedException extends DiskException {
    @Serial
    private static final long serialVersionUID = 1L;

    public DeviceClosedException(String message) {
        super(message);
    }

    public DeviceClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
