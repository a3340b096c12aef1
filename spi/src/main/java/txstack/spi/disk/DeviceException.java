package txstack.spi.disk;

/** An I/O error or an unreadable sector reported by a {@link BlockDevice} (DISK-4). */
public class DeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceException(String message) {
        super(message);
    }
}
