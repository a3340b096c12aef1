package txstack.implementation.disk;

import java.nio.ByteBuffer;

/**
 * Sectors {@code [firstSector, firstSector + sectorCount)} of a device as a device of their own: a file system's
 * regions on its volume, a volume member laid over part of a disk. Flushing flushes the whole device (a barrier is a
 * device's, not a range's). Closing does nothing: whoever owns the device closes it.
 */
public final class DeviceSlice implements BlockDevice {
    private final BlockDevice device;
    private final long firstSector;
    private final long sectorCount;

    /** @throws IllegalArgumentException unless the sectors lie on {@code device} and are at least one */
    public DeviceSlice(BlockDevice device, long firstSector, long sectorCount) {
        if (firstSector < 0 || sectorCount < 1 || firstSector > device.sectorCount() - sectorCount) {
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
        if (first < 0 || first > sectorCount - sectors) {
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

    @Override
    public String toString() {
        return "DeviceSlice[" + firstSector + ".." + (firstSector + sectorCount - 1) + " of " + device + "]";
    }

    @Override
    public boolean prefersDirectBuffers() {
        return device.prefersDirectBuffers();
    }
}
