package txstack.implementation.recovery;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.recovery.StoreRecord.DirtyPage;

/**
 * The bounded page cache: at most {@code capacity} frames, least recently used evicted first. Steal: a dirty page
 * with uncommitted changes may be written back (to make room, or when asked). No-force: commit writes no page. The
 * write-ahead rule (REC-3): before a page is written back the log is flushed through the page's LSN.
 *
 * <p>Each frame knows its page LSN (the last logged change it holds) and its recovery LSN (the first LSN that
 * dirtied it since it was last clean): the dirty-page table of a checkpoint is the dirty frames with their recovery
 * LSNs. Pages on the data device are {@link PageCodec}'s. Not thread-safe: the store's lock guards it.
 */
final class PageCache {

    /** What the cache needs of the log. */
    interface WriteAheadLog {
        /** Makes every record up to and including {@code lsn} durable. */
        void flushThrough(long lsn);

        /** The LSN the next record gets: no page can hold a change at or past it. */
        long endLsn();
    }

    /** A cached page. {@code recLsn} is 0 while the frame is clean. */
    static final class Frame {
        final long page;
        final byte[] data;
        long pageLsn;
        long recLsn;
        boolean dirty;
        /** Restart analysis has put this page in its dirty-page table (see {@code Restart}). */
        boolean inRestartTable;

        Frame(long page, long pageLsn, byte[] data) {
            this.page = page;
            this.pageLsn = pageLsn;
            this.data = data;
        }
    }

    private final BlockDevice device;
    private final WriteAheadLog log;
    private final int capacity;
    private final boolean writeAhead;
    /** Access order: the first entry is the least recently used. */
    private final LinkedHashMap<Long, Frame> frames = new LinkedHashMap<>(16, 0.75f, true);

    /** @param writeAhead false only for a broken variant: pages go out without the log flushed first */
    PageCache(BlockDevice device, WriteAheadLog log, int capacity, boolean writeAhead) {
        this.device = device;
        this.log = log;
        this.capacity = capacity;
        this.writeAhead = writeAhead;
    }

    int pageSizeBytes() {
        return device.sectorSizeBytes() - PageCodec.HEADER_BYTES;
    }

    /** The frame of {@code page}, read from the device (after evicting one if the cache is full) if not cached. */
    Frame fetch(long page) {
        Frame frame = frames.get(page);
        if (frame != null) {
            return frame;
        }
        if (frames.size() >= capacity) {
            evictOne();
        }
        frame = load(page);
        frames.put(page, frame);
        return frame;
    }

    private void evictOne() {
        Frame victim = frames.values().iterator().next();
        writeBack(victim);
        frames.remove(victim.page);
    }

    private Frame load(long page) {
        ByteBuffer sector = ByteBuffer.allocate(device.sectorSizeBytes());
        device.read(page, sector);
        PageCodec.Page decoded = PageCodec.decode(page, sector.array());
        long endLsn = log.endLsn();
        if (decoded.pageLsn() >= endLsn) {
            // Checked after reading it back: the write-ahead rule makes this impossible for a page this log wrote.
            throw new CorruptPageException("page newer than the log: page=" + page + " pageLsn=" + decoded.pageLsn()
                    + " logEndLsn=" + endLsn);
        }
        return new Frame(page, decoded.pageLsn(), decoded.data());
    }

    /** REC-2: applies a logged change (the record at {@code lsn}, already appended) to the cached page. */
    void apply(Frame frame, int offset, byte[] bytes, long lsn) {
        System.arraycopy(bytes, 0, frame.data, offset, bytes.length);
        frame.pageLsn = lsn;
        markDirty(frame, lsn);
    }

    /** REC-5: applies the redo bytes of a change record (decoded in place) that the page does not hold yet. */
    void applyRedo(Frame frame, StoreRecordCodec.View change, long lsn) {
        change.copyRedo(frame.data, change.offset());
        frame.pageLsn = lsn;
        markDirty(frame, lsn);
    }

    /** A change no record describes (a broken variant's undo): dirty from {@code recLsn}, the page LSN unchanged. */
    void applyUnlogged(Frame frame, int offset, byte[] bytes, long recLsn) {
        System.arraycopy(bytes, 0, frame.data, offset, bytes.length);
        markDirty(frame, recLsn);
    }

    private static void markDirty(Frame frame, long lsn) {
        if (!frame.dirty) {
            frame.dirty = true;
            frame.recLsn = lsn;
        }
    }

    /** A copy of {@code page}'s current bytes. */
    byte[] read(long page) {
        return fetch(page).data.clone();
    }

    /** Writes {@code page} back if it is cached and dirty (REC-3); no-op otherwise. */
    void writeBack(long page) {
        Frame frame = frames.get(page);
        if (frame != null) {
            writeBack(frame);
        }
    }

    /** Writes every dirty frame back; they stay cached, clean. */
    void writeBackAll() {
        for (Frame frame : List.copyOf(frames.values())) {
            writeBack(frame);
        }
    }

    private void writeBack(Frame frame) {
        if (!frame.dirty) {
            return;
        }
        if (writeAhead && frame.pageLsn > 0) {
            log.flushThrough(frame.pageLsn);
        }
        device.write(frame.page, ByteBuffer.wrap(PageCodec.encode(frame.page, frame.pageLsn, frame.data)), false);
        frame.dirty = false;
        frame.recLsn = 0;
    }

    /** The dirty-page table: every dirty frame's page and recovery LSN, by page. */
    List<DirtyPage> dirtyPages() {
        List<DirtyPage> dirty = new ArrayList<>();
        for (Frame frame : frames.values()) {
            if (frame.dirty) {
                dirty.add(new DirtyPage(frame.page, frame.recLsn));
            }
        }
        dirty.sort(Comparator.comparingLong(DirtyPage::page));
        return dirty;
    }

    /** The number of cached frames. */
    int size() {
        return frames.size();
    }
}
