package example.ringlog;

import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.SectorSizes;
import txstack.spi.lfs.LogSpace;

/**
 * Where everything is on the log device; fixed by its size.
 * <pre>
 * sector 0          restart copy 0 (even sequence numbers)
 * sector 1          restart copy 1 (odd sequence numbers)
 * sectors 2..       the ring: slotCount sectors of one record each; LSN n lives in slot n % slotCount
 * </pre>
 *
 * @param sectorSizeBytes 512 or 4096
 * @param slotCount       sectors in the ring, so the most records the log holds
 */
record Geometry(int sectorSizeBytes, long slotCount) {
    static final long RESTART_COPIES = 2;
    static final long RING_FIRST_SECTOR = RESTART_COPIES;
    static final long SLOTS_MIN = 2;
    static final long SLOTS_MAX = 1L << 20;

    Geometry {
        SectorSizes.require(sectorSizeBytes);
        if (slotCount < SLOTS_MIN || slotCount > SLOTS_MAX) {
            throw new IllegalArgumentException("a ring log needs " + (SLOTS_MIN + RESTART_COPIES) + ".."
                    + (SLOTS_MAX + RESTART_COPIES) + " sectors: sectorCount=" + (slotCount + RESTART_COPIES));
        }
    }

    static Geometry of(BlockDevice device) {
        return new Geometry(device.sectorSizeBytes(), device.sectorCount() - RESTART_COPIES);
    }

    /** The sector of the slot that holds LSN {@code lsn} (LSNs start at 1). */
    long sectorOf(long lsn) {
        return RING_FIRST_SECTOR + lsn % slotCount;
    }

    int maxPayloadBytes() {
        return sectorSizeBytes - RecordSector.HEADER_BYTES;
    }

    int maxClientDataBytes() {
        return sectorSizeBytes - RestartCopy.HEADER_BYTES;
    }

    /**
     * The space in the SPI's byte-cost model (LFS-5). A record costs its payload plus the header, between
     * {@code HEADER_BYTES} and a whole sector, and every record takes one slot whatever it costs. So: capacity is
     * {@code slotCount} whole sectors (the ring is full before live records can cost more), and the slack is all of
     * it but {@code slotCount} headers (while live records cost no more than that, fewer than {@code slotCount} are
     * live, so a slot is free).
     */
    LogSpace space() {
        long capacityBytes = slotCount * sectorSizeBytes;
        long slackBytes = slotCount * maxPayloadBytes();
        return new LogSpace(capacityBytes, RecordSector.HEADER_BYTES, slackBytes, maxPayloadBytes(),
                maxClientDataBytes());
    }
}
