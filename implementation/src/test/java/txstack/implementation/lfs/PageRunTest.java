package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.DiskException;
import txstack.implementation.disk.ForwardingDevice;
import txstack.implementation.disk.MemoryBlockDevice;

/**
 * {@link PageRun}: every page reads as the device holds it, wherever the window stands; the window starts small and
 * doubles while the reads go on, cut at the ring's wrap; a failed read leaves nothing behind; a buffer handed on is
 * used again.
 */
class PageRunTest {
    private static final int SECTOR = 512;
    private static final long SECTORS = 120;

    private final LogLayout layout = LogLayout.forFormat(SECTOR, SECTORS, LogOptions.defaults());
    private final MemoryBlockDevice memory = MemoryBlockDevice.create(SECTOR, SECTORS);
    /** The page counts of the device reads, in order. */
    private final List<Integer> reads = new ArrayList<>();
    private long failingSector = -1;
    private final BlockDevice device = new ForwardingDevice(memory) {
        @Override
        public void read(long firstSector, ByteBuffer dst) {
            int sectors = dst.remaining() / SECTOR;
            reads.add(sectors);
            if (firstSector <= failingSector && failingSector < firstSector + sectors) {
                throw new DiskException("latent sector error: sector=" + failingSector);
            }
            super.read(firstSector, dst);
        }
    };

    PageRunTest() {
        // Every sector says which it is, in its first and last bytes.
        for (long sector = 0; sector < SECTORS; sector++) {
            byte[] bytes = new byte[SECTOR];
            bytes[0] = (byte) sector;
            bytes[SECTOR - 1] = (byte) ~sector;
            memory.write(sector, ByteBuffer.wrap(bytes), false);
        }
    }

    @Test
    void aLongReadWidensItsWindowUpToTheLargestAndCutsItAtTheWrap() {
        PageRun run = new PageRun(device, layout, 16);
        long pages = layout.logPageCount();
        for (long page = 0; page < pages + 10; page++) {
            assertPage(run, page);
        }
        List<Integer> expected = new ArrayList<>(List.of(4, 8, 16));
        long left = pages - 28;
        while (left > 0) {
            expected.add((int) Math.min(16, left));
            left -= 16;
        }
        expected.add(16); // after the wrap, reading on: the window stays at its largest
        assertEquals(expected, reads);
    }

    @Test
    void aJumpStartsAWindowOfTheSameWidthWithoutWideningIt() {
        PageRun run = new PageRun(device, layout, 16);
        assertPage(run, 0);
        assertPage(run, 40);
        assertPage(run, 44);
        assertPage(run, 3); // behind the window: read again
        assertEquals(List.of(4, 4, 8, 8), reads);
    }

    @Test
    void aFailedReadLeavesNoWindowBehind() {
        PageRun run = new PageRun(device, layout, 16);
        assertPage(run, 0); // window 0..3
        failingSector = layout.sectorOf(5);
        assertThrows(DiskException.class, () -> run.page(4));
        failingSector = -1;
        assertPage(run, 5);
        assertPage(run, 4);
        assertEquals(4, reads.size(), "the failed window was taken for read: " + reads);
    }

    @Test
    void aBufferHandedOnIsUsedAgain() {
        PageRun first = new PageRun(device, layout, 16);
        for (long page = 0; page < 40; page++) {
            assertPage(first, page);
        }
        ByteBuffer buffer = first.buffer();
        assertEquals(16 * SECTOR, buffer.capacity());
        PageRun second = new PageRun(device, layout, 16, false, buffer);
        for (long page = 50; page < 90; page++) {
            assertPage(second, page);
        }
        assertSame(buffer, second.buffer());
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThrows(IllegalArgumentException.class, () -> new PageRun(device, layout, 0));
    }

    private void assertPage(PageRun run, long page) {
        ByteBuffer bytes = run.page(page);
        long sector = layout.sectorOf(page);
        assertEquals(SECTOR, bytes.remaining(), "page " + page);
        assertEquals((byte) sector, bytes.get(0), "page " + page);
        assertEquals((byte) ~sector, bytes.get(SECTOR - 1), "page " + page);
    }
}
