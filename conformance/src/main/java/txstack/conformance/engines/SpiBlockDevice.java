package txstack.conformance.engines;

import java.nio.ByteBuffer;
import txstack.spi.disk.DeviceException;
import txstack.spi.disk.UnreadableSectorException;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.DiskException;

/**
 * The suite's device as the implementation's {@link BlockDevice}: ByteBuffers to byte arrays, the implementation's
 * precondition exceptions, and {@link DeviceException} to {@link DiskException} (an unreadable sector to its
 * namesake, so a volume can tell a bad sector from a bad disk). Closing does nothing: the suite
 * owns the device. Public for tests that call the implementation on a suite's device (to read a volume label).
 */
public final class SpiBlockDevice implements BlockDevice {
    private final txstack.spi.disk.BlockDevice device;

    public SpiBlockDevice(txstack.spi.disk.BlockDevice device) {
        this.device = device;
    }

    @Override
    public int sectorSizeBytes() {
        return device.sectorSizeBytes();
    }

    @Override
    public long sectorCount() {
        return device.sectorCount();
    }

    @Override
    public void read(long firstSector, ByteBuffer dst) {
        int length = check(firstSector, dst);
        try {
            if (dst.hasArray()) {
                device.read(firstSector, dst.array(), dst.arrayOffset() + dst.position(), length);
                dst.position(dst.position() + length);
            } else {
                byte[] bytes = new byte[length];
                device.read(firstSector, bytes, 0, length);
                dst.put(bytes);
            }
        } catch (UnreadableSectorException e) {
            throw new txstack.implementation.disk.UnreadableSectorException(e.getMessage(), e.sector(), e);
        } catch (DeviceException e) {
            throw new DiskException(e.getMessage(), e);
        }
    }

    @Override
    public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
        int length = check(firstSector, src);
        byte[] bytes = new byte[length];
        src.get(bytes);
        try {
            device.write(firstSector, bytes, 0, length, forceUnitAccess);
        } catch (DeviceException e) {
            throw new DiskException(e.getMessage(), e);
        }
    }

    @Override
    public void flush() {
        try {
            device.flush();
        } catch (DeviceException e) {
            throw new DiskException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // The suite owns the device and keeps it for crash states.
    }

    private int check(long firstSector, ByteBuffer buffer) {
        int length = buffer.remaining();
        int sectorSize = device.sectorSizeBytes();
        if (length == 0 || length % sectorSize != 0) {
            throw new IllegalArgumentException("buffer is not a whole number of sectors: remainingBytes=" + length
                    + " sectorSizeBytes=" + sectorSize);
        }
        long sectors = length / sectorSize;
        if (firstSector < 0 || firstSector > device.sectorCount() - sectors) {
            throw new IndexOutOfBoundsException("sectors out of device: firstSector=" + firstSector + " sectors="
                    + sectors + " deviceSectorCount=" + device.sectorCount());
        }
        return length;
    }

    @Override
    public String toString() {
        return "SpiBlockDevice[" + device + "]";
    }
}
