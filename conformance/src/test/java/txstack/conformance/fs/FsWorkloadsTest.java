package txstack.conformance.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bounded-exhaustive space is what its documentation says: every one- and two-operation sequence, once. */
class FsWorkloadsTest {

    @Test
    void enumeratesEveryOneAndTwoOperationSequenceOnce() {
        Set<List<FsStep>> seen = new HashSet<>();
        int ones = 0;
        int twos = 0;
        for (int i = 0; i < FsWorkloads.enumeratedCount(); i++) {
            List<FsStep> w = FsWorkloads.enumerated(i);
            assertTrue(seen.add(w), "workload " + i + " repeats " + w);
            long cores = w.stream().filter(FsWorkloads.CORE::contains).count();
            if (i < FsWorkloads.oneOpCount()) {
                assertEquals(1, cores, w.toString());
                ones++;
            } else {
                assertEquals(2, cores, w.toString());
                twos++;
            }
        }
        assertEquals(FsWorkloads.CORE.size() * FsWorkloads.PERSISTENCE, ones);
        assertEquals(ones * ones, twos);
        assertThrows(IndexOutOfBoundsException.class, () -> FsWorkloads.enumerated(FsWorkloads.enumeratedCount()));
    }

    @Test
    void theFirstTwoOperationWorkloadsAreSpreadOut() {
        Set<FsStep> firstOps = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            firstOps.add(FsWorkloads.enumerated(FsWorkloads.oneOpCount() + i).get(0));
        }
        assertTrue(firstOps.size() > FsWorkloads.CORE.size() / 2, "a prefix of the two-operation space is not "
                + "spread out: first operations " + firstOps);
    }

    @Test
    void persistenceChoicesFlushTheNodeItsDirectoryOrTheVolume() {
        FsStep rename = new FsStep.Rename("\\bar", "\\A\\bar");
        int base = FsWorkloads.CORE.indexOf(rename) * FsWorkloads.PERSISTENCE;
        assertEquals(List.of(rename), FsWorkloads.enumerated(base));
        assertEquals(List.of(rename, new FsStep.Flush("\\A\\bar")), FsWorkloads.enumerated(base + 1));
        assertEquals(List.of(rename, new FsStep.Flush("\\A")), FsWorkloads.enumerated(base + 2));
        assertEquals(List.of(rename, new FsStep.FlushVolume()), FsWorkloads.enumerated(base + 3));
    }
}
