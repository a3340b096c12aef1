package txstack.implementation.lfs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The stream bytes of consecutive log pages, kept in memory by the open scan ({@link LogRecovery}) after it checked
 * them, so that a client reading its log right after open ({@link LogFile#scanForward}) does not read the device
 * again. Bounded: it takes pages while they fit {@code bytesMax} and, once one does not, drops them all ({@link
 * #isEmpty()}), so the caller reads the device as without it. Stored in chunks of several megabytes, not one array
 * per page: the garbage collector allocates large arrays outside the young generation and never copies them.
 * Single-threaded while filled; read-only afterwards.
 */
final class KeptPages {
    private static final int CHUNK_BYTES_TARGET = 8 << 20;

    private final int pageDataBytes;
    private final int pagesPerChunk;
    private final long bytesMax;
    private final long firstPage;
    private List<byte[]> chunks = new ArrayList<>();
    private long pageCount;

    KeptPages(int pageDataBytes, long firstPage, long bytesMax) {
        this.pageDataBytes = pageDataBytes;
        this.pagesPerChunk = Math.max(1, CHUNK_BYTES_TARGET / pageDataBytes);
        this.firstPage = firstPage;
        this.bytesMax = bytesMax;
    }

    /** Nothing kept: {@link #covers} is false for every page. */
    static KeptPages none() {
        KeptPages none = new KeptPages(1, 0, 0);
        none.chunks = null;
        return none;
    }

    boolean isEmpty() {
        return chunks == null || pageCount == 0;
    }

    /**
     * Room for the next page, {@code firstPage + pageCount}: its chunk and the offset of its data in it; or null if
     * keeping it would exceed the bound (then every page is dropped and none is taken any more).
     */
    byte[] nextPageChunk() {
        if (chunks == null) {
            return null;
        }
        if ((pageCount + 1) * pageDataBytes > bytesMax) {
            chunks = null;
            return null;
        }
        int within = (int) (pageCount % pagesPerChunk);
        if (within == 0) {
            long pagesLeft = bytesMax / pageDataBytes - pageCount;
            chunks.add(new byte[(int) Math.min(pagesPerChunk, pagesLeft) * pageDataBytes]);
        }
        pageCount++;
        return chunks.getLast();
    }

    /** The offset in its chunk of the page {@link #nextPageChunk()} last gave room for. */
    int lastPageOffset() {
        return (int) ((pageCount - 1) % pagesPerChunk) * pageDataBytes;
    }

    /** Keeps only the pages below {@code endPage}. */
    void truncate(long endPage) {
        if (chunks != null) {
            pageCount = Math.max(0, Math.min(pageCount, endPage - firstPage));
        }
    }

    /** True if every page of {@code [from, to]} is kept (true if the range is empty). */
    boolean covers(long from, long to) {
        return to < from || !isEmpty() && from >= firstPage && to < firstPage + pageCount;
    }

    /** The data of a kept page, index 0 its first stream byte. */
    ByteBuffer page(long pageIndex) {
        if (!covers(pageIndex, pageIndex)) {
            throw new IllegalArgumentException("page not kept: page=" + pageIndex + " firstPage=" + firstPage
                    + " pageCount=" + pageCount);
        }
        long position = pageIndex - firstPage;
        byte[] chunk = chunks.get((int) (position / pagesPerChunk));
        return ByteBuffer.wrap(chunk, (int) (position % pagesPerChunk) * pageDataBytes, pageDataBytes).slice();
    }
}
