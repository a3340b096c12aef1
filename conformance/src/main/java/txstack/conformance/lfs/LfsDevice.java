package txstack.conformance.lfs;

import txstack.spi.disk.SectorSizes;

/**
 * The simulated device an LFS run formats its log on (DISK-1).
 *
 * @param sectorSizeBytes 512 or 4096
 * @param sectorCount     sectors on the device: small, so that workloads fill and wrap the log
 */
public record LfsDevice(int sectorSizeBytes, long sectorCount) {
    public static final long SECTOR_COUNT_MAX = 1L << 20;

    public LfsDevice {
        SectorSizes.require(sectorSizeBytes);
        if (sectorCount < 1 || sectorCount > SECTOR_COUNT_MAX) {
            throw new IllegalArgumentException("sectors must be in 1.." + SECTOR_COUNT_MAX + ": sectors="
                    + sectorCount);
        }
    }

    /** 64 sectors of 512 bytes for 512-byte sectors, 24 of 4096 otherwise: a log that wraps within a workload. */
    public static LfsDevice defaults(int sectorSizeBytes) {
        return new LfsDevice(sectorSizeBytes, sectorSizeBytes == 512 ? 64 : 24);
    }
}
