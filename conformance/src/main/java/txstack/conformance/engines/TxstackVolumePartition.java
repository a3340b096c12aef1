package txstack.conformance.engines;

import java.nio.ByteBuffer;
import txstack.implementation.disk.BlockDevice;

/**
 * Sectors {@code [firstSector, firstSector + sectorCount)} of a device as a device of their own: one member of a
 * volume laid over one simulated disk. Closing does nothing: the suite owns the device.
 */
final class TxstackVolumePartition implements BlockDevice {
    private final BlockDevice device;
    private final long firstSector;
    private final long sectorCount;

    TxstackVolumePartition(BlockDevice device, long firstSector, long sectorCount) {
        if (firstSector < 0 || sectorCount < 1 || firstSector > device.sectorCount() - sectorCount) {
            throw new IllegalArgumentException("partition out of device: firstSector=" + firstSector
                    + " sectorCount=" + sectorCount + " deviceSectorCount=" + device.sectorCount());
        }
        this.device = device;
        this.firstSector = firstSector;
        this.sectorCount = sectorCount;
    }

    @Override
    public int sectorSizeBytes() {
        return device.sectorSizeBytes();
    }

    @Override
    public long sectorCount() {
        return sectorCount;
    }

    @Override
    public void read(long sector, ByteBuffer dst) {
        check(sector, dst);
        device.read(firstSector + sector, dst);
    }

    @Override
    public void write(long sector, ByteBuffer src, boolean forceUnitAccess) {
        check(sector, src);
        device.write(firstSector + sector, src, forceUnitAccess);
    }

    @Override
    public void flush() {
        device.flush();
    }

    @Override
    public void close() {
        // The suite owns the device.
    }

    private void check(long sector, ByteBuffer buffer) {
        long sectors = buffer.remaining() / device.sectorSizeBytes();
        if (sector < 0 || sector > sectorCount - sectors) {
            throw new IndexOutOfBoundsException("sectors out of partition: firstSector=" + sector + " sectors="
                    + sectors + " partitionSectorCount=" + sectorCount);
        }
    }
}
