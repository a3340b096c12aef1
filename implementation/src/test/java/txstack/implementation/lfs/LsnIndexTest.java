package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link LsnIndex} against a plain list, through growth, wrap-around and shrinking. */
class LsnIndexTest {

    @Test
    void behavesLikeASortedList() {
        SplittableRandom random = new SplittableRandom(11);
        LsnIndex index = new LsnIndex();
        List<Long> model = new ArrayList<>();
        long next = 100;
        for (int step = 0; step < 20_000; step++) {
            if (random.nextInt(3) > 0) {
                next += 1 + random.nextInt(50);
                index.add(next);
                model.add(next);
            } else if (!model.isEmpty()) {
                long bound = model.get(random.nextInt(model.size())) + random.nextInt(3) - 1;
                index.removeBelow(bound);
                model.removeIf(lsn -> lsn < bound);
            }
            assertEquals(model.size(), index.size(), "step " + step);
            long probe = 95 + random.nextLong(next - 90);
            int position = index.indexOf(probe);
            assertEquals(model.indexOf(probe), position, "indexOf at step " + step);
            long lastAtOrBelow = model.stream().filter(lsn -> lsn <= probe).reduce(0L, (a, b) -> b);
            assertEquals(lastAtOrBelow, index.lastAtOrBelow(probe), "lastAtOrBelow at step " + step);
            int firstAtOrAbove = (int) model.stream().filter(lsn -> lsn < probe).count();
            assertEquals(firstAtOrAbove, index.firstAtOrAbove(probe), "firstAtOrAbove at step " + step);
            if (!model.isEmpty()) {
                assertEquals(model.getLast(), index.get(index.size() - 1));
            }
        }
    }

    @Test
    void refusesWhatWouldBreakTheOrder() {
        LsnIndex index = new LsnIndex();
        index.add(10);
        assertThrows(IllegalArgumentException.class, () -> index.add(10));
        assertThrows(IndexOutOfBoundsException.class, () -> index.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> index.get(-1));
    }

    /** The ring doubles when full and halves once under a quarter full, never below 64: memory follows the log. */
    @Test
    void theRingGrowsWhenFullAndShrinksUnderAQuarter() {
        LsnIndex index = new LsnIndex();
        assertEquals(64, index.capacity());
        for (long lsn = 1; lsn <= 1024; lsn++) {
            index.add(lsn);
        }
        assertEquals(1024, index.capacity());
        index.add(1025);
        assertEquals(2048, index.capacity());
        index.removeBelow(1025 - 511); // 512 left: a quarter exactly
        assertEquals(512, index.size());
        assertEquals(2048, index.capacity());
        index.removeBelow(1025 - 510); // 511 left: under a quarter
        assertEquals(1024, index.capacity());
        assertEquals(1025 - 510, index.get(0));
        assertEquals(1025, index.get(index.size() - 1));
        index.removeBelow(1026); // none left: one halving per call, never below 64
        assertEquals(512, index.capacity());
        for (int call = 0; call < 8; call++) {
            index.removeBelow(1026);
        }
        assertEquals(64, index.capacity());
        index.add(2000);
        assertEquals(2000, index.get(0));
    }
}
