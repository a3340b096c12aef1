package txstack.implementation.lfs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.lfs.LogPageCodec.PageHeader;
import txstack.implementation.lfs.RecordCodec.RecordHeader;

/**
 * Reads a run of consecutive records for {@link LogFile}: stream bytes come from copies of the in-memory pages (from
 * {@code memoryFirstPage} on) or from the device (before it), where every page is checked on read (checksum, log
 * id, page index, used bytes) and every record too (length, checksum, chain). Single-threaded, outside the log's
 * lock: pages before {@code memoryFirstPage} are fully written and not rewritten while they are live.
 */
final class RecordReader {
    private static final int READ_AHEAD_PAGES = 32;

    private final LogLayout layout;
    private final long logId;
    private final boolean verify;
    private final long memoryFirstPage;
    private final List<byte[]> memoryPages;
    private final PageRun run;
    private long checkedPage = Long.MIN_VALUE;
    private int checkedUsedBytes;

    /**
     * @param memoryPages copies of the data of pages {@code memoryFirstPage, memoryFirstPage + 1, ...}, enough to
     *                    cover every byte read at or after {@code memoryFirstPage}
     * @param reuse       a read buffer a finished reader gave back ({@link #buffer()}), or null
     */
    RecordReader(BlockDevice device, LogLayout layout, long logId, boolean verify, long memoryFirstPage,
                 List<byte[]> memoryPages, ByteBuffer reuse) {
        this.layout = layout;
        this.logId = logId;
        this.verify = verify;
        this.memoryFirstPage = memoryFirstPage;
        this.memoryPages = memoryPages;
        this.run = new PageRun(device, layout, READ_AHEAD_PAGES, false, reuse);
    }

    /** The read buffer, for the next reader once this one is done; null if it read nothing from the device. */
    ByteBuffer buffer() {
        return run.buffer();
    }

    /**
     * Reads the records at {@code boundaries[0 .. n-1]}, record {@code k} ending at {@code boundaries[k + 1]};
     * {@code prevLsn} is the LSN of the record before the first (0 if unknown).
     */
    List<LogRecord> read(long[] boundaries, long prevLsn) {
        List<LogRecord> records = new ArrayList<>(boundaries.length - 1);
        long expectedPrevLsn = prevLsn;
        for (int k = 0; k + 1 < boundaries.length; k++) {
            long lsn = boundaries[k];
            byte[] headerBytes = new byte[RecordCodec.HEADER_BYTES];
            copy(lsn, headerBytes);
            RecordHeader header = RecordCodec.decodeHeader(ByteBuffer.wrap(headerBytes), layout.maxPayloadBytes());
            long expectedPayloadBytes = boundaries[k + 1] - lsn - RecordCodec.HEADER_BYTES;
            if (header.payloadBytes() != expectedPayloadBytes) {
                throw new CorruptLogException("record length mismatch: lsn=" + lsn + " offset=" + Checksums.hex(lsn)
                        + " expected=" + expectedPayloadBytes + " read=" + header.payloadBytes());
            }
            byte[] payload = new byte[header.payloadBytes()];
            copy(lsn + RecordCodec.HEADER_BYTES, payload);
            if (verify) {
                if (expectedPrevLsn != 0 && header.prevLsn() != expectedPrevLsn) {
                    throw new CorruptLogException("record chain broken: lsn=" + lsn + " expectedPrevLsn="
                            + expectedPrevLsn + " readPrevLsn=" + header.prevLsn());
                }
                RecordCodec.verify(lsn, header, payload);
            }
            records.add(new LogRecord(lsn, payload));
            expectedPrevLsn = lsn;
        }
        return records;
    }

    private void copy(long offset, byte[] dst) {
        int copied = 0;
        while (copied < dst.length) {
            long position = offset + copied;
            long pageIndex = layout.pageOf(position);
            int within = layout.offsetInPage(position);
            int length = Math.min(layout.pageDataBytes() - within, dst.length - copied);
            if (pageIndex >= memoryFirstPage) {
                System.arraycopy(memoryPages.get((int) (pageIndex - memoryFirstPage)), within, dst, copied, length);
            } else {
                ByteBuffer page = checkedPage(pageIndex);
                if (within + length > checkedUsedBytes) {
                    throw new CorruptLogException("log page too short: page=" + pageIndex + " usedBytes="
                            + checkedUsedBytes + " neededBytes=" + (within + length));
                }
                page.get(LogPageCodec.HEADER_BYTES + within, dst, copied, length);
            }
            copied += length;
        }
    }

    private ByteBuffer checkedPage(long pageIndex) {
        ByteBuffer page = run.page(pageIndex);
        if (pageIndex != checkedPage) {
            PageHeader header = LogPageCodec.decode(page, verify);
            if (header.logId() != logId || verify && header.pageIndex() != pageIndex) {
                throw new CorruptLogException("log page identity mismatch: page=" + pageIndex + " sector="
                        + layout.sectorOf(pageIndex) + " expectedLogId=" + Checksums.hex(logId) + " readLogId="
                        + Checksums.hex(header.logId()) + " readPageIndex=" + header.pageIndex());
            }
            checkedPage = pageIndex;
            checkedUsedBytes = header.usedBytes();
        }
        return page;
    }
}
