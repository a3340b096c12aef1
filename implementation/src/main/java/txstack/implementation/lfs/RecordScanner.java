package txstack.implementation.lfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.lfs.LogPageCodec.PageHeader;

/**
 * Reads runs of consecutive records for {@link LogFile#scanForward} with the checks of {@link RecordReader} (every
 * page: checksum, log id, page index, used bytes; every record: length, checksum, chain), but without copying: large
 * device reads into one direct buffer, and each payload handed to the visitor as a view of it. Only a payload or
 * header that spans two pages is copied, into a scratch array reused across records. Single-threaded, outside the
 * log's lock, like {@link RecordReader}.
 */
final class RecordScanner {
    /** 1 MiB of 4 KiB pages per device read. */
    static final int READ_AHEAD_PAGES = 256;

    private final LogLayout layout;
    private final long logId;
    private final boolean verify;
    private final BlockDevice device;
    /** Made on the first page read from the device: a scan of in-memory pages only needs none. */
    private PageRun run;
    private final RecordCodec.Verifier verifier = new RecordCodec.Verifier();
    private final byte[] headerScratch = new byte[RecordCodec.HEADER_BYTES];
    private final ByteBuffer headerScratchBuffer = ByteBuffer.wrap(headerScratch).order(ByteOrder.LITTLE_ENDIAN);
    private byte[] payloadScratch = new byte[0];
    private ByteBuffer payloadScratchBuffer = ByteBuffer.wrap(payloadScratch).order(ByteOrder.LITTLE_ENDIAN);
    private ByteBuffer payloadScratchReadOnly = payloadScratchBuffer.asReadOnlyBuffer();

    // The page the last bytes came from: its stream bytes are [pageStart, pageStart + usedBytes) of pageBytes,
    // starting at pageDataOffset.
    private long currentPage = Long.MIN_VALUE;
    private ByteBuffer pageBytes;
    private ByteBuffer pageReadOnly;
    private int pageDataOffset;
    private int usedBytes;

    // The batch being read: in-memory pages from memoryFirstPage on.
    private long memoryFirstPage;
    private List<ByteBuffer> memoryPages;

    // Where view() found the bytes: from viewIndex of viewBuffer (writable) and viewReadOnly (the same bytes).
    private ByteBuffer viewBuffer;
    private ByteBuffer viewReadOnly;
    private int viewIndex;

    RecordScanner(BlockDevice device, LogLayout layout, long logId, boolean verify) {
        this.layout = layout;
        this.logId = logId;
        this.verify = verify;
        this.device = device;
    }

    /**
     * Reads and visits the records at {@code boundaries[0 .. count-1]}, record {@code k} ending at {@code
     * boundaries[k + 1]}; {@code prevLsn} is the LSN of the record before the first (0 if unknown). {@code
     * memoryPages} are the data (index 0 the first stream byte) of pages {@code memoryFirstPage, memoryFirstPage +
     * 1, ...}, enough to cover every byte read at or after {@code memoryFirstPage}. The checksum of a record wholly
     * below {@code checkedBelowPage} is not computed: those pages are the ones open's scan checked and kept.
     */
    void scan(long[] boundaries, int count, long prevLsn, long newMemoryFirstPage, List<ByteBuffer> newMemoryPages,
              long checkedBelowPage, RecordVisitor visitor) {
        memoryFirstPage = newMemoryFirstPage;
        memoryPages = newMemoryPages;
        currentPage = Long.MIN_VALUE; // a page of the previous batch may have been in memory then
        long expectedPrevLsn = prevLsn;
        for (int k = 0; k < count; k++) {
            long lsn = boundaries[k];
            view(lsn, RecordCodec.HEADER_BYTES, headerScratch, headerScratchBuffer, headerScratchBuffer);
            RecordCodec.RecordHeader decoded = RecordCodec.decodeHeader(viewBuffer, viewIndex,
                    layout.maxPayloadBytes());
            long expectedPayloadBytes = boundaries[k + 1] - lsn - RecordCodec.HEADER_BYTES;
            if (decoded.payloadBytes() != expectedPayloadBytes) {
                throw new CorruptLogException("record length mismatch: lsn=" + lsn + " offset=" + Checksums.hex(lsn)
                        + " expected=" + expectedPayloadBytes + " read=" + decoded.payloadBytes());
            }
            int payloadBytes = decoded.payloadBytes();
            if (payloadScratch.length < payloadBytes) {
                payloadScratch = new byte[payloadBytes];
                payloadScratchBuffer = ByteBuffer.wrap(payloadScratch).order(ByteOrder.LITTLE_ENDIAN);
                payloadScratchReadOnly = payloadScratchBuffer.asReadOnlyBuffer();
            }
            view(lsn + RecordCodec.HEADER_BYTES, payloadBytes, payloadScratch, payloadScratchBuffer,
                    payloadScratchReadOnly);
            if (verify) {
                if (expectedPrevLsn != 0 && decoded.prevLsn() != expectedPrevLsn) {
                    throw new CorruptLogException("record chain broken: lsn=" + lsn + " expectedPrevLsn="
                            + expectedPrevLsn + " readPrevLsn=" + decoded.prevLsn());
                }
                if (layout.pageOf(boundaries[k + 1] - 1) >= checkedBelowPage) {
                    verifier.verify(lsn, decoded, viewBuffer, viewIndex);
                }
            }
            visitor.visit(lsn, viewReadOnly.slice(viewIndex, payloadBytes).order(ByteOrder.LITTLE_ENDIAN));
            expectedPrevLsn = lsn;
        }
    }

    /**
     * Finds the stream bytes {@code [offset, offset + length)}: sets {@link #viewBuffer}, {@link #viewReadOnly} and
     * {@link #viewIndex} to the page they lie in, or, if they span pages, copies them into {@code scratch} (whose
     * buffers are given) and points there.
     */
    private void view(long offset, int length, byte[] scratch, ByteBuffer scratchBuffer, ByteBuffer scratchReadOnly) {
        if (length == 0) {
            // An empty payload needs no page: the one its offset names may not exist (the header ended the page).
            viewBuffer = scratchBuffer;
            viewReadOnly = scratchReadOnly;
            viewIndex = 0;
            return;
        }
        int within = layout.offsetInPage(offset);
        if (within + length <= layout.pageDataBytes()) {
            selectPage(layout.pageOf(offset), within + length);
            viewBuffer = pageBytes;
            viewReadOnly = pageReadOnly;
            viewIndex = pageDataOffset + within;
            return;
        }
        int copied = 0;
        while (copied < length) {
            long position = offset + copied;
            int at = layout.offsetInPage(position);
            int piece = Math.min(layout.pageDataBytes() - at, length - copied);
            selectPage(layout.pageOf(position), at + piece);
            pageBytes.get(pageDataOffset + at, scratch, copied, piece);
            copied += piece;
        }
        viewBuffer = scratchBuffer;
        viewReadOnly = scratchReadOnly;
        viewIndex = 0;
    }

    /** Makes {@code pageIndex} the current page, checked once, and checks it holds {@code neededBytes}. */
    private void selectPage(long pageIndex, int neededBytes) {
        if (pageIndex != currentPage) {
            if (pageIndex >= memoryFirstPage) {
                pageBytes = memoryPages.get((int) (pageIndex - memoryFirstPage)).order(ByteOrder.LITTLE_ENDIAN);
                pageDataOffset = 0;
                usedBytes = layout.pageDataBytes();
            } else {
                if (run == null) {
                    run = new PageRun(device, layout, READ_AHEAD_PAGES, true);
                }
                ByteBuffer page = run.page(pageIndex);
                PageHeader header = LogPageCodec.decode(page, verify);
                if (header.logId() != logId || verify && header.pageIndex() != pageIndex) {
                    throw new CorruptLogException("log page identity mismatch: page=" + pageIndex + " sector="
                            + layout.sectorOf(pageIndex) + " expectedLogId=" + Checksums.hex(logId) + " readLogId="
                            + Checksums.hex(header.logId()) + " readPageIndex=" + header.pageIndex());
                }
                pageBytes = page.order(ByteOrder.LITTLE_ENDIAN);
                pageDataOffset = LogPageCodec.HEADER_BYTES;
                usedBytes = header.usedBytes();
            }
            pageReadOnly = pageBytes.asReadOnlyBuffer();
            currentPage = pageIndex;
        }
        if (neededBytes > usedBytes) {
            throw new CorruptLogException("log page too short: page=" + pageIndex + " usedBytes=" + usedBytes
                    + " neededBytes=" + neededBytes);
        }
    }
}
