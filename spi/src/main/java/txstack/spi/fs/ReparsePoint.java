package txstack.spi.fs;

/**
 * A reparse point (MNT-5): its owner's tag (non-zero) and at most {@link #DATA_BYTES_MAX} bytes of data.
 *
 * @param tag  the owner's tag, never 0
 * @param data the data; the suite never changes it
 */
public record ReparsePoint(int tag, byte[] data) {
    /** The most data bytes a reparse point carries: 16 KiB. */
    public static final int DATA_BYTES_MAX = 16 * 1024;
}
