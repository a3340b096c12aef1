package txstack.implementation.disk;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A {@link BlockDevice} in memory: every write is durable at once, {@link #flush()} does nothing. Thread-safe (one
 * monitor; transfers are copies). For tests and simulators: {@link #image()} copies the content out and
 * {@link #of(int, byte[])} builds a device from such an image.
 */
public final class MemoryBlockDevice implements BlockDevice {
    /** Arrays are indexed by int: the device must fit one. */
    public static final long MAX_SIZE_BYTES = Integer.MAX_VALUE - 8;

    private final int sectorSizeBytes;
    private final long sectorCount;
    private final byte[] bytes;
    private boolean closed;

    private MemoryBlockDevice(int sectorSizeBytes, byte[] bytes) {
        this.sectorSizeBytes = sectorSizeBytes;
        this.sectorCount = bytes.length / sectorSizeBytes;
        this.bytes = bytes;
    }

    /** A zeroed device of {@code sectorCount} sectors. */
    public static MemoryBlockDevice create(int sectorSizeBytes, long sectorCount) {
        Sectors.checkSectorSize(sectorSizeBytes);
        if (sectorCount <= 0 || sectorCount > MAX_SIZE_BYTES / sectorSizeBytes) {
            throw new IllegalArgumentException("invalid sector count: sectorCount=" + sectorCount
                    + " maxSizeBytes=" + MAX_SIZE_BYTES);
        }
        return new MemoryBlockDevice(sectorSizeBytes, new byte[(int) (sectorCount * sectorSizeBytes)]);
    }

    /** A device holding a copy of {@code image}, whose length must be a positive whole number of sectors. */
    public static MemoryBlockDevice of(int sectorSizeBytes, byte[] image) {
        Sectors.checkSectorSize(sectorSizeBytes);
        if (image.length == 0 || image.length % sectorSizeBytes != 0) {
            throw new IllegalArgumentException("image is not a whole number of sectors: lengthBytes="
                    + image.length + " sectorSizeBytes=" + sectorSizeBytes);
        }
        return new MemoryBlockDevice(sectorSizeBytes, image.clone());
    }

    /** A copy of the device's content. */
    public synchronized byte[] image() {
        return bytes.clone();
    }

    /** Fills the whole device with {@code value}, e.g. to start from garbage instead of zeros. */
    public synchronized void fill(byte value) {
        checkOpen();
        Arrays.fill(bytes, value);
    }

    @Override
    public int sectorSizeBytes() {
        return sectorSizeBytes;
    }

    @Override
    public long sectorCount() {
        return sectorCount;
    }

    @Override
    public synchronized void read(long firstSector, ByteBuffer dst) {
        checkOpen();
        Sectors.checkTransfer(sectorSizeBytes, sectorCount, firstSector, dst);
        dst.put(bytes, (int) (firstSector * sectorSizeBytes), dst.remaining());
    }

    @Override
    public synchronized void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
        checkOpen();
        Sectors.checkTransfer(sectorSizeBytes, sectorCount, firstSector, src);
        src.get(bytes, (int) (firstSector * sectorSizeBytes), src.remaining());
    }

    @Override
    public synchronized void flush() {
        checkOpen();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new DeviceClosedException("device is closed: memory sectorCount=" + sectorCount);
        }
    }

    @Override
    public String toString() {
        return "MemoryBlockDevice[sectorSizeBytes=" + sectorSizeBytes + ", sectorCount=" + sectorCount
                + ", hash=" + Integer.toHexString(System.identityHashCode(this)) + "]";
    }
}
