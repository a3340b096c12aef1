package txstack.implementation.lfs;

import java.nio.ByteBuffer;

import txstack.implementation.disk.BlockDevice;

/**
 * A read-ahead window of consecutive log pages: asking for page {@code n} reads up to {@code maxPages} pages from
 * {@code n} in one device read (cut at the ring's wrap) unless {@code n} is already in the window. Single-threaded.
 */
final class PageRun {
    private final BlockDevice device;
    private final LogLayout layout;
    private final ByteBuffer buffer;
    private final int maxPages;
    private long firstPage = Long.MIN_VALUE;
    private int pageCount;

    PageRun(BlockDevice device, LogLayout layout, int maxPages) {
        this(device, layout, maxPages, false);
    }

    /**
     * @param direct a direct buffer where the device prefers one ({@link BlockDevice#prefersDirectBuffers}): a file
     *               reads into it without an extra copy
     */
    PageRun(BlockDevice device, LogLayout layout, int maxPages, boolean direct) {
        this.device = device;
        this.layout = layout;
        this.maxPages = (int) Math.min(maxPages, layout.logPageCount());
        int bufferBytes = this.maxPages * layout.sectorSizeBytes();
        this.buffer = direct && device.prefersDirectBuffers() ? ByteBuffer.allocateDirect(bufferBytes)
                : ByteBuffer.allocate(bufferBytes);
    }

    /** The bytes of page {@code pageIndex} as a slice of the window (valid until the next call). */
    ByteBuffer page(long pageIndex) {
        if (pageIndex < firstPage || pageIndex >= firstPage + pageCount) {
            pageCount = (int) Math.min(maxPages, layout.pagesBeforeWrap(pageIndex));
            firstPage = pageIndex;
            buffer.clear().limit(pageCount * layout.sectorSizeBytes());
            device.read(layout.sectorOf(pageIndex), buffer);
        }
        int sectorSizeBytes = layout.sectorSizeBytes();
        return buffer.slice((int) (pageIndex - firstPage) * sectorSizeBytes, sectorSizeBytes);
    }
}
