package example.ringlog;

/**
 * The one exception of this engine: a log it cannot open, or a record that does not read back as written. Messages
 * are {@code key=value}. Device errors arrive as the SPI's own {@code DeviceException} and pass through.
 */
public class RingLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RingLogException(String message) {
        super(message);
    }
}
