package txstack.conformance.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An image's sectors layered over an earlier image's are the same map as the two merged, the newer content winning;
 * images made from them through a disk read back what a merged copy would.
 */
class LayeredSectorsTest {

    private static byte[] sector(int fill) {
        byte[] b = new byte[512];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void aLayerIsTheMergeOfItsBaseAndItsChanges() {
        Map<Long, byte[]> base = Map.of(1L, sector(1), 2L, sector(2), 5L, sector(5));
        HashMap<Long, byte[]> changes = new HashMap<>(Map.of(2L, sector(20), 7L, sector(7)));
        Map<Long, byte[]> layered = LayeredSectors.over(base, changes);

        Map<Long, byte[]> merged = new HashMap<>(base);
        merged.putAll(changes);
        assertEquals(merged.size(), layered.size());
        assertEquals(new TreeMap<>(merged).keySet(), new TreeMap<>(layered).keySet());
        for (long s = 0; s < 9; s++) {
            assertSame(merged.get(s), layered.get(s), "sector " + s);
            assertEquals(merged.containsKey(s), layered.containsKey(s), "sector " + s);
        }
        assertEquals(merged, layered, "equal as maps (the contents are the same arrays)");
        assertFalse(layered.isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> layered.put(3L, sector(3)));
        assertThrows(UnsupportedOperationException.class, () -> layered.remove(1L));
        Iterator<Map.Entry<Long, byte[]>> it = layered.entrySet().iterator();
        it.next();
        assertThrows(UnsupportedOperationException.class, it::remove);
        while (it.hasNext()) {
            it.next();
        }
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void aLayerOverALayerStaysTwoDeepAndKeepsTheNewest() {
        Map<Long, byte[]> base = Map.of(1L, sector(1), 2L, sector(2));
        Map<Long, byte[]> first = LayeredSectors.over(base, new HashMap<>(Map.of(2L, sector(20), 3L, sector(3))));
        Map<Long, byte[]> second = LayeredSectors.over(first, new HashMap<>(Map.of(3L, sector(30), 1L, sector(10))));
        assertEquals(3, second.size());
        assertEquals(10, second.get(1L)[0]);
        assertEquals(20, second.get(2L)[0]);
        assertEquals(30, second.get(3L)[0]);
        assertNull(second.get(4L));
        assertEquals(3, ((LayeredSectors) second).changes().size(), "the first layer's changes moved up");
    }

    @Test
    void anImageStillChecksTheChangesItLaysOverItsBase() {
        Map<Long, byte[]> base = Map.of(1L, sector(1));
        Map<Long, byte[]> pastTheEnd = LayeredSectors.over(base, new HashMap<>(Map.of(16L, sector(16))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CrashImage(512, 16, pastTheEnd, java.util.Set.of()));
        assertTrue(e.getMessage().contains("sector=16"), e.getMessage());
        Map<Long, byte[]> shortSector = LayeredSectors.over(base, new HashMap<>(Map.of(2L, new byte[100])));
        assertThrows(IllegalArgumentException.class, () -> new CrashImage(512, 16, shortSector, java.util.Set.of()));
        assertSame(pastTheEnd.get(1L), new CrashImage(512, 17, pastTheEnd, java.util.Set.of()).sectors().get(1L));
    }

    @Test
    void noChangesIsTheBaseItselfAndAnEmptyBaseHasJustTheChanges() {
        Map<Long, byte[]> base = Map.of(1L, sector(1));
        assertSame(base, LayeredSectors.over(base, new HashMap<>()));
        Map<Long, byte[]> only = LayeredSectors.over(Map.of(), new HashMap<>(Map.of(4L, sector(4))));
        assertEquals(Map.of(4L, only.get(4L)), only);
        assertEquals(1, only.size());
    }

    @Test
    void imagesOfARestoredDiskReadBackWhatWasWrittenOverTheOldImage() {
        SimulatedDisk first = new SimulatedDisk(512, 16);
        first.write(0, sector(1), 0, 512, false);
        first.write(3, sector(3), 0, 512, false);
        first.flush();
        SimulatedDisk second = SimulatedDisk.fromImage(first.crashPointAfter(first.opCount() - 1).image(new int[0]));
        byte[] two = new byte[1024];
        System.arraycopy(sector(9), 0, two, 0, 512);
        System.arraycopy(sector(8), 0, two, 512, 512);
        second.write(3, two, 0, 1024, false);
        CrashPoint torn = second.crashPointDuring(0);
        second.flush();
        CrashImage landed = second.crashPointAfter(second.opCount() - 1).image(new int[0]);
        assertEquals(3, landed.sectors().size());
        assertArrayEquals(sector(1), landed.sector(0));
        assertArrayEquals(sector(9), landed.sector(3));
        assertArrayEquals(sector(8), landed.sector(4));
        assertArrayEquals(new byte[512], landed.sector(5));
        // Torn: sector 3 lost, sector 4 landed.
        CrashImage half = torn.image(new int[] {0, 1});
        assertArrayEquals(sector(3), half.sector(3));
        assertArrayEquals(sector(8), half.sector(4));
        CrashImage copied = new CrashImage(512, 16, new HashMap<>(half.sectors()), half.unreadableSectors());
        assertTrue(half.sameContentAs(copied));
    }
}
