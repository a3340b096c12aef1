package txstack.implementation.txr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import txstack.implementation.recovery.RecoverableStore;
import txstack.implementation.recovery.Transaction;

/**
 * Records on the pages of the hive's store ({@link HiveCodec} has the layout): each record on a chain of pages,
 * written and freed inside a store transaction, read back and checked, and found again by a scan at open. Not
 * thread-safe: the {@link Registry} calls it under its lock.
 */
final class HivePages {
    /** Room for the hive header, and for a page header and a record header on one page. */
    static final int PAGE_BYTES_MIN = 64;

    private final RecoverableStore store;
    private final int pageCount;
    private final int pageBytes;
    private final int chunkBytes;
    private final int updateBytesMax;

    /** A record found by {@link #scan}: what it says and the pages it is on, first page first. */
    record Found(HiveRecord record, int[] pages) {
    }

    HivePages(RecoverableStore store, int updateBytesMax) {
        if (store.pageCount() < 2 || store.pageCount() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("hive device size out of range: pageCount=" + store.pageCount()
                    + " min=2 max=" + Integer.MAX_VALUE);
        }
        if (store.pageSizeBytes() < PAGE_BYTES_MIN) {
            throw new IllegalArgumentException("hive pages too small: pageBytes=" + store.pageSizeBytes());
        }
        this.store = store;
        this.pageCount = (int) store.pageCount();
        this.pageBytes = store.pageSizeBytes();
        this.chunkBytes = pageBytes - HiveCodec.PAGE_HEADER_BYTES;
        this.updateBytesMax = updateBytesMax;
    }

    int pageCount() {
        return pageCount;
    }

    int pageBytes() {
        return pageBytes;
    }

    /** Pages a record of {@code recordBytes} bytes takes. */
    long pagesFor(long recordBytes) {
        return (recordBytes + chunkBytes - 1) / chunkBytes;
    }

    /** Writes the hive header to page 0 in a store transaction of its own, committed. */
    void writeHeader() {
        Transaction st = store.begin();
        try {
            write(st, 0, 0, HiveCodec.encodeHeader(pageCount, pageBytes));
            st.commit();
        } catch (RuntimeException e) {
            rollBackQuietly(st, e);
            throw e;
        }
    }

    void checkHeader() {
        HiveCodec.checkHeader(store.read(0), pageCount, pageBytes);
    }

    /** Logs the record onto {@code pages} in {@code st}: each page's header, then its piece of the record. */
    void writeRecord(Transaction st, int[] pages, byte[] record) {
        if (pages.length != pagesFor(record.length)) {
            throw new IllegalArgumentException("pages do not fit the record: pages=" + pages.length + " recordBytes="
                    + record.length + " chunkBytes=" + chunkBytes);
        }
        for (int i = 0; i < pages.length; i++) {
            int from = i * chunkBytes;
            int to = Math.min(record.length, from + chunkBytes);
            byte[] bytes = new byte[HiveCodec.PAGE_HEADER_BYTES + to - from];
            byte kind = i == 0 ? HiveCodec.KIND_FIRST : HiveCodec.KIND_NEXT;
            int next = i + 1 < pages.length ? pages[i + 1] : 0;
            System.arraycopy(HiveCodec.encodePageHeader(kind, next), 0, bytes, 0, HiveCodec.PAGE_HEADER_BYTES);
            System.arraycopy(record, from, bytes, HiveCodec.PAGE_HEADER_BYTES, to - from);
            write(st, pages[i], 0, bytes);
        }
    }

    /** Logs in {@code st} that {@code pages} are free: only their kind byte is cleared. */
    void freeRecord(Transaction st, int[] pages) {
        for (int page : pages) {
            st.update(page, HiveCodec.KIND_OFFSET, new byte[] {HiveCodec.KIND_FREE});
        }
    }

    /** One store update per {@code updateBytesMax} bytes. */
    private void write(Transaction st, int page, int offset, byte[] bytes) {
        for (int from = 0; from < bytes.length; from += updateBytesMax) {
            int to = Math.min(bytes.length, from + updateBytesMax);
            st.update(page, offset + from, Arrays.copyOfRange(bytes, from, to));
        }
    }

    /** Reads the record on {@code pages} back and checks every page's header and the record. */
    HiveRecord readRecord(int[] pages) {
        byte[] record = new byte[pages.length * chunkBytes];
        for (int i = 0; i < pages.length; i++) {
            byte[] page = store.read(pages[i]);
            HiveCodec.PageHeader header = HiveCodec.decodePageHeader(pages[i], page, pageCount);
            byte kind = i == 0 ? HiveCodec.KIND_FIRST : HiveCodec.KIND_NEXT;
            int next = i + 1 < pages.length ? pages[i + 1] : 0;
            if (header.kind() != kind || header.nextPage() != next) {
                throw new CorruptHiveException("page is not where its record says: page=" + pages[i] + " kind="
                        + header.kind() + " expectedKind=" + kind + " nextPage=" + header.nextPage()
                        + " expectedNextPage=" + next);
            }
            System.arraycopy(page, HiveCodec.PAGE_HEADER_BYTES, record, i * chunkBytes, chunkBytes);
        }
        return HiveCodec.decodeRecord(record);
    }

    /**
     * Every record of the hive, each read along its chain from its first page. Every page is free, a record's first
     * page, or on exactly one record's chain; a following page no chain reaches is corruption. Reads each page at
     * most twice; chains are bounded by their record's length, so bad bytes never make it loop.
     */
    List<Found> scan() {
        List<Found> found = new ArrayList<>();
        BitSet onChain = new BitSet(pageCount);
        BitSet stray = new BitSet(pageCount);
        for (int page = 1; page < pageCount; page++) {
            byte[] bytes = store.read(page);
            HiveCodec.PageHeader header = HiveCodec.decodePageHeader(page, bytes, pageCount);
            if (header.kind() == HiveCodec.KIND_NEXT && !onChain.get(page)) {
                stray.set(page);
            } else if (header.kind() == HiveCodec.KIND_FIRST) {
                found.add(readChain(page, bytes, header, onChain));
            }
        }
        stray.andNot(onChain);
        if (!stray.isEmpty()) {
            throw new CorruptHiveException("page on no record's chain: page=" + stray.nextSetBit(0) + " kind="
                    + HiveCodec.KIND_NEXT);
        }
        return found;
    }

    private Found readChain(int first, byte[] firstBytes, HiveCodec.PageHeader header, BitSet onChain) {
        byte[] head = Arrays.copyOfRange(firstBytes, HiveCodec.PAGE_HEADER_BYTES, pageBytes);
        long recordBytesMax = Math.min(HiveCodec.RECORD_BYTES_LIMIT, (long) (pageCount - 1) * chunkBytes);
        int recordBytes = HiveCodec.recordBytes(head, recordBytesMax);
        int[] pages = new int[(int) pagesFor(recordBytes)];
        pages[0] = first;
        int next = header.nextPage();
        for (int i = 1; i < pages.length; i++) {
            if (next == 0 || onChain.get(next) || next == first) {
                throw new CorruptHiveException("record chain broken: firstPage=" + first + " index=" + i + " page="
                        + next + " pages=" + pages.length);
            }
            HiveCodec.PageHeader h = HiveCodec.decodePageHeader(next, store.read(next), pageCount);
            if (h.kind() != HiveCodec.KIND_NEXT) {
                throw new CorruptHiveException("record chain reaches a page not its own: firstPage=" + first
                        + " page=" + next + " kind=" + h.kind());
            }
            onChain.set(next);
            pages[i] = next;
            next = h.nextPage();
        }
        if (next != 0) {
            throw new CorruptHiveException("record chain longer than its record: firstPage=" + first + " pages="
                    + pages.length + " nextPage=" + next);
        }
        return new Found(readRecord(pages), pages);
    }

    static void rollBackQuietly(Transaction st, RuntimeException cause) {
        try {
            st.rollback();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
