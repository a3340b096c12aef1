package txstack.implementation.recovery;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes a data page: one sector of the data device, a header then the client's bytes.
 *
 * <pre>
 * Page p (sector p of the data device; S = 512 or 4096), every field little-endian:
 *
 *  offset  bytes  field
 *       0      4  magic       "TXPG" (0x47505854)
 *       4      2  version     1
 *       6      2  reserved    0
 *       8      8  pageIndex   p: a page written to the wrong sector fails
 *      16      8  pageLsn     &gt; 0: the LSN of the last logged change the bytes hold
 *      24      4  crc32c      CRC32C of bytes [0, 24) and [28, S)
 *      28      4  reserved    0
 *      32  S - 32 client bytes (the page, {@code pageSizeBytes} long)
 * </pre>
 *
 * <p>A sector of zeros is a page never written: zeros, LSN 0. Anything else must pass every check or it is a
 * {@link CorruptPageException}; its bytes are never returned as data.
 */
final class PageCodec {
    static final int MAGIC = 0x47505854;
    static final short VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int RESERVED_OFFSET = VERSION_OFFSET + Short.BYTES;
    static final int PAGE_INDEX_OFFSET = RESERVED_OFFSET + Short.BYTES;
    static final int PAGE_LSN_OFFSET = PAGE_INDEX_OFFSET + Long.BYTES;
    static final int CRC_OFFSET = PAGE_LSN_OFFSET + Long.BYTES;
    static final int RESERVED2_OFFSET = CRC_OFFSET + Integer.BYTES;
    static final int HEADER_BYTES = RESERVED2_OFFSET + Integer.BYTES;

    /** A decoded page: its LSN (0 if never written) and its client bytes. */
    record Page(long pageLsn, byte[] data) {
    }

    private PageCodec() {
    }

    /** The sector holding {@code data} (the client bytes, {@code sectorSizeBytes - HEADER_BYTES} long). */
    static byte[] encode(long pageIndex, long pageLsn, byte[] data) {
        byte[] sector = new byte[HEADER_BYTES + data.length];
        ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(MAGIC_OFFSET, MAGIC)
                .putShort(VERSION_OFFSET, VERSION)
                .putLong(PAGE_INDEX_OFFSET, pageIndex)
                .putLong(PAGE_LSN_OFFSET, pageLsn)
                .put(HEADER_BYTES, data)
                .putInt(CRC_OFFSET, checksum(sector));
        return sector;
    }

    /**
     * Decodes the sector read from page {@code pageIndex}.
     *
     * @throws CorruptPageException if it is neither all zeros nor a valid page {@code pageIndex}
     */
    static Page decode(long pageIndex, byte[] sector) {
        if (sector.length <= HEADER_BYTES) {
            throw new CorruptPageException("truncated page: page=" + pageIndex + " lengthBytes=" + sector.length);
        }
        if (allZero(sector)) {
            return new Page(0, new byte[sector.length - HEADER_BYTES]);
        }
        ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
        check(b.getInt(MAGIC_OFFSET) == MAGIC, pageIndex, "bad magic", MAGIC_OFFSET, b.getInt(MAGIC_OFFSET));
        check(b.getShort(VERSION_OFFSET) == VERSION, pageIndex, "unknown version", VERSION_OFFSET,
                b.getShort(VERSION_OFFSET));
        int calculated = checksum(sector);
        if (calculated != b.getInt(CRC_OFFSET)) {
            throw new CorruptPageException("crc32c mismatch: page=" + pageIndex + " offset=0x"
                    + Integer.toHexString(CRC_OFFSET).toUpperCase(java.util.Locale.ROOT) + " calculated="
                    + hex(calculated) + " read=" + hex(b.getInt(CRC_OFFSET)));
        }
        check(b.getShort(RESERVED_OFFSET) == 0 && b.getInt(RESERVED2_OFFSET) == 0, pageIndex,
                "reserved bytes not zero", RESERVED_OFFSET, b.getShort(RESERVED_OFFSET));
        check(b.getLong(PAGE_INDEX_OFFSET) == pageIndex, pageIndex, "page index mismatch", PAGE_INDEX_OFFSET,
                b.getLong(PAGE_INDEX_OFFSET));
        long pageLsn = b.getLong(PAGE_LSN_OFFSET);
        check(pageLsn > 0, pageIndex, "bad page lsn", PAGE_LSN_OFFSET, pageLsn);
        byte[] data = new byte[sector.length - HEADER_BYTES];
        b.get(HEADER_BYTES, data);
        return new Page(pageLsn, data);
    }

    private static int checksum(byte[] sector) {
        CRC32C crc = new CRC32C();
        crc.update(sector, 0, CRC_OFFSET);
        crc.update(sector, RESERVED2_OFFSET, sector.length - RESERVED2_OFFSET);
        return (int) crc.getValue();
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void check(boolean condition, long pageIndex, String what, int offset, long value) {
        if (!condition) {
            throw new CorruptPageException(what + ": page=" + pageIndex + " offset=0x"
                    + Integer.toHexString(offset).toUpperCase(java.util.Locale.ROOT) + " value=0x"
                    + Long.toHexString(value).toUpperCase(java.util.Locale.ROOT));
        }
    }

    static String hex(int value) {
        return String.format("0x%08X", value);
    }
}
