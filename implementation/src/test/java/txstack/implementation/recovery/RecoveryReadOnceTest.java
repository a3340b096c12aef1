package txstack.implementation.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restart recovery reads the log once, from the pages the log's open kept, when they fit {@link
 * StoreOptions#recoveryLogBytesMax()}, and from the device again when they do not: the recovered store must be the
 * same either way, and the committed content. Seeded workloads with checkpoints (so redo starts before analysis),
 * write-backs, rollbacks and losers; a failure names its seed.
 */
class RecoveryReadOnceTest {
    private static final int PAGES = 8;
    private static final int SLOTS = 4;
    private static final StoreOptions OPTIONS = Devices.smallOptions();

    /** What a recovery gave: its stats and every page. */
    private record Outcome(RecoveryStats stats, List<String> pages) {
    }

    private static Outcome recover(Devices crashed, StoreOptions options) {
        Devices devices = crashed.crash(); // a fresh copy for each recovery
        RecoverableStore store = devices.open(options);
        List<String> pages = new ArrayList<>();
        for (long page = 0; page < PAGES; page++) {
            pages.add(HexFormat.of().formatHex(store.read(page)));
        }
        Outcome outcome = new Outcome(store.lastRecovery(), pages);
        store.close();
        return outcome;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void keptPagesAndTheDeviceRecoverTheSameStore(long seed) {
        Map<Long, byte[]> committed = new HashMap<>();
        Devices crashed = crashedWorkload(seed, committed);
        Outcome kept = recover(crashed, OPTIONS);
        String context = "seed=" + seed + " (replay: ./mvnw -q -pl spi,model,implementation test"
                + " -Dtest=RecoveryReadOnceTest)";
        assertEquals(kept, recover(crashed, OPTIONS.withRecoveryLogBytesMax(0)), "never kept: " + context);
        assertEquals(kept, recover(crashed, OPTIONS.withRecoveryLogBytesMax(2048)), "bound exceeded: " + context);
        for (long page = 0; page < PAGES; page++) {
            byte[] expected = committed.getOrDefault(page, new byte[OPTIONS.updateBytesMax()]);
            String actual = kept.pages().get((int) page).substring(0, 2 * expected.length);
            assertEquals(HexFormat.of().formatHex(expected), actual, "page " + page + ": " + context);
        }
    }

    /**
     * Random transactions, each on pages of its own slot ({@code slot} and {@code slot + SLOTS}), overwriting the
     * first {@code updateBytesMax} bytes; checkpoints (some with work between their records) and write-backs; then a
     * crash with the transactions still open as losers. {@code committed} gets each page's committed bytes.
     */
    private static Devices crashedWorkload(long seed, Map<Long, byte[]> committed) {
        SplittableRandom random = new SplittableRandom(seed);
        Devices devices = Devices.create(600, 512, PAGES);
        RecoverableStore store = devices.format(OPTIONS);
        Transaction[] open = new Transaction[SLOTS];
        List<Map<Long, byte[]>> pending = new ArrayList<>();
        for (int slot = 0; slot < SLOTS; slot++) {
            pending.add(new HashMap<>());
        }
        for (int step = 0; step < 300; step++) {
            int slot = random.nextInt(SLOTS);
            int action = random.nextInt(20);
            if (action < 12) {
                if (open[slot] == null) {
                    open[slot] = store.begin();
                }
                long page = slot + (random.nextBoolean() ? SLOTS : 0);
                byte[] bytes = new byte[OPTIONS.updateBytesMax()];
                random.nextBytes(bytes);
                open[slot].update(page, 0, bytes);
                pending.get(slot).put(page, bytes);
            } else if (action < 15 && open[slot] != null) {
                open[slot].commit();
                committed.putAll(pending.get(slot));
                pending.get(slot).clear();
                open[slot] = null;
            } else if (action < 16 && open[slot] != null) {
                open[slot].rollback();
                pending.get(slot).clear();
                open[slot] = null;
            } else if (action < 17) {
                store.writeBack(random.nextInt(PAGES));
            } else if (action < 18) {
                store.checkpoint();
            } else if (action < 19) {
                long page = random.nextInt(PAGES);
                store.checkpoint(() -> store.writeBack(page));
            }
        }
        return devices.crash();
    }

    @Test
    void redoBeforeTheCheckpointUsesTheCheckpointsDirtyPages() {
        Devices devices = Devices.create(200, 512, PAGES);
        RecoverableStore store = devices.format(OPTIONS);
        byte[] first = new byte[OPTIONS.updateBytesMax()];
        first[0] = 1;
        byte[] second = new byte[OPTIONS.updateBytesMax()];
        second[0] = 2;
        Transaction tx = store.begin();
        tx.update(0, 0, first);
        tx.commit();
        store.checkpoint(); // page 0 dirty since before the begin record: redo must start there
        tx = store.begin();
        tx.update(1, 0, second);
        tx.commit();
        Devices crashed = devices.crash();
        for (long keep : new long[] {0, OPTIONS.recoveryLogBytesMax()}) {
            RecoverableStore recovered = crashed.crash().open(OPTIONS.withRecoveryLogBytesMax(keep));
            assertEquals(2, recovered.lastRecovery().recordsRedone(), "keep=" + keep);
            assertArrayEquals(first, java.util.Arrays.copyOf(recovered.read(0), first.length), "keep=" + keep);
            assertArrayEquals(second, java.util.Arrays.copyOf(recovered.read(1), second.length), "keep=" + keep);
        }
    }

    @Test
    void theBoundIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> OPTIONS.withRecoveryLogBytesMax(-1));
        assertThrows(IllegalArgumentException.class,
                () -> OPTIONS.withRecoveryLogBytesMax(StoreOptions.RECOVERY_LOG_BYTES_LIMIT + 1));
        assertEquals(StoreOptions.DEFAULT_RECOVERY_LOG_BYTES_MAX, StoreOptions.defaults().recoveryLogBytesMax());
        assertTrue(OPTIONS.recoveryLogBytesAllowed() <= Runtime.getRuntime().maxMemory() / 4);
    }
}
