package txstack.conformance.recovery;

import txstack.spi.disk.SectorSizes;

/**
 * The disks a recovery run gives the engine and how much of the store the workloads use.
 *
 * @param sectorSizeBytes sector size of both disks, 512 or 4096
 * @param logSectors      sectors of the log disk: small, so that the log fills and checkpoints must free it
 * @param dataSectors     sectors of the data disk
 * @param pages           pages the workloads change and check (at most what the engine offers)
 */
public record RecoverySetup(int sectorSizeBytes, long logSectors, long dataSectors, int pages) {
    /** The most pages the suite checks after every crash. */
    public static final int PAGES_MAX = 64;
    /** The largest disk the suite simulates. */
    public static final long SECTORS_MAX = 1 << 16;

    public RecoverySetup {
        SectorSizes.require(sectorSizeBytes);
        if (logSectors < 1 || logSectors > SECTORS_MAX || dataSectors < 1 || dataSectors > SECTORS_MAX || pages < 1
                || pages > PAGES_MAX) {
            throw new IllegalArgumentException("invalid recovery setup: logSectors=" + logSectors + " dataSectors="
                    + dataSectors + " pages=" + pages + " (sectors in 1.." + SECTORS_MAX + ", pages in 1.."
                    + PAGES_MAX + ")");
        }
    }

    /** A log of 128 sectors and 8 pages of data on 512-byte sectors; 48 log sectors on 4096-byte sectors. */
    public static RecoverySetup defaults(int sectorSizeBytes) {
        return sectorSizeBytes == 512 ? new RecoverySetup(512, 128, 16, 8) : new RecoverySetup(4096, 48, 16, 8);
    }

    @Override
    public String toString() {
        return "log " + logSectors + " sectors and data " + dataSectors + " sectors of " + sectorSizeBytes
                + " bytes, " + pages + " pages checked";
    }
}
