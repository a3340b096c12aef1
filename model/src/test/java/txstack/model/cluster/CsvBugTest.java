package txstack.model.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * The Java invariants bite: with one of the spec's bugs switched on, seeded random walks on the bounds of that bug's
 * must-fail model ({@code MCCsv*.cfg}) reach a state that violates the invariant the manifest names
 * ({@link CsvBug#breaks()}), and no other bug is needed for it. The first violating seed and step are printed.
 */
class CsvBugTest {
    private static final long SEED = 0xB06L;
    private static final int WALKS_MAX = 3_000;
    private static final int STEPS_MAX = 30;

    private static final CsvBounds DATA = CsvBounds.data();
    private static final CsvBounds META = CsvBounds.meta();
    /** MCCsvStaleEpoch and MCCsvReachZombie: the data path without crashes, so the stale writer is a live zombie. */
    private static final CsvBounds DATA_NO_CRASH = new CsvBounds(DATA.nodes(), DATA.files(), "n1", "n2",
            Set.of("resize"), 0, 1, 2, 0, 1, Set.of());
    /** MCCsvSplitBrain: metadata without crashes, so the deposed coordinator is alive. */
    private static final CsvBounds META_NO_CRASH = new CsvBounds(META.nodes(), META.files(), "n1", "n2",
            Set.of("resize"), 0, 0, 1, 2, 2, Set.of());
    /** MCCsvNamespaceMoves: the data path with two terms. */
    private static final CsvBounds DATA_TWO_TERMS = new CsvBounds(DATA.nodes(), DATA.files(), "n1", "n2",
            Set.of("resize"), 1, 1, 2, 0, 2, Set.of());

    private static final Map<CsvBug, CsvBounds> MODELS = Map.of(
            CsvBug.MIGRATE_WITHOUT_FLUSH, DATA, CsvBug.DISK_IGNORES_EPOCH, DATA_NO_CRASH,
            CsvBug.ACK_REFUSED_FLUSH, DATA, CsvBug.NON_COORD_APPLIES, META, CsvBug.NO_DEDUP, META,
            CsvBug.ACK_BEFORE_DURABLE, META, CsvBug.LOG_IGNORES_TERM, META_NO_CRASH,
            CsvBug.MIGRATION_MOVES_NAMESPACE, DATA_TWO_TERMS);

    /** The first step of the walk at which {@code invariant} fails, or 0. */
    private static int violationStep(CsvBounds bounds, long seed, String invariant) {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        CsvState s = CsvState.initial(bounds);
        for (int step = 1; step <= STEPS_MAX; step++) {
            List<CsvAction> enabled = s.enabled();
            if (enabled.isEmpty()) {
                return 0;
            }
            s = s.apply(enabled.get(random.nextInt(enabled.size()))).orElseThrow();
            if (s.violatedInvariants().contains(invariant)) {
                return step;
            }
        }
        return 0;
    }

    @Test
    void everyBugBreaksItsInvariantOnSomeWalk() {
        for (CsvBug bug : CsvBug.values()) {
            CsvBounds bounds = MODELS.get(bug).withBug(bug);
            boolean found = false;
            for (int i = 0; i < WALKS_MAX && !found; i++) {
                int step = violationStep(bounds, SEED + i, bug.breaks());
                if (step > 0) {
                    System.out.printf("csv bug %s: %s violated at seed=%d step=%d%n", bug.specName(), bug.breaks(),
                            SEED + i, step);
                    found = true;
                }
            }
            assertTrue(found, () -> "no walk of " + bug.specName() + " violated " + bug.breaks() + ": bounds="
                    + bounds + " seeds=" + SEED + ".." + (SEED + WALKS_MAX - 1));
        }
    }

    @Test
    void withoutTheBugTheSameWalksKeepTheInvariant() {
        for (CsvBug bug : CsvBug.values()) {
            CsvBounds bounds = MODELS.get(bug);
            for (int i = 0; i < 200; i++) {
                int step = violationStep(bounds, SEED + i, bug.breaks());
                long seed = SEED + i;
                assertTrue(step == 0, () -> bug.breaks() + " violated without a bug: bounds=" + bounds + " seed="
                        + seed + " step=" + step);
            }
        }
    }
}
