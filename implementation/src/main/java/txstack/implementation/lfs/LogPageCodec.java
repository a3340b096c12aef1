package txstack.implementation.lfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes and decodes the header of a log page (LFS-1, LFS-6). A log page is one sector, so a page write is atomic
 * (DISK-3) and rewriting the partly filled tail page in place is safe. The data bytes of consecutive pages form one
 * stream; a record's LSN is its offset in that stream (page {@code n} holds stream bytes {@code [n * D, (n + 1) * D)},
 * {@code D = sectorSizeBytes - HEADER_BYTES}, the stream starts at page 1 so no LSN is 0). Page {@code n} lives in
 * log slot {@code n mod logPageCount}.
 *
 * <pre>
 * Log page: one sector (512 or 4096 bytes), every field little-endian.
 *
 *  offset  bytes  field
 *       0      4  magic       "TXLP" (0x504C5854)
 *       4      4  crc32c      CRC32C of bytes [8, sectorSizeBytes)
 *       8      8  logId       the log's random id (restart copy): pages of an earlier format never match
 *      16      8  pageIndex   absolute index n in the infinite log: a page from an earlier lap never matches
 *      24      8  epoch       incarnation that wrote the page; recovery follows pages of non-decreasing epoch
 *      32      8  durableLsn  every record below this LSN was durable (a device flush had returned) before
 *                             this page was written: a bad record below it is corruption, not a torn tail
 *      40      4  usedBytes   stream bytes used in this page, 0 .. D; less than D marks the end of the log
 *      44      D  data        stream bytes; beyond usedBytes zeros
 * </pre>
 *
 * <p>Decoding checks only what the bytes alone tell (magic, bounds, checksum); the caller checks the log id, page
 * index and epoch against what it expects. It never throws anything but {@link CorruptLogException}.
 */
final class LogPageCodec {
    static final int MAGIC = 0x504C5854; // "TXLP" read little-endian

    static final int MAGIC_OFFSET = 0;
    static final int CRC_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int LOG_ID_OFFSET = CRC_OFFSET + Integer.BYTES;
    static final int PAGE_INDEX_OFFSET = LOG_ID_OFFSET + Long.BYTES;
    static final int EPOCH_OFFSET = PAGE_INDEX_OFFSET + Long.BYTES;
    static final int DURABLE_LSN_OFFSET = EPOCH_OFFSET + Long.BYTES;
    static final int USED_BYTES_OFFSET = DURABLE_LSN_OFFSET + Long.BYTES;
    static final int HEADER_BYTES = USED_BYTES_OFFSET + Integer.BYTES;

    /** A decoded page header. */
    record PageHeader(long logId, long pageIndex, long epoch, long durableLsn, int usedBytes) {
    }

    private LogPageCodec() {
    }

    /**
     * Writes the header of the page at {@code pageOffset} in {@code bytes} (whose data bytes are already in place)
     * and its checksum.
     */
    static void encode(byte[] bytes, int pageOffset, int pageBytes, PageHeader header) {
        ByteBuffer b = ByteBuffer.wrap(bytes, pageOffset, pageBytes).slice().order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC_OFFSET, MAGIC);
        b.putLong(LOG_ID_OFFSET, header.logId());
        b.putLong(PAGE_INDEX_OFFSET, header.pageIndex());
        b.putLong(EPOCH_OFFSET, header.epoch());
        b.putLong(DURABLE_LSN_OFFSET, header.durableLsn());
        b.putInt(USED_BYTES_OFFSET, header.usedBytes());
        b.putInt(CRC_OFFSET, Checksums.crc32c(bytes, pageOffset + LOG_ID_OFFSET, pageBytes - LOG_ID_OFFSET));
    }

    /**
     * Decodes the header of the page that is {@code page}'s remaining bytes (the buffer is not moved).
     *
     * @param verifyChecksum false only for the broken {@link LogFault#NO_CHECKSUM_VALIDATION}
     * @throws CorruptLogException if the bytes are not a whole, valid page, saying what is wrong
     */
    static PageHeader decode(ByteBuffer page, boolean verifyChecksum) {
        PageHeader header = decodeOrNull(page, verifyChecksum);
        if (header == null) {
            throw new CorruptLogException(defect(page, verifyChecksum));
        }
        return header;
    }

    /**
     * {@link #decode} for scans that meet pages that are not valid as a matter of course (the end of the log, the
     * pages after it): null instead of an exception, whose message would cost more than the check.
     */
    static PageHeader decodeOrNull(ByteBuffer page, boolean verifyChecksum) {
        int pageBytes = page.remaining();
        if (pageBytes <= HEADER_BYTES) {
            return null;
        }
        ByteBuffer b = page.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(MAGIC_OFFSET) != MAGIC
                || verifyChecksum && Checksums.crc32c(b, LOG_ID_OFFSET, pageBytes) != b.getInt(CRC_OFFSET)) {
            return null;
        }
        int usedBytes = b.getInt(USED_BYTES_OFFSET);
        if (usedBytes < 0 || usedBytes > pageBytes - HEADER_BYTES) {
            return null;
        }
        return new PageHeader(b.getLong(LOG_ID_OFFSET), b.getLong(PAGE_INDEX_OFFSET), b.getLong(EPOCH_OFFSET),
                b.getLong(DURABLE_LSN_OFFSET), usedBytes);
    }

    /** What is wrong with a page {@link #decodeOrNull} refused. */
    private static String defect(ByteBuffer page, boolean verifyChecksum) {
        int pageBytes = page.remaining();
        if (pageBytes <= HEADER_BYTES) {
            return "truncated log page: lengthBytes=" + pageBytes + " headerBytes=" + HEADER_BYTES;
        }
        ByteBuffer b = page.slice().order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(MAGIC_OFFSET);
        if (magic != MAGIC) {
            return "log page magic mismatch: offset=0x0 expected=" + Checksums.hex(MAGIC) + " read="
                    + Checksums.hex(magic);
        }
        int calculated = Checksums.crc32c(b, LOG_ID_OFFSET, pageBytes);
        int read = b.getInt(CRC_OFFSET);
        if (verifyChecksum && calculated != read) {
            return "crc32c mismatch: page=" + b.getLong(PAGE_INDEX_OFFSET) + " offset=" + Checksums.hex(CRC_OFFSET)
                    + " calculated=" + Checksums.hex(calculated) + " read=" + Checksums.hex(read);
        }
        return "log page used bytes out of range: page=" + b.getLong(PAGE_INDEX_OFFSET) + " offset="
                + Checksums.hex(USED_BYTES_OFFSET) + " usedBytes=" + b.getInt(USED_BYTES_OFFSET) + " max="
                + (pageBytes - HEADER_BYTES);
    }
}
