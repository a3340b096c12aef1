package txstack.spi.lfs;

/**
 * The log has no room for a record: every byte of the circular area still holds a record at or after the durable
 * logical start (LFS-5). The client frees space by advancing the start and writing the restart area.
 */
public class LogFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogFullException(String message) {
        super(message);
    }
}
