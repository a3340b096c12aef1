package txstack.implementation.disk;

import java.nio.ByteBuffer;

/**
 * A block device (DISK-1..4): {@link #sectorCount()} sectors of {@link #sectorSizeBytes()} bytes each, addressed by
 * index from 0.
 *
 * <p>Transfers are whole sectors: a buffer's {@code remaining()} must be a positive multiple of the sector size
 * (else {@link IllegalArgumentException}) and the sectors must lie on the device (else {@link
 * IndexOutOfBoundsException}). A transfer consumes the buffer: on return its position is its limit. Using a closed
 * device throws {@link DeviceClosedException}; an I/O error throws {@link DiskException}.
 *
 * <p>Durability (DISK-2, DISK-3): a write may sit in a volatile cache until {@link #flush()} returns; a write with
 * {@code forceUnitAccess} is durable when it returns. On power loss each sector holds its last durable content or
 * the content of one write issued to it since; a single sector is atomic, a multi-sector write may land partially.
 *
 * <p>Implementations are safe for concurrent use by several threads.
 */
public interface BlockDevice extends AutoCloseable {

    /** The sector size: 512 or 4096 bytes (DISK-1). */
    int sectorSizeBytes();

    /** The number of sectors on the device. */
    long sectorCount();

    /** Reads {@code dst.remaining() / sectorSizeBytes()} sectors starting at {@code firstSector} into {@code dst}. */
    void read(long firstSector, ByteBuffer dst);

    /**
     * Writes {@code src.remaining() / sectorSizeBytes()} sectors starting at {@code firstSector}; with
     * {@code forceUnitAccess} the data is durable when this returns.
     */
    void write(long firstSector, ByteBuffer src, boolean forceUnitAccess);

    /** A barrier: every write that returned before this call is durable when it returns (DISK-2). */
    void flush();

    /**
     * True if reads into a direct buffer save a copy (a file's channel does); a caller then allocates its long-lived
     * read buffers direct. False by default: for a device in memory a direct buffer only costs its allocation.
     */
    default boolean prefersDirectBuffers() {
        return false;
    }

    /** Releases the device; further use throws {@link DeviceClosedException}. Closing twice does nothing. */
    @Override
    void close();
}
