package txstack.implementation.disk;

/** DISK-1, stated once for the implementation: a sector is 512 or 4096 bytes. */
public final class SectorSizes {
    /** The small sector size, in bytes. */
    public static final int SMALL_BYTES = 512;
    /** The large (advanced format) sector size, in bytes. */
    public static final int LARGE_BYTES = 4096;

    private SectorSizes() {
    }

    /** True if DISK-1 allows {@code sectorSizeBytes}. */
    public static boolean isAllowed(int sectorSizeBytes) {
        return sectorSizeBytes == SMALL_BYTES || sectorSizeBytes == LARGE_BYTES;
    }

    /**
     * @return {@code sectorSizeBytes}
     * @throws IllegalArgumentException if DISK-1 does not allow it
     */
    public static int require(int sectorSizeBytes) {
        if (!isAllowed(sectorSizeBytes)) {
            throw new IllegalArgumentException("unsupported sector size: sectorSizeBytes=" + sectorSizeBytes
                    + " allowed=512,4096");
        }
        return sectorSizeBytes;
    }
}
