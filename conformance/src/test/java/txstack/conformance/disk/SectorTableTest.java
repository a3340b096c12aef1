package txstack.conformance.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The disk's table of written sectors answers as a map would, through growth, replacement and colliding keys. */
class SectorTableTest {

    @Test
    void answersAsAMapWouldThroughGrowthAndReplacement() {
        SectorTable table = new SectorTable();
        Map<Long, byte[]> expected = new HashMap<>();
        assertTrue(table.isEmpty());
        SplittableRandom random = new SplittableRandom(20261203);
        for (int n = 0; n < 20_000; n++) {
            // Small sectors (replaced often), far ones, and multiples of a power of two (same low bits).
            long sector = switch (n % 3) {
                case 0 -> random.nextLong(64);
                case 1 -> random.nextLong(1L << 40);
                default -> random.nextLong(512) << 20;
            };
            byte[] content = new byte[] {(byte) n};
            table.put(sector, content);
            expected.put(sector, content);
            assertEquals(expected.size(), table.size());
        }
        for (Map.Entry<Long, byte[]> e : expected.entrySet()) {
            assertSame(e.getValue(), table.get(e.getKey()), "sector " + e.getKey());
        }
        for (int n = 0; n < 1_000; n++) {
            long sector = random.nextLong(1L << 40) + (1L << 41);
            assertNull(table.get(sector), "never written: " + sector);
        }
        assertEquals(expected, table.toMap());
        assertThrows(IllegalArgumentException.class, () -> table.put(1, null));
    }

    @Test
    void sectorZeroAndNegativeKeysAreSectorsLikeAnyOther() {
        SectorTable table = new SectorTable();
        assertNull(table.get(0));
        byte[] zero = new byte[1];
        table.put(0, zero);
        assertSame(zero, table.get(0));
        assertNull(table.get(Long.MIN_VALUE));
        assertEquals(1, table.size());
    }
}
