package txstack.spi.disk;

import java.util.Set;

/** DISK-1, stated once for the SPI and the suite: a sector is 512 or 4096 bytes. */
public final class SectorSizes {
    /** The sector sizes a device may have. */
    public static final Set<Integer> ALLOWED = Set.of(512, 4096);

    private SectorSizes() {
    }

    /** True if {@code sectorSizeBytes} is one DISK-1 allows. */
    public static boolean isAllowed(int sectorSizeBytes) {
        return sectorSizeBytes == 512 || sectorSizeBytes == 4096;
    }

    /**
     * @return {@code sectorSizeBytes}
     * @throws IllegalArgumentException if DISK-1 does not allow it
     */
    public static int require(int sectorSizeBytes) {
        if (!isAllowed(sectorSizeBytes)) {
            throw new IllegalArgumentException("sector size must be 512 or 4096 (DISK-1): sectorSizeBytes="
                    + sectorSizeBytes);
        }
        return sectorSizeBytes;
    }
}
