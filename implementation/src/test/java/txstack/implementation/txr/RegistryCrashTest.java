package txstack.implementation.txr;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.implementation.txr.RegistryTest.bytes;
import static txstack.implementation.txr.RegistryTest.string;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.disk.Rail;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionId;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.lfs.LogOptions;

/**
 * Crash tests (the transactions contract's crash semantics under DISK-3): a workload of plain calls, a single-phase
 * commit, or a two-phase commit across two registries runs on a {@link Rail} that cuts every device (both hives' logs
 * and hives, the transaction manager's log) at its {@code k}-th write or flush, for every {@code k} the workload
 * reaches; for every other run the recovery is cut too. After recovery (transaction manager opened, registries opened
 * and registered): every call that returned is there; each value shows only what some change gave it; a transaction
 * shows in every value of both registries or in none, and in all if its commit returned; what was in doubt was that
 * transaction, and nothing stays held. A failure names scenario, operation and seed; the runs are deterministic, so
 * {@code -Dtest=RegistryCrashTest#<scenario> -Dtxstack.trace=true} replays it.
 */
class RegistryCrashTest {
    private static final RegistryOptions A = Hive.small();
    private static final RegistryOptions B = Hive.small().withName("reg2");
    private static final LogOptions TM_LOG = LogOptions.defaults();
    /** Device indexes on the rail. */
    private static final int A_LOG = 0;
    private static final int A_HIVE = 1;
    private static final int TM = 2;
    private static final int B_LOG = 3;
    private static final int B_HIVE = 4;
    private static final int SEEDS_PER_WRITE = 2;
    /** {@code -Dtxstack.trace=true} prints each scenario's write count and what each recovery found in doubt. */
    private static final boolean TRACE = Boolean.getBoolean("txstack.trace");

    /** What the workload got done before the power went. */
    private static final class Progress {
        final Set<String> returned = new HashSet<>();
        TransactionId tx;
    }

    /** The engine after a (re)start: the transaction manager and the registries, on some devices. */
    private record Engine(TransactionManager tm, Registry a, Registry b, Set<TransactionId> inDoubt) {
        static Engine open(Function<Integer, BlockDevice> devices) {
            TransactionManager tm = TransactionManager.open(devices.apply(TM), TM_LOG);
            Registry a = Registry.open(devices.apply(A_LOG), devices.apply(A_HIVE), A);
            Registry b = Registry.open(devices.apply(B_LOG), devices.apply(B_HIVE), B);
            Set<TransactionId> inDoubt = new HashSet<>(a.inDoubt());
            inDoubt.addAll(b.inDoubt());
            tm.register(a);
            tm.register(b);
            return new Engine(tm, a, b, inDoubt);
        }

        void close() {
            tm.close();
            a.close();
            b.close();
        }
    }

    /** The devices formatted, with base values, cleanly closed: their images by device index. */
    private static List<byte[]> formatted() {
        List<MemoryBlockDevice> devices = List.of(MemoryBlockDevice.create(512, Hive.RESTART_SECTORS + 256),
                MemoryBlockDevice.create(512, 64), MemoryBlockDevice.create(512, 2048),
                MemoryBlockDevice.create(512, Hive.RESTART_SECTORS + 256), MemoryBlockDevice.create(512, 64));
        TransactionManager.format(devices.get(TM), TM_LOG).close();
        for (int[] hive : new int[][] {{A_LOG, A_HIVE}, {B_LOG, B_HIVE}}) {
            try (Registry reg = Registry.format(devices.get(hive[0]), devices.get(hive[1]), hive[0] == A_LOG ? A : B)) {
                reg.setValue("\\Base", "kept", bytes("k"));
                reg.setValue("\\Base", "w", bytes("w0"));
                reg.setValue("\\Base", "gone", bytes("g"));
            }
        }
        return devices.stream().map(MemoryBlockDevice::image).toList();
    }

    /** A workload: runs on the rail's devices until it ends or the power goes. */
    private interface Workload {
        void run(Function<Integer, BlockDevice> devices, Progress progress);
    }

    /** A check of the recovered engine; returns the problem or null. */
    private interface Check {
        String check(Engine engine, Progress progress);
    }

    @Test
    void plainCalls() {
        int inDoubt = crashEverywhere("plainCalls", (devices, p) -> {
            try (Registry a = Registry.open(devices.apply(A_LOG), devices.apply(A_HIVE), A)) {
                a.setValue("\\Key", "x", bytes("x1"));
                p.returned.add("set");
                a.appendValue("\\Base", "w", bytes("+a"));
                p.returned.add("append");
                a.deleteValue("\\Base", "gone");
                p.returned.add("delete");
                a.setValue("\\Key", "x", new byte[1000]); // three pages
                p.returned.add("big");
            }
        }, (e, p) -> {
            String x = string(e.a().getValue("\\Key", "x"));
            boolean big = x != null && x.length() == 1000;
            return firstProblem(
                    expect(!p.returned.contains("set") || "x1".equals(x) || big, "a returned set lost: x=" + x),
                    expect(x == null || x.equals("x1") || big, "x shows what no change gave it: x=" + x),
                    expect(!p.returned.contains("big") || big, "a returned set of a large value lost: x=" + x),
                    allowed(e.a(), "w", p.returned.contains("append"), "w0", "w0+a"),
                    allowed(e.a(), "gone", p.returned.contains("delete"), "g", null),
                    allowed(e.a(), "kept", false, "k", "k"));
        });
        assertTrue(inDoubt == 0, "plain calls left something in doubt: runs=" + inDoubt);
    }

    @Test
    void singlePhaseCommit() {
        crashEverywhere("singlePhaseCommit", (devices, p) -> {
            TransactionManager tm = TransactionManager.open(devices.apply(TM), TM_LOG);
            Registry a = Registry.open(devices.apply(A_LOG), devices.apply(A_HIVE), A);
            tm.register(a);
            Transaction tx = tm.createTransaction();
            p.tx = tx.id();
            a.setValue("\\Key", "x", bytes("t"), tx);
            a.appendValue("\\Base", "w", bytes("+t"), tx);
            a.deleteValue("\\Base", "gone", tx);
            tx.commit();
            p.returned.add("commit");
            tm.close();
            a.close();
        }, (e, p) -> transactionCheck(e, p, false));
    }

    @Test
    void twoPhaseCommitAcrossTwoRegistries() {
        int inDoubt = crashEverywhere("twoPhaseCommit", (devices, p) -> {
            TransactionManager tm = TransactionManager.open(devices.apply(TM), TM_LOG);
            Registry a = Registry.open(devices.apply(A_LOG), devices.apply(A_HIVE), A);
            Registry b = Registry.open(devices.apply(B_LOG), devices.apply(B_HIVE), B);
            tm.register(a);
            tm.register(b);
            Transaction tx = tm.createTransaction();
            p.tx = tx.id();
            a.setValue("\\Key", "x", bytes("t"), tx);
            a.appendValue("\\Base", "w", bytes("+t"), tx);
            a.deleteValue("\\Base", "gone", tx);
            b.setValue("\\Key", "x", bytes("t"), tx);
            b.appendValue("\\Base", "w", bytes("+t"), tx);
            tx.commit();
            p.returned.add("commit");
            tm.close();
            a.close();
            b.close();
        }, (e, p) -> transactionCheck(e, p, true));
        assertTrue(inDoubt > 0, "no crash left a prepared transaction in doubt");
    }

    /** The transaction's changes: all in both registries (if {@code both}) or none; all if its commit returned. */
    private static String transactionCheck(Engine e, Progress p, boolean both) {
        boolean inA = "t".equals(string(e.a().getValue("\\Key", "x")));
        boolean inB = "t".equals(string(e.b().getValue("\\Key", "x")));
        boolean shown = inA;
        return firstProblem(
                expect(!p.returned.contains("commit") || shown, "a returned commit lost: tx=" + p.tx),
                expect(!both ? !inB : inA == inB, "the transaction in one registry only: inA=" + inA + " inB=" + inB),
                allowed(e.a(), "w", shown, shown ? "w0+t" : "w0", shown ? "w0+t" : "w0"),
                allowed(e.a(), "gone", shown, shown ? null : "g", shown ? null : "g"),
                both ? allowed(e.b(), "w", inB, inB ? "w0+t" : "w0", inB ? "w0+t" : "w0") : null,
                allowed(e.a(), "kept", false, "k", "k"),
                expect(e.inDoubt().isEmpty() || e.inDoubt().equals(Set.of(p.tx)),
                        "in doubt: " + e.inDoubt() + " tx=" + p.tx));
    }

    /** The base value {@code name}: one of the two, the second if {@code changed}. */
    private static String allowed(Registry reg, String name, boolean changed, String before, String after) {
        String v = string(reg.getValue("\\Base", name));
        if (changed ? Objects.equals(v, after) : Objects.equals(v, before) || Objects.equals(v, after)) {
            return null;
        }
        return "base value wrong: registry=" + reg.name() + " name=" + name + " value=" + v + " before=" + before
                + " after=" + after + " changeReturned=" + changed;
    }

    private static String expect(boolean ok, String problem) {
        return ok ? null : problem;
    }

    private static String firstProblem(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /**
     * Runs the workload once to count its writes and flushes, then cuts the power at each; returns how many
     * recoveries found a transaction in doubt.
     */
    private static int crashEverywhere(String scenario, Workload workload, Check check) {
        List<byte[]> base = formatted();
        Rail counting = new Rail(base, Long.MAX_VALUE, new SplittableRandom(0));
        workload.run(counting::device, new Progress());
        long operations = counting.operationCount();
        assertTrue(operations > 10, "too few device operations to crash at: operations=" + operations);
        if (TRACE) {
            System.out.println("scenario=" + scenario + " operations=" + operations);
        }
        int inDoubt = 0;
        for (long crashAt = 0; crashAt < operations; crashAt++) {
            for (long seed = 1; seed <= SEEDS_PER_WRITE; seed++) {
                inDoubt += crashOnce(scenario, workload, check, base, crashAt, seed) ? 1 : 0;
            }
        }
        return inDoubt;
    }

    /** Returns true if the recovery found a transaction in doubt. */
    private static boolean crashOnce(String scenario, Workload workload, Check check, List<byte[]> base, long crashAt,
                                     long seed) {
        String where = " (scenario=" + scenario + " crashAt=" + crashAt + " seed=" + seed + ")";
        SplittableRandom random = new SplittableRandom(seed * 1_000_003 + crashAt);
        Rail rail = new Rail(base, crashAt, random.split());
        Progress progress = new Progress();
        try {
            workload.run(rail::device, progress);
            throw new AssertionError("the workload outlived its crash" + where);
        } catch (Rail.PowerCut expected) {
            // The crash.
        } catch (RuntimeException e) {
            if (!rail.isDead()) {
                throw new AssertionError("unexpected " + e + where, e);
            }
        }
        List<byte[]> images = rail.crashImages(random.split());
        if (seed % 2 == 0) {
            images = crashRecovery(images, random, where);
        }
        List<MemoryBlockDevice> devices = new ArrayList<>();
        for (byte[] image : images) {
            devices.add(MemoryBlockDevice.of(512, image));
        }
        Engine engine;
        try {
            engine = Engine.open(devices::get);
        } catch (RuntimeException e) {
            throw new AssertionError("recovery failed: " + e + where, e);
        }
        String problem = check.check(engine, progress);
        if (problem == null) {
            problem = nothingHeld(engine);
        }
        engine.close();
        if (problem != null) {
            throw new AssertionError(problem + where);
        }
        if (TRACE) {
            System.out.println(where + " inDoubt=" + engine.inDoubt() + " returned=" + progress.returned);
        }
        return !engine.inDoubt().isEmpty();
    }

    /** Cuts the power again somewhere in the recovery (and the registration that resolves what is in doubt). */
    private static List<byte[]> crashRecovery(List<byte[]> images, SplittableRandom random, String where) {
        Rail again = new Rail(images, random.nextLong(60), random.split());
        try {
            Engine.open(again::device).close();
            return again.crashImages(random.split()); // recovered: then a crash with nothing running
        } catch (Rail.PowerCut e) {
            return again.crashImages(random.split());
        } catch (RuntimeException e) {
            if (!again.isDead()) {
                throw new AssertionError("recovery failed: " + e + where, e);
            }
            return again.crashImages(random.split());
        }
    }

    /** Every value the workloads touch can be changed again: nothing stays held (rule 5). */
    private static String nothingHeld(Engine e) {
        try {
            for (Registry reg : List.of(e.a(), e.b())) {
                reg.setValue("\\Key", "x", bytes("after"));
                reg.setValue("\\Base", "w", bytes("after"));
                reg.deleteValue("\\Base", "gone");
                if (!reg.inDoubt().isEmpty()) {
                    return "still in doubt after registration: registry=" + reg.name() + " " + reg.inDoubt();
                }
            }
        } catch (RuntimeException ex) {
            return "a value stays held or the hive is broken: " + ex;
        }
        return null;
    }
}
