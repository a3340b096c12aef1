package txstack.conformance.explorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.conformance.disk.CrashPoint;
import txstack.conformance.disk.SimulatedDisk;

class ImagePolicyTest {

    private static CrashPoint pointWithOpenSectors(int sectors) {
        SimulatedDisk disk = new SimulatedDisk(512, 64);
        disk.write(0, new byte[512 * sectors], 0, 512 * sectors, false);
        return disk.crashPointAfter(0);
    }

    @Test
    void enumeratesEveryImageWhenThereAreFew() {
        CrashPoint point = pointWithOpenSectors(4);
        List<int[]> choices = new ImagePolicy(16, 3).choices(point, Seeds.random(1));
        assertEquals(16, choices.size());
        Set<List<Integer>> distinct = new HashSet<>();
        choices.forEach(c -> distinct.add(java.util.Arrays.stream(c).boxed().toList()));
        assertEquals(16, distinct.size());
    }

    @Test
    void samplesDistinctImagesWithTheExtremesFirstWhenThereAreMany() {
        CrashPoint point = pointWithOpenSectors(20);
        List<int[]> choices = new ImagePolicy(256, 24).choices(point, Seeds.random(1));
        assertEquals(24, choices.size());
        assertArrayEquals(point.allLanded(), choices.get(0));
        assertArrayEquals(point.allLost(), choices.get(1));
        Set<List<Integer>> distinct = new HashSet<>();
        choices.forEach(c -> distinct.add(java.util.Arrays.stream(c).boxed().toList()));
        assertEquals(24, distinct.size());
        List<int[]> again = new ImagePolicy(256, 24).choices(point, Seeds.random(1));
        for (int i = 0; i < choices.size(); i++) {
            assertArrayEquals(choices.get(i), again.get(i), "the same seed gives the same sample");
        }
    }

    @Test
    void seedsAreStableAndIndependentPerKey() {
        assertEquals(Seeds.derive(7, 1, 2), Seeds.derive(7, 1, 2));
        assertTrue(Seeds.derive(7, 1, 2) != Seeds.derive(7, 2, 1));
        assertEquals(Seeds.random(5).nextLong(), Seeds.random(5).nextLong());
    }
}
