package txstack.implementation.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link BlockDevice} on a file: sector {@code i} is the bytes {@code [i * sectorSizeBytes, (i + 1) *
 * sectorSizeBytes)} of the file. Positional I/O on one {@link FileChannel}, so concurrent transfers need no lock;
 * {@link #flush()} is {@code force(false)} (fdatasync), a force-unit-access write is a write then {@code force(false)}.
 *
 * <p>The sector size must not exceed what the underlying storage writes atomically, or DISK-3 (a single sector is
 * never torn) does not hold. Interrupting a thread blocked in I/O closes the channel ({@link FileChannel}'s rule):
 * the device then throws {@link DeviceClosedException}.
 */
public final class FileBlockDevice implements BlockDevice {
    private static final int ZERO_CHUNK_BYTES = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final int sectorSizeBytes;
    private final long sectorCount;
    private volatile boolean closed;

    private FileBlockDevice(Path path, FileChannel channel, int sectorSizeBytes, long sectorCount) {
        this.path = path;
        this.channel = channel;
        this.sectorSizeBytes = sectorSizeBytes;
        this.sectorCount = sectorCount;
    }

    /** Creates a new file (it must not exist) of {@code sectorCount} zeroed sectors, written and forced to disk. */
    public static FileBlockDevice create(Path path, int sectorSizeBytes, long sectorCount) {
        Sectors.checkSectorSize(sectorSizeBytes);
        if (sectorCount <= 0 || sectorCount > Long.MAX_VALUE / sectorSizeBytes) {
            throw new IllegalArgumentException("invalid sector count: sectorCount=" + sectorCount);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            preallocate(channel, sectorCount * sectorSizeBytes);
            channel.force(true);
            return new FileBlockDevice(path, channel, sectorSizeBytes, sectorCount);
        } catch (IOException e) {
            closeQuietly(channel, e);
            throw new DiskException("cannot create device file: path=" + path + " sectorSizeBytes=" + sectorSizeBytes
                    + " sectorCount=" + sectorCount, e);
        }
    }

    /** Opens an existing device file; its length must be a positive whole number of sectors. */
    public static FileBlockDevice open(Path path, int sectorSizeBytes) {
        Sectors.checkSectorSize(sectorSizeBytes);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long lengthBytes = channel.size();
            if (lengthBytes == 0 || lengthBytes % sectorSizeBytes != 0) {
                throw new DiskException("file length is not a whole number of sectors: path=" + path
                        + " lengthBytes=" + lengthBytes + " sectorSizeBytes=" + sectorSizeBytes);
            }
            return new FileBlockDevice(path, channel, sectorSizeBytes, lengthBytes / sectorSizeBytes);
        } catch (IOException e) {
            closeQuietly(channel, e);
            throw new DiskException("cannot open device file: path=" + path, e);
        } catch (DiskException e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    /** Writes zeros so the file's blocks are allocated now, not on the first log write. */
    private static void preallocate(FileChannel channel, long lengthBytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(ZERO_CHUNK_BYTES, lengthBytes));
        long position = 0;
        while (position < lengthBytes) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), lengthBytes - position));
            while (zeros.hasRemaining()) {
                position += channel.write(zeros, position);
            }
        }
    }

    private static void closeQuietly(FileChannel channel, Exception primary) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    /** The file this device lives in. */
    public Path path() {
        return path;
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
    public void read(long firstSector, ByteBuffer dst) {
        checkOpen();
        Sectors.checkTransfer(sectorSizeBytes, sectorCount, firstSector, dst);
        long position = firstSector * sectorSizeBytes;
        try {
            while (dst.hasRemaining()) {
                int readBytes = channel.read(dst, position);
                if (readBytes < 0) {
                    throw new DiskException("unexpected end of device file: path=" + path + " offset=0x"
                            + Long.toHexString(position));
                }
                position += readBytes;
            }
        } catch (IOException e) {
            throw ioFailure("read", firstSector, e);
        }
    }

    @Override
    public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
        checkOpen();
        Sectors.checkTransfer(sectorSizeBytes, sectorCount, firstSector, src);
        long position = firstSector * sectorSizeBytes;
        try {
            while (src.hasRemaining()) {
                position += channel.write(src, position);
            }
            if (forceUnitAccess) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw ioFailure("write", firstSector, e);
        }
    }

    @Override
    public void flush() {
        checkOpen();
        try {
            channel.force(false);
        } catch (IOException e) {
            throw ioFailure("flush", -1, e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new DiskException("cannot close device file: path=" + path, e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new DeviceClosedException("device is closed: path=" + path);
        }
    }

    private DiskException ioFailure(String operation, long firstSector, IOException e) {
        String message = operation + " failed: path=" + path + " firstSector=" + firstSector;
        if (e instanceof ClosedChannelException) {
            return new DeviceClosedException(message, e);
        }
        return new DiskException(message, e);
    }

    @Override
    public String toString() {
        return "FileBlockDevice[path=" + path + ", sectorSizeBytes=" + sectorSizeBytes + ", sectorCount="
                + sectorCount + "]";
    }

    @Override
    public boolean prefersDirectBuffers() {
        return true;
    }
}
