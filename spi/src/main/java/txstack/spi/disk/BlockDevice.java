package txstack.spi.disk;

/**
 * A block device as the suite hands it to an engine (DISK-1..4). Addresses are whole sectors; a buffer's length
 * is a whole number of sectors.
 *
 * <p>A write may sit in a volatile cache until {@link #flush()} returns (DISK-2); a write with force-unit-access
 * is durable when it returns. On power loss each sector holds its last durable content or the content of one
 * write issued to it since; a multi-sector write may land partially (DISK-3). A failed or unreadable sector
 * raises {@link DeviceException} (DISK-4).
 */
public interface BlockDevice {

    /** Sector size in bytes: 512 or 4096 (DISK-1). */
    int sectorSizeBytes();

    /** Number of sectors on the device. */
    long sectorCount();

    /**
     * Reads {@code lengthBytes / sectorSizeBytes()} sectors starting at {@code firstSector} into {@code
     * buffer[offset, offset + lengthBytes)}; no other byte of {@code buffer} changes. The offset may be any index,
     * not only a multiple of the sector size (the volume suite hands reads their bytes inside larger arrays).
     */
    void read(long firstSector, byte[] buffer, int offset, int lengthBytes);

    /**
     * Writes whole sectors from {@code buffer[offset, offset + lengthBytes)}, and changes nothing in {@code buffer};
     * with {@code forceUnitAccess} the data is durable when this returns (DISK-2). The caller may reuse {@code buffer}
     * once this returns, so a device that issues the write later must copy its bytes first (the volume suite
     * overwrites each write's array as soon as the write returns).
     */
    void write(long firstSector, byte[] buffer, int offset, int lengthBytes, boolean forceUnitAccess);

    /** A barrier: every write that returned before this call is durable when it returns (DISK-2). */
    void flush();
}
