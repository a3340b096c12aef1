package txstack.implementation.lfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.DiskException;
import txstack.implementation.lfs.LogPageCodec.PageHeader;
import txstack.implementation.lfs.RecordCodec.RecordHeader;
import txstack.implementation.lfs.RestartPageCodec.RestartPage;

/**
 * Finds the true end of the log from the restart area's start (LFS-6): the longest chain of good records, read
 * through the chain of good pages.
 *
 * <p>A page joins the chain if it decodes (magic, checksum), carries this log's id and the expected absolute page
 * index (a page of an earlier lap or of nothing fails), and the previous page was full. Its epoch (incarnation) must
 * be no greater than the newest restart copy's, no smaller than the previous page's, and if it is older than the
 * restart copy's epoch, only its bytes below that epoch's {@code epochStartLsn} count: the bytes past the end an
 * incarnation recovered to belong to it alone, so a page a dead incarnation wrote there (its predecessor page's
 * write lost, or the start moved past the end before the crash) never rejoins the log. A record joins if its header
 * and checksum are good, it chains to the record before ({@code prevLsn}) and it lies wholly inside the page chain.
 * The first failure is the end of the log.
 *
 * <p>A bad record followed by good ones: every page carries {@code durableLsn}, a point below which every record
 * was durable before the page was written. If a good page of this lap, at or after the page where the scan stopped,
 * says a point above the stopping LSN was durable, the record there is not a torn tail but lost or damaged durable
 * data: {@link CorruptLogException}. A crash alone never trips this: durable records always survive, so the scan
 * always reaches every durable point any page claims. The look-ahead is bounded: the flush that made a record
 * durable wrote at most {@code flushBatchPages} pages, and the next flush rewrites the page where it ended, so the
 * proof, if any flush followed, lies within {@link LogLayout#durableProofWindowPages()}. Damage to the last flushed
 * records before any later flush completed is indistinguishable from a torn tail and is taken as one.
 */
final class LogRecovery {
    private static final int READ_AHEAD_PAGES = 64;

    /**
     * What recovery found: the end, the last record, the tail page's stream bytes below the end, the LSNs; and, if
     * asked for and within the bound, the stream bytes of every page from the start's page to the one before the
     * end's page, as checked ({@code keptPages}, maybe empty); and the buffer the scan read into, for the log's
     * reads to reuse (null if none).
     */
    record Result(long endLsn, long lastRecordLsn, byte[] tailPageData, LsnIndex index, KeptPages keptPages,
                  ByteBuffer readBuffer) {
        Result(long endLsn, long lastRecordLsn, byte[] tailPageData, LsnIndex index) {
            this(endLsn, lastRecordLsn, tailPageData, index, KeptPages.none(), null);
        }
    }

    /**
     * A page of the chain: its stream bytes are {@code data[offset, offset + usedBytes)}; {@code data} is the scan's
     * own ({@code reusable}) or a chunk of the kept pages.
     */
    private record LoadedPage(long pageIndex, byte[] data, int offset, int usedBytes, boolean reusable) {
    }

    private final LogLayout layout;
    private final long logId;
    private final long maxEpoch;
    private final long restartEpoch;
    private final long epochStartLsn;
    private final boolean verify;
    private final boolean checkEpoch;
    /** The broken variant {@link LogFault#READ_ERROR_ENDS_LOG}: a page that does not read ends the chain. */
    private final boolean readErrorEndsLog;
    private final long startLsn;
    private final long limitPage;
    private final ArrayDeque<LoadedPage> loaded = new ArrayDeque<>();
    /** Data arrays of pages the scan has passed, for the next pages to load into (when none are kept). */
    private final ArrayDeque<byte[]> freePageData = new ArrayDeque<>();
    private final PageRun run;
    private final RecordCodec.Verifier verifier = new RecordCodec.Verifier();
    private final byte[] headerScratch = new byte[RecordCodec.HEADER_BYTES];
    private byte[] payloadScratch = new byte[0];
    /** Where {@link #locate} found the bytes: {@code [locatedOffset, ...)} of {@code locatedArray}. */
    private byte[] locatedArray;
    private int locatedOffset;
    private byte[] locatedBufferArray;
    private ByteBuffer locatedArrayBuffer;
    /** Pages kept for the caller while they fit its bound. */
    private final KeptPages kept;
    private long nextPage;
    private long availableEnd;
    private long lastEpoch;
    private boolean chainEnded;
    /** Only in the broken variant: the chain ended at a page that did not read, taken for a clean end. */
    private boolean endedAtReadError;

    private LogRecovery(BlockDevice device, LogLayout layout, RestartPage restart, long maxEpoch,
                        LogFault fault, long retainBytesMax) {
        this.layout = layout;
        this.logId = restart.logId();
        this.maxEpoch = maxEpoch;
        this.restartEpoch = restart.epoch();
        this.epochStartLsn = restart.epochStartLsn();
        this.verify = fault != LogFault.NO_CHECKSUM_VALIDATION;
        this.checkEpoch = verify && fault != LogFault.NO_EPOCH;
        this.readErrorEndsLog = fault == LogFault.READ_ERROR_ENDS_LOG;
        this.startLsn = restart.startLsn();
        this.nextPage = layout.pageOf(startLsn);
        this.limitPage = nextPage + layout.logPageCount();
        this.availableEnd = layout.pageStart(nextPage);
        this.run = new PageRun(device, layout, READ_AHEAD_PAGES, true);
        this.kept = retainBytesMax > 0 ? new KeptPages(layout.pageDataBytes(), nextPage, retainBytesMax)
                : KeptPages.none();
    }

    /**
     * Scans the log on {@code device} from {@code restart}'s start; reads only. Keeps the stream bytes of the pages it
     * checked if they fit {@code retainBytesMax} (0: keeps none).
     */
    static Result recover(BlockDevice device, LogLayout layout, RestartPage restart, long maxEpoch,
                          LogFault fault, long retainBytesMax) {
        LogRecovery recovery = new LogRecovery(device, layout, restart, maxEpoch, fault, retainBytesMax);
        LsnIndex index = new LsnIndex();
        long endLsn = recovery.scanRecords(index);
        if (recovery.verify && !recovery.endedAtReadError && fault != LogFault.DAMAGE_TAKEN_FOR_TAIL) {
            recovery.checkNoDurableRecordLost(endLsn);
        }
        long lastRecordLsn = index.size() == 0 ? 0 : index.get(index.size() - 1);
        // Only the pages wholly below the end: the end's page is the log's tail page, which appends change (the broken
        // variant keeps it too).
        recovery.kept.truncate(layout.pageOf(endLsn) + (fault == LogFault.SCAN_READS_KEPT_TAIL ? 1 : 0));
        return new Result(endLsn, lastRecordLsn, recovery.tailPageData(endLsn), index, recovery.kept,
                recovery.run.buffer());
    }

    /** Walks records from the start while they are good; returns the LSN after the last good one. */
    private long scanRecords(LsnIndex index) {
        long position = startLsn;
        long prevLsn = 0;
        long limitLsn = startLsn + layout.capacityBytes();
        while (position + RecordCodec.HEADER_BYTES <= limitLsn) {
            if (!locate(position, RecordCodec.HEADER_BYTES, headerScratch)) {
                break;
            }
            RecordHeader header;
            try {
                header = RecordCodec.decodeHeader(locatedBuffer(), locatedOffset, layout.maxPayloadBytes());
            } catch (CorruptLogException e) {
                break;
            }
            long recordEnd = position + RecordCodec.HEADER_BYTES + header.payloadBytes();
            if (payloadScratch.length < header.payloadBytes()) {
                payloadScratch = new byte[header.payloadBytes()];
            }
            if (recordEnd > limitLsn || !locate(position + RecordCodec.HEADER_BYTES, header.payloadBytes(),
                    payloadScratch) || (verify && !chains(position, prevLsn, header))) {
                break;
            }
            index.add(position);
            prevLsn = position;
            position = recordEnd;
            discardBefore(position);
        }
        return position;
    }

    /** {@link #locatedArray} as a little-endian buffer, made again only when the array changes. */
    private ByteBuffer locatedBuffer() {
        if (locatedBufferArray != locatedArray) {
            locatedBufferArray = locatedArray;
            locatedArrayBuffer = ByteBuffer.wrap(locatedArray).order(ByteOrder.LITTLE_ENDIAN);
        }
        return locatedArrayBuffer;
    }

    /** True if the record at {@code lsn}, whose payload {@link #locate} just found, chains and checks. */
    private boolean chains(long lsn, long prevLsn, RecordHeader header) {
        if (prevLsn != 0 ? header.prevLsn() != prevLsn : header.prevLsn() >= lsn || header.prevLsn() < 0) {
            return false;
        }
        return verifier.matches(lsn, header, locatedArray, locatedOffset);
    }

    /**
     * Finds the stream bytes {@code [offset, offset + length)} if the page chain holds them all: sets {@link
     * #locatedArray} and {@link #locatedOffset} to where they are, in a loaded page, or copied into {@code scratch} if
     * they span pages. False if the chain ends before them.
     */
    private boolean locate(long offset, int length, byte[] scratch) {
        while (!chainEnded && availableEnd < offset + length) {
            loadNextPage();
        }
        if (availableEnd < offset + length) {
            return false;
        }
        int copied = 0;
        for (LoadedPage page : loaded) {
            long pageStart = layout.pageStart(page.pageIndex());
            long from = Math.max(offset + copied, pageStart);
            long to = Math.min(offset + length, pageStart + page.usedBytes());
            if (from < to && from == offset + copied) {
                if (copied == 0 && to - from == length) {
                    locatedArray = page.data();
                    locatedOffset = page.offset() + (int) (from - pageStart);
                    return true;
                }
                System.arraycopy(page.data(), page.offset() + (int) (from - pageStart), scratch, copied,
                        (int) (to - from));
                copied += (int) (to - from);
            }
        }
        if (copied != length) {
            throw new IllegalStateException("page chain lost bytes: offset=" + offset + " length=" + length
                    + " copied=" + copied);
        }
        locatedArray = scratch;
        locatedOffset = 0;
        return true;
    }

    private void loadNextPage() {
        if (nextPage >= limitPage) {
            chainEnded = true;
            return;
        }
        ByteBuffer pageBytes;
        try {
            pageBytes = run.page(nextPage);
        } catch (DiskException e) {
            if (!readErrorEndsLog) {
                throw e; // a page that does not read is damage, never a torn tail: the caller hears of it
            }
            chainEnded = true;
            endedAtReadError = true;
            return;
        }
        PageHeader header = LogPageCodec.decodeOrNull(pageBytes, verify);
        if (header == null || header.logId() != logId || verify && (header.pageIndex() != nextPage
                || header.epoch() > maxEpoch || (checkEpoch && header.epoch() < lastEpoch))) {
            chainEnded = true;
            return;
        }
        long pageStart = layout.pageStart(nextPage);
        int usedBytes = header.usedBytes();
        if (checkEpoch && header.epoch() < restartEpoch) {
            // Bytes at or past epochStartLsn in an older epoch's page were written by a dead incarnation.
            usedBytes = (int) Math.max(0, Math.min(usedBytes, epochStartLsn - pageStart));
        }
        byte[] data = kept.nextPageChunk();
        boolean reusable = data == null;
        int offset = 0;
        if (reusable) {
            data = freePageData.isEmpty() ? new byte[layout.pageDataBytes()] : freePageData.pop();
        } else {
            offset = kept.lastPageOffset();
        }
        pageBytes.get(LogPageCodec.HEADER_BYTES, data, offset, usedBytes);
        loaded.addLast(new LoadedPage(nextPage, data, offset, usedBytes, reusable));
        lastEpoch = Math.max(lastEpoch, header.epoch());
        availableEnd = pageStart + usedBytes;
        chainEnded = usedBytes < layout.pageDataBytes();
        nextPage++;
    }

    private void discardBefore(long position) {
        long keepFrom = layout.pageOf(position);
        while (!loaded.isEmpty() && loaded.peekFirst().pageIndex() < keepFrom) {
            LoadedPage passed = loaded.removeFirst();
            if (passed.reusable()) {
                freePageData.push(passed.data()); // only its used bytes are ever read: no need to clear it
            }
        }
    }

    /** See the class comment: a good page claiming durability above {@code endLsn} proves a lost record. */
    private void checkNoDurableRecordLost(long endLsn) {
        long firstPage = layout.pageOf(endLsn);
        long lastPage = Math.min(firstPage + layout.durableProofWindowPages(), limitPage - 1);
        for (long pageIndex = firstPage; pageIndex <= lastPage; pageIndex++) {
            PageHeader header;
            try {
                header = LogPageCodec.decodeOrNull(run.page(pageIndex), true);
            } catch (DiskException e) {
                if (!readErrorEndsLog) {
                    throw e;
                }
                continue;
            }
            if (header != null && header.logId() == logId && header.pageIndex() == pageIndex
                    && header.durableLsn() > endLsn) {
                throw new CorruptLogException("bad record followed by good ones: lsn=" + endLsn + " offset="
                        + Checksums.hex(endLsn) + " page=" + pageIndex + " durableLsn=" + header.durableLsn()
                        + " (page " + pageIndex + " says records below durableLsn were durable)");
            }
        }
    }

    /** The stream bytes of the end's page below the end: what the first append continues. */
    private byte[] tailPageData(long endLsn) {
        byte[] data = new byte[layout.pageDataBytes()];
        long tailPage = layout.pageOf(endLsn);
        for (LoadedPage page : loaded) {
            if (page.pageIndex() == tailPage) {
                int keepBytes = Math.min(page.usedBytes(), layout.offsetInPage(endLsn));
                System.arraycopy(page.data(), page.offset(), data, 0, keepBytes);
            }
        }
        return data;
    }
}
