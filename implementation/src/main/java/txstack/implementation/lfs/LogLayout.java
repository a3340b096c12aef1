package txstack.implementation.lfs;

import txstack.implementation.lfs.RestartPageCodec.RestartPage;
import txstack.implementation.disk.SectorSizes;

/**
 * Where a log's parts sit on its device and what its stream arithmetic is (LFS-1, LFS-3, LFS-5).
 *
 * <p>The device holds {@link RestartPageCodec#COPY_COUNT} restart copies of {@link RestartPageCodec#COPY_SIZE_BYTES}
 * from sector 0, then {@code logPageCount} (P) log pages of one sector each. A page carries {@code D =
 * sectorSizeBytes - LogPageCodec.HEADER_BYTES} stream bytes; LSN {@code L} is in page {@code L / D}, which lives in
 * sector {@code firstLogSector + (L / D) mod P}.
 *
 * <p>Space (the {@link LogGeometry} formula): a record may be placed only if its last page index is below {@code
 * page(durableStart) + P}, so no page holding a byte at or after the durable start is ever overwritten. With
 * {@code r = durableStart mod D} that admits exactly the appends whose live bytes plus the new record's total at most
 * {@code P * D - r}; hence {@code capacityBytes = P * D}, {@code slackBytes = D - 1}, {@code recordOverheadBytes =}
 * {@link RecordCodec#HEADER_BYTES} (records are packed with no padding).
 */
record LogLayout(int sectorSizeBytes, long firstLogSector, long logPageCount, int maxPayloadBytes,
                 int maxClientDataBytes, int flushBatchPages) {
    /** The fewest log pages a log may have. */
    static final long MIN_LOG_PAGES = 2;

    /** The layout {@link LogFile#format} gives a device of {@code sectorCount} sectors. */
    static LogLayout forFormat(int sectorSizeBytes, long sectorCount, LogOptions options) {
        SectorSizes.require(sectorSizeBytes);
        long firstLogSector = restartSectors(sectorSizeBytes);
        long logPageCount = sectorCount - firstLogSector;
        if (logPageCount < MIN_LOG_PAGES) {
            throw new IllegalArgumentException("device too small for a log: sectorCount=" + sectorCount
                    + " minSectorCount=" + (firstLogSector + MIN_LOG_PAGES));
        }
        long pageDataBytes = sectorSizeBytes - LogPageCodec.HEADER_BYTES;
        long roomBytes = logPageCount * pageDataBytes - (pageDataBytes - 1) - RecordCodec.HEADER_BYTES;
        int maxPayloadBytes = (int) Math.min(options.maxPayloadBytes(), roomBytes);
        int flushBatchPages = (int) Math.min(logPageCount, Math.max(1, options.flushBatchMaxBytes() / sectorSizeBytes));
        return new LogLayout(sectorSizeBytes, firstLogSector, logPageCount, maxPayloadBytes,
                options.maxClientDataBytes(), flushBatchPages);
    }

    static LogLayout of(RestartPage page) {
        return new LogLayout(page.sectorSizeBytes(), page.firstLogSector(), page.logPageCount(),
                page.maxPayloadBytes(), page.maxClientDataBytes(), page.flushBatchPages());
    }

    /**
     * Checks that a decoded restart copy describes a layout this code can use.
     *
     * @throws CorruptLogException if it does not
     */
    static void checkStored(RestartPage page) {
        int sectorSizeBytes = page.sectorSizeBytes();
        if (!SectorSizes.isAllowed(sectorSizeBytes)) {
            throw corrupt("sectorSizeBytes", sectorSizeBytes, page);
        }
        if (page.firstLogSector() != restartSectors(sectorSizeBytes)) {
            throw corrupt("firstLogSector", page.firstLogSector(), page);
        }
        long pageDataBytes = sectorSizeBytes - LogPageCodec.HEADER_BYTES;
        if (page.logPageCount() < MIN_LOG_PAGES || page.logPageCount() > Long.MAX_VALUE / 4 / sectorSizeBytes) {
            throw corrupt("logPageCount", page.logPageCount(), page);
        }
        if (page.maxPayloadBytes() < 1 || page.maxPayloadBytes() > LogOptions.MAX_PAYLOAD_LIMIT_BYTES
                || page.maxPayloadBytes() > page.logPageCount() * pageDataBytes) {
            throw corrupt("maxPayloadBytes", page.maxPayloadBytes(), page);
        }
        if (page.maxClientDataBytes() < 0 || page.maxClientDataBytes() > RestartPageCodec.MAX_CLIENT_DATA_BYTES) {
            throw corrupt("maxClientDataBytes", page.maxClientDataBytes(), page);
        }
        if (page.flushBatchPages() < 1 || page.flushBatchPages() > page.logPageCount()) {
            throw corrupt("flushBatchPages", page.flushBatchPages(), page);
        }
        if (page.startLsn() < pageDataBytes || page.startLsn() > Long.MAX_VALUE / 2) {
            throw corrupt("startLsn", page.startLsn(), page);
        }
        if (page.epoch() < 1 || page.epoch() > Long.MAX_VALUE / 2) {
            throw corrupt("epoch", page.epoch(), page);
        }
        if (page.epochStartLsn() < pageDataBytes || page.epochStartLsn() > Long.MAX_VALUE / 2) {
            throw corrupt("epochStartLsn", page.epochStartLsn(), page);
        }
        if (page.sequence() < 0) {
            throw corrupt("sequence", page.sequence(), page);
        }
    }

    private static CorruptLogException corrupt(String field, long value, RestartPage page) {
        return new CorruptLogException("restart copy field out of range: field=" + field + " value=" + value
                + " sequence=" + page.sequence());
    }

    static long restartSectors(int sectorSizeBytes) {
        return (long) RestartPageCodec.COPY_COUNT * RestartPageCodec.COPY_SIZE_BYTES / sectorSizeBytes;
    }

    /** The first sector of restart copy {@code slot}. */
    long restartSector(int slot) {
        return (long) slot * RestartPageCodec.COPY_SIZE_BYTES / sectorSizeBytes;
    }

    /** D: stream bytes per page. */
    int pageDataBytes() {
        return sectorSizeBytes - LogPageCodec.HEADER_BYTES;
    }

    /** The LSN of the first byte of the stream (page 1). */
    long firstLsn() {
        return pageDataBytes();
    }

    long pageOf(long streamOffset) {
        return streamOffset / pageDataBytes();
    }

    int offsetInPage(long streamOffset) {
        return (int) (streamOffset % pageDataBytes());
    }

    long pageStart(long pageIndex) {
        return pageIndex * pageDataBytes();
    }

    long sectorOf(long pageIndex) {
        return firstLogSector + Math.floorMod(pageIndex, logPageCount);
    }

    /** How many consecutive pages, from {@code pageIndex}, are in slots before the ring wraps. */
    long pagesBeforeWrap(long pageIndex) {
        return logPageCount - Math.floorMod(pageIndex, logPageCount);
    }

    long capacityBytes() {
        return logPageCount * pageDataBytes();
    }

    /** The most pages one record touches. */
    int maxRecordPages() {
        return (int) Math.min(logPageCount,
                ((long) maxPayloadBytes + RecordCodec.HEADER_BYTES + pageDataBytes() - 1) / pageDataBytes() + 1);
    }

    /**
     * How far past the page where recovery stopped a page proving a lost durable record can be: the flush that
     * made a record durable wrote at most {@code flushBatchPages} pages ending at most {@code maxRecordPages} after
     * the record's first page, and the next flush's first page follows it (see {@link LogRecovery}).
     */
    long durableProofWindowPages() {
        return Math.min(logPageCount - 1, (long) flushBatchPages + maxRecordPages());
    }

    LogGeometry geometry() {
        return new LogGeometry(capacityBytes(), RecordCodec.HEADER_BYTES, pageDataBytes() - 1, maxPayloadBytes,
                maxClientDataBytes);
    }
}
