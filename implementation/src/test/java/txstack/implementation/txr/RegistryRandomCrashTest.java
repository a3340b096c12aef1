package txstack.implementation.txr;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.implementation.txr.RegistryTest.bytes;
import static txstack.implementation.txr.RegistryTest.string;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.disk.Rail;
import txstack.implementation.ktm.SharingViolationException;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.lfs.LogOptions;

/**
 * Seeded random workloads on two registries and a transaction manager, checked step by step against a model (the
 * transactions contract in miniature), then cut by a power loss at a random write or flush of any device. Plain
 * appends, transacted appends and reads of up to three interleaved transactions, plain deletes, commits (one or two
 * phases, by what the transaction enlisted) and rollbacks; every change appends a token naming its step, so a value
 * shows which changes made it. Each call's result, and its error (sharing violation or none), must be the model's.
 * After recovery every value must be the committed model's, or, all at once, what the operation the power cut would
 * have made it. A failure prints seed and step; replay with {@code -Dtest=RegistryRandomCrashTest#replay
 * -Dtxstack.seed=N}.
 */
class RegistryRandomCrashTest {
    private static final int SEEDS = Integer.getInteger("txstack.seeds", 150);
    private static final int STEPS = 60;
    private static final int VALUES_PER_REGISTRY = 4;
    private static final RegistryOptions[] OPTIONS = {Hive.small(), Hive.small().withName("reg2")};
    private static final LogOptions TM_LOG = LogOptions.defaults();

    /** An item: registry 0 or 1, value index. */
    private record Item(int registry, int value) {
        String key() {
            return "\\K" + value % 2;
        }

        String name() {
            return "v" + value;
        }
    }

    /** An open transaction of the workload: its own values. */
    private record Open(Transaction tx, Map<Item, String> own) {
    }

    private static final class Run {
        final long seed;
        final SplittableRandom random;
        final Map<Item, String> committed = new HashMap<>();
        /** What the operation in progress would make the committed values, if it completes. */
        Map<Item, String> inFlight;
        final List<Open> open = new ArrayList<>();
        final Map<Item, Open> holders = new HashMap<>();
        int step;

        Run(long seed) {
            this.seed = seed;
            this.random = new SplittableRandom(seed);
        }

        String where() {
            return " (seed=" + seed + " step=" + step + "; replay: -Dtest=RegistryRandomCrashTest#replay"
                    + " -Dtxstack.seed=" + seed + ")";
        }

        void check(boolean ok, String problem) {
            if (!ok) {
                throw new AssertionError(problem + where());
            }
        }
    }

    @Test
    void randomWorkloadsCutAnywhere() {
        int cut = 0;
        int inFlight = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Run run = runSeed(seed);
            cut += run.step < STEPS ? 1 : 0;
            inFlight += run.inFlight != null ? 1 : 0;
        }
        // The power must cut most workloads short, and some during a change.
        assertTrue(cut > SEEDS / 2 && inFlight > SEEDS / 10, "cut=" + cut + " inFlight=" + inFlight);
    }

    @Test
    void replay() {
        String seed = System.getProperty("txstack.seed");
        if (seed != null) {
            runSeed(Long.parseLong(seed));
        }
    }

    private static List<byte[]> formatted() {
        List<MemoryBlockDevice> devices = List.of(MemoryBlockDevice.create(512, 2048),
                MemoryBlockDevice.create(512, Hive.RESTART_SECTORS + 256), MemoryBlockDevice.create(512, 64),
                MemoryBlockDevice.create(512, Hive.RESTART_SECTORS + 256), MemoryBlockDevice.create(512, 64));
        TransactionManager.format(devices.get(0), TM_LOG).close();
        for (int r = 0; r < 2; r++) {
            Registry.format(devices.get(1 + 2 * r), devices.get(2 + 2 * r), OPTIONS[r]).close();
        }
        return devices.stream().map(MemoryBlockDevice::image).toList();
    }

    private static Run runSeed(long seed) {
        List<byte[]> base = formatted();
        Rail counting = new Rail(base, Long.MAX_VALUE, new SplittableRandom(0));
        workload(new Run(seed), counting);
        SplittableRandom crashRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
        long crashAt = crashRandom.nextLong(counting.operationCount() + 1); // the last: no cut
        Run run = new Run(seed);
        Rail rail = new Rail(base, crashAt, crashRandom.split());
        try {
            workload(run, rail);
        } catch (Rail.PowerCut e) {
            // The crash.
        } catch (RuntimeException e) {
            if (!rail.isDead()) {
                throw new AssertionError("unexpected " + e + run.where(), e);
            }
        }
        List<byte[]> images = rail.crashImages(crashRandom.split());
        List<MemoryBlockDevice> devices = images.stream().map(i -> MemoryBlockDevice.of(512, i)).toList();
        TransactionManager tm = TransactionManager.open(devices.get(0), TM_LOG);
        Registry[] regs = new Registry[2];
        for (int r = 0; r < 2; r++) {
            regs[r] = Registry.open(devices.get(1 + 2 * r), devices.get(2 + 2 * r), OPTIONS[r]);
            tm.register(regs[r]);
        }
        Map<Item, String> found = new HashMap<>();
        for (int r = 0; r < 2; r++) {
            for (int v = 0; v < VALUES_PER_REGISTRY; v++) {
                Item item = new Item(r, v);
                found.put(item, string(regs[r].getValue(item.key(), item.name())));
                regs[r].appendValue(item.key(), item.name(), bytes("free;")); // nothing held (rule 5)
            }
        }
        boolean matches = sameValues(found, run.committed) || (run.inFlight != null
                && sameValues(found, run.inFlight));
        run.check(matches, "recovered values are neither the committed ones nor those of the operation cut: found="
                + found + " committed=" + run.committed + " inFlight=" + run.inFlight + " crashAt=" + crashAt);
        tm.close();
        regs[0].close();
        regs[1].close();
        return run;
    }

    private static boolean sameValues(Map<Item, String> found, Map<Item, String> expected) {
        for (Map.Entry<Item, String> e : found.entrySet()) {
            if (!Objects.equals(e.getValue(), expected.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static void workload(Run run, Rail rail) {
        TransactionManager tm = TransactionManager.open(rail.device(0), TM_LOG);
        Registry[] regs = new Registry[2];
        for (int r = 0; r < 2; r++) {
            regs[r] = Registry.open(rail.device(1 + 2 * r), rail.device(2 + 2 * r), OPTIONS[r]);
            tm.register(regs[r]);
        }
        for (run.step = 0; run.step < STEPS; run.step++) {
            Item item = new Item(run.random.nextInt(2), run.random.nextInt(VALUES_PER_REGISTRY));
            Registry reg = regs[item.registry()];
            int action = run.random.nextInt(10);
            if (action == 0 && run.open.size() < 3) {
                run.open.add(new Open(tm.createTransaction(), new LinkedHashMap<>()));
            } else if (action <= 2) {
                plainChange(run, reg, item, action == 1);
            } else if (action <= 5 && !run.open.isEmpty()) {
                transactedAppend(run, reg, item, run.open.get(run.random.nextInt(run.open.size())));
            } else if (action <= 7 && !run.open.isEmpty()) {
                end(run, run.open.get(run.random.nextInt(run.open.size())), action == 6);
            } else {
                Open o = run.open.isEmpty() ? null : run.open.get(run.random.nextInt(run.open.size()));
                String expected = o != null && o.own().containsKey(item) ? o.own().get(item) : run.committed.get(item);
                String read = string(o == null ? reg.getValue(item.key(), item.name())
                        : reg.getValue(item.key(), item.name(), o.tx()));
                run.check(Objects.equals(expected, read), "read: item=" + item + " read=" + read + " expected="
                        + expected);
            }
        }
        for (Open o : List.copyOf(run.open)) {
            end(run, o, true);
        }
        tm.close();
        regs[0].close();
        regs[1].close();
    }

    private static void plainChange(Run run, Registry reg, Item item, boolean delete) {
        boolean held = run.holders.containsKey(item);
        String before = run.committed.get(item);
        String after = delete ? null : (before == null ? "" : before) + "p" + run.step + ";";
        run.inFlight = new HashMap<>(run.committed);
        run.inFlight.put(item, after);
        try {
            if (delete) {
                reg.deleteValue(item.key(), item.name());
            } else {
                reg.appendValue(item.key(), item.name(), bytes("p" + run.step + ";"));
            }
            run.check(!held, "a plain change of a held value succeeded: item=" + item);
            run.committed.put(item, after);
        } catch (SharingViolationException e) {
            run.check(held, "a plain change of a free value failed: item=" + item + " " + e);
        }
        run.inFlight = null;
    }

    private static void transactedAppend(Run run, Registry reg, Item item, Open o) {
        Open holder = run.holders.get(item);
        String token = "t" + o.tx().id().value() + "." + run.step + ";";
        try {
            reg.appendValue(item.key(), item.name(), bytes(token), o.tx());
            run.check(holder == null || holder == o, "a change of a value another transaction holds succeeded: item="
                    + item);
            String base = o.own().containsKey(item) ? o.own().get(item) : run.committed.get(item);
            o.own().put(item, (base == null ? "" : base) + token);
            run.holders.put(item, o);
        } catch (SharingViolationException e) {
            run.check(holder != null && holder != o, "a transacted change failed: item=" + item + " " + e);
        }
    }

    private static void end(Run run, Open o, boolean commit) {
        run.open.remove(o);
        run.holders.values().removeIf(h -> h == o);
        if (!commit) {
            o.tx().rollback();
            return;
        }
        run.inFlight = new HashMap<>(run.committed);
        run.inFlight.putAll(o.own());
        o.tx().commit();
        run.committed.putAll(o.own());
        run.inFlight = null;
    }
}
