package txstack.implementation.fs;

import java.nio.ByteBuffer;

import txstack.implementation.disk.BlockDevice;

/** Sectors {@code [first, first + count)} of a device as a device of their own; flush flushes the whole device. */
final class DeviceSlice implements BlockDevice {
    private final BlockDevice device;
    private final long firstSector;
    private final long sectorCount;

    DeviceSlice(BlockDevice device, long firstSector, long sectorCount) {
        if (firstSector < 0 || sectorCount <= 0 || firstSector + sectorCount > device.sectorCount()) {
            throw new IllegalArgumentException("slice out of the device: firstSector=" + firstSector
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
    public void read(long first, ByteBuffer dst) {
        check(first, dst);
        device.read(firstSector + first, dst);
    }

    @Override
    public void write(long first, ByteBuffer src, boolean forceUnitAccess) {
        check(first, src);
        device.write(firstSector + first, src, forceUnitAccess);
    }

    private void check(long first, ByteBuffer buffer) {
        long sectors = buffer.remaining() / device.sectorSizeBytes();
        if (first < 0 || first + sectors > sectorCount) {
            throw new IndexOutOfBoundsException("transfer out of the slice: firstSector=" + first + " sectors="
                    + sectors + " sectorCount=" + sectorCount);
        }
    }

    @Override
    public void flush() {
        device.flush();
    }

    /** The slice does not own the device. */
    @Override
    public void close() {
    }
}
