package txstack.model.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * Seeded random walks of {@link CsvState} (CSV-1..7): every invariant of the spec holds after every step, the walks
 * reach the spec's scenarios (zombie fenced, stale write refused, split brain, failover after a crash, migration
 * after a crash), and each step taken was listed by {@code enabled()}. A failure names bounds, seed and step; replay
 * with {@code walk(bounds, seed, seen)}.
 */
class CsvWalkTest {
    private static final long SEED = 0xC5F0L;
    private static final int WALKS = 200;
    private static final int STEPS_MAX = 80;

    /** A walk of at most STEPS_MAX steps; adds the names of the actions taken and the events reached to seen. */
    static void walk(CsvBounds bounds, long seed, Set<String> seen) {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        CsvState s = CsvState.initial(bounds);
        for (int step = 1; step <= STEPS_MAX; step++) {
            List<CsvAction> enabled = s.enabled();
            if (enabled.isEmpty()) {
                break;
            }
            CsvAction a = enabled.get(random.nextInt(enabled.size()));
            CsvState next = s.apply(a).orElseThrow();
            List<String> violated = next.violatedInvariants();
            int at = step;
            CsvState before = s;
            assertEquals(List.of(), violated, () -> "invariant violated: bounds=" + bounds + " seed=" + seed
                    + " step=" + at + " action=" + a + " before=" + before + " after=" + next
                    + " replay: CsvWalkTest.walk(bounds, " + seed + "L, seen)");
            seen.add(a.name());
            seen.addAll(next.seen());
            s = next;
        }
    }

    private static Set<String> walks(CsvBounds bounds) {
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < WALKS; i++) {
            walk(bounds, SEED + i, seen);
        }
        return seen;
    }

    @Test
    void theInvariantsHoldAlongDataPathWalks() {
        Set<String> seen = walks(CsvBounds.data());
        for (String a : List.of("Write", "Flush", "DiskWrite", "StartMigration", "Release", "Handoff", "Grant",
                "AbortMigration", "Crash", "Restart", "Takeback", "zombieFenced", "staleRefused", "migAfterCrash")) {
            assertTrue(seen.contains(a), () -> "no data walk reached " + a + ": seen=" + seen);
        }
    }

    @Test
    void theInvariantsHoldAlongMetadataWalks() {
        Set<String> seen = walks(CsvBounds.meta());
        for (String a : List.of("Issue", "HandleRequest", "LogWrite", "SendAck", "ReceiveAck", "Retry", "Drop",
                "Failover", "StepDown", "failoverAfterCrash", "termRefused")) {
            assertTrue(seen.contains(a), () -> "no metadata walk reached " + a + ": seen=" + seen);
        }
    }

    @Test
    void theInvariantsHoldAlongMixedWalksBeyondTheCiBounds() {
        walks(CsvBounds.mixed());
        walks(CsvBounds.large());
        Set<String> seen = walks(CsvBounds.walks());
        assertTrue(seen.containsAll(Set.of("Write", "Issue", "Failover", "Handoff", "Takeback")), seen::toString);
    }
}
