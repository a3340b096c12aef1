package txstack.implementation.disk;

import java.io.Serial;

/**
 * A sector that no longer reads (DISK-4, a latent sector error): the device works, this sector does not, until it is
 * written again (a rewrite lets the drive remap it). Callers with redundancy reconstruct the sector and rewrite it;
 * every other {@link DiskException} means the whole device is in doubt.
 */
public class UnreadableSectorException extends DiskException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final long sector;

    public UnreadableSectorException(String message, long sector) {
        super(message);
        this.sector = sector;
    }

    public UnreadableSectorException(String message, long sector, Throwable cause) {
        super(message, cause);
        this.sector = sector;
    }

    /** The device sector that does not read, or -1 if the device did not say which one of the transfer it was. */
    public long sector() {
        return sector;
    }
}
