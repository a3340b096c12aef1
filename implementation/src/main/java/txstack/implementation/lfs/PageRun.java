package txstack.implementation.lfs;

import java.nio.ByteBuffer;

import txstack.implementation.disk.BlockDevice;

/**
 * A read-ahead window of consecutive log pages: asking for page {@code n} reads pages from {@code n} in one device
 * read (cut at the ring's wrap) unless {@code n} is already in the window. The window starts at {@link
 * #FIRST_WINDOW_PAGES} pages and doubles at each read that follows on from the last, up to {@code maxPages}: a short
 * read (a small log, a read near the end) neither reads nor allocates the whole window, a long one soon reads
 * {@code maxPages} at a time. At most two buffers: the first window's, then the largest. Single-threaded.
 */
final class PageRun {
    static final int FIRST_WINDOW_PAGES = 4;

    private final BlockDevice device;
    private final LogLayout layout;
    private final boolean direct;
    private final int maxPages;
    private ByteBuffer buffer;
    private int windowPages;
    private long firstPage = Long.MIN_VALUE;
    private int pageCount;

    PageRun(BlockDevice device, LogLayout layout, int maxPages) {
        this(device, layout, maxPages, false);
    }

    /**
     * @param maxPages the largest window, at least 1
     * @param direct   a direct buffer where the device prefers one ({@link BlockDevice#prefersDirectBuffers}): a file
     *                 reads into it without an extra copy
     */
    PageRun(BlockDevice device, LogLayout layout, int maxPages, boolean direct) {
        this(device, layout, maxPages, direct, null);
    }

    /**
     * @param reuse a buffer an earlier run {@linkplain #buffer() gave back}, used while it is large enough; or null
     */
    PageRun(BlockDevice device, LogLayout layout, int maxPages, boolean direct, ByteBuffer reuse) {
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be positive: maxPages=" + maxPages);
        }
        this.device = device;
        this.layout = layout;
        this.direct = direct && device.prefersDirectBuffers();
        this.maxPages = (int) Math.min(maxPages, layout.logPageCount());
        this.windowPages = Math.min(FIRST_WINDOW_PAGES, this.maxPages);
        this.buffer = reuse;
    }

    /** The buffer the window lives in, for a later run to reuse once this one is done with; null if none yet. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** The bytes of page {@code pageIndex} as a slice of the window (valid until the next call). */
    ByteBuffer page(long pageIndex) {
        if (pageIndex < firstPage || pageIndex >= firstPage + pageCount) {
            if (pageCount > 0 && pageIndex == firstPage + pageCount) { // reading on: widen
                windowPages = Math.min(maxPages, windowPages * 2);
            }
            int sectorSizeBytes = layout.sectorSizeBytes();
            if (buffer == null || buffer.capacity() < windowPages * sectorSizeBytes) {
                // The first window's size, then at once the largest: at most two buffers however far it reads.
                int bufferBytes = (buffer == null ? windowPages : maxPages) * sectorSizeBytes;
                pageCount = 0; // the old buffer's pages go with it
                buffer = direct ? ByteBuffer.allocateDirect(bufferBytes) : ByteBuffer.allocate(bufferBytes);
            }
            int readPages = (int) Math.min(windowPages, layout.pagesBeforeWrap(pageIndex));
            pageCount = 0; // nothing valid if the read fails
            buffer.clear().limit(readPages * sectorSizeBytes);
            device.read(layout.sectorOf(pageIndex), buffer);
            firstPage = pageIndex;
            pageCount = readPages;
        }
        int sectorSizeBytes = layout.sectorSizeBytes();
        return buffer.slice((int) (pageIndex - firstPage) * sectorSizeBytes, sectorSizeBytes);
    }
}
