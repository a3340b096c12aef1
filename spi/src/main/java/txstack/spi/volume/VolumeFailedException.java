package txstack.spi.volume;

/**
 * A volume refuses to serve: more members are lost than it tolerates, or (RAID-5 only) it crashed and lost a member
 * before its stripes were made consistent again, so it cannot tell which of them were written half-way (VOL-8).
 */
public class VolumeFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VolumeFailedException(String message) {
        super(message);
    }
}
