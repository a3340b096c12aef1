package txstack.spi.disk;

/**
 * A sector that no longer reads (DISK-4, a latent sector error): the device answers, this sector does not, until it is
 * written again. A volume with redundancy left computes the sector from its other members (VOL-6).
 */
public class UnreadableSectorException extends DeviceException {
    private static final long serialVersionUID = 1L;

    private final long sector;

    public UnreadableSectorException(String message, long sector) {
        super(message);
        this.sector = sector;
    }

    /** The device sector that does not read. */
    public long sector() {
        return sector;
    }
}
