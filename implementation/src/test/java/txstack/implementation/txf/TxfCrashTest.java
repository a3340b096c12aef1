package txstack.implementation.txf;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import txstack.implementation.disk.CrashingDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.disk.Rail;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.ktm.SharingViolationException;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.lfs.LogOptions;

/**
 * TxF on two volumes (resource managers {@code fs1} and {@code fs2}) under one transaction manager, all three devices
 * losing power at once at a seeded device operation; then everything is reopened and the items checked as the
 * transactions contract says. Every change appends a token naming its transaction ({@code t3.17;}) or plain call
 * ({@code p17;}), so the check reads which change made each byte: every token of a transaction whose commit returned
 * (and of a plain append that returned) is there; the commit in progress shows everywhere or nowhere; no token of a
 * transaction that did not commit shows; nothing stays in doubt or held. Every crash point of each seeded workload is
 * tried, every other one with a second power loss during the recovery; a failure prints its replay line.
 */
class TxfCrashTest {
    private static final List<String> FILES = List.of("\\f0", "\\f1", "\\f2");
    private static final int STEPS = 16;
    private static final int SEEDS = 12;
    private static final int VOLUME_SECTORS = 4096;
    private static final int LOG_SECTORS = 256;

    /** What the workload did, as the check needs it. */
    static final class Record {
        final Map<String, List<String>> tokensOf = new LinkedHashMap<>(); // transaction or plain call -> tokens
        final Map<String, List<String>> itemsOf = new HashMap<>(); // token -> item
        final List<String> committed = new ArrayList<>();
        String inProgress;

        void change(String who, String item, String token) {
            tokensOf.computeIfAbsent(who, k -> new ArrayList<>()).add(token);
            itemsOf.put(token, List.of(item));
        }
    }

    /** Every crash point of short workloads, one seeded crash image each. */
    @Test
    void crashesAtEveryPoint() {
        byte[][] base = formatted();
        for (long seed = 1; seed <= SEEDS; seed++) {
            Rail counting = new Rail(List.of(base), Long.MAX_VALUE, new Random(0));
            workload(seed, counting, new Record());
            for (long crashAt = 0; crashAt < counting.operationCount(); crashAt++) {
                run(seed, crashAt, base);
            }
        }
    }

    @Test
    void replay() {
        String seed = System.getProperty("txstack.seed");
        String crashAt = System.getProperty("txstack.crashAt");
        if (seed != null && crashAt != null) {
            run(Long.parseLong(seed), Long.parseLong(crashAt), formatted());
        }
    }

    static void run(long seed, long crashAt, byte[][] base) {
        Random random = new Random(seed * 1_000_003 + crashAt);
        Rail rail = new Rail(List.of(base), crashAt, random);
        Record record = new Record();
        workload(seed, rail, record);
        byte[][] images = rail.crashImages(random).toArray(new byte[0][]);
        if (crashAt % 2 == 0) {
            images = crashDuringRecovery(images, random);
        }
        String problem = check(images, record);
        if (problem != null) {
            fail(problem + " (replay: -Dtest=TxfCrashTest#replay -Dtxstack.seed=" + seed + " -Dtxstack.crashAt="
                    + crashAt + ")");
        }
    }

    /** Two formatted volumes with TxF's directory and a formatted TM log. */
    static byte[][] formatted() {
        MemoryBlockDevice v1 = MemoryBlockDevice.create(512, VOLUME_SECTORS);
        MemoryBlockDevice v2 = MemoryBlockDevice.create(512, VOLUME_SECTORS);
        MemoryBlockDevice log = MemoryBlockDevice.create(512, LOG_SECTORS);
        for (MemoryBlockDevice v : List.of(v1, v2)) {
            FileSystem fs = FileSystem.format(v, TransactionalFileSystemTest.OPTIONS);
            TransactionalFileSystem.on(fs);
            fs.close();
        }
        TransactionManager.format(log, LogOptions.defaults()).close();
        return new byte[][] {v1.image(), v2.image(), log.image()};
    }

    /** Runs the seeded workload until it ends or the power fails. */
    static void workload(long seed, Rail rail, Record record) {
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        try {
            FileSystem fs1 = FileSystem.mount(rail.device(0), TransactionalFileSystemTest.OPTIONS);
            FileSystem fs2 = FileSystem.mount(rail.device(1), TransactionalFileSystemTest.OPTIONS);
            TransactionManager tm = TransactionManager.open(rail.device(2), LogOptions.defaults());
            TransactionalFileSystem[] txf = {TransactionalFileSystem.on(fs1, "fs1"),
                    TransactionalFileSystem.on(fs2, "fs2")};
            tm.register(txf[0]);
            tm.register(txf[1]);
            Map<String, Transaction> open = new LinkedHashMap<>();
            int begun = 0;
            for (int step = 0; step < STEPS; step++) {
                int action = random.nextInt(10);
                int v = random.nextInt(2);
                String file = FILES.get(random.nextInt(FILES.size()));
                String item = "fs" + (v + 1) + ":" + file;
                if (open.isEmpty() || (action < 2 && open.size() < 3)) {
                    String name = "t" + begun++;
                    open.put(name, tm.createTransaction());
                } else if (action < 6) {
                    String name = new ArrayList<>(open.keySet()).get(random.nextInt(open.size()));
                    String token = name + "." + step + ";";
                    try {
                        txf[v].append(file, token.getBytes(StandardCharsets.US_ASCII), open.get(name));
                        record.change(name, item, token);
                    } catch (SharingViolationException e) {
                        // another transaction holds it: nothing changed
                    }
                } else if (action < 7) {
                    String token = "p" + step + ";";
                    try {
                        record.inProgress = "p" + step;
                        record.change("p" + step, item, token);
                        txf[v].append(file, token.getBytes(StandardCharsets.US_ASCII));
                        record.committed.add("p" + step);
                    } catch (SharingViolationException e) {
                        record.tokensOf.remove("p" + step);
                    }
                    record.inProgress = null;
                } else {
                    String name = new ArrayList<>(open.keySet()).get(random.nextInt(open.size()));
                    Transaction t = open.remove(name);
                    if (action < 9) {
                        record.inProgress = name;
                        t.commit();
                        record.committed.add(name);
                        record.inProgress = null;
                    } else {
                        t.rollback();
                    }
                }
            }
        } catch (RuntimeException e) {
            if (!isPowerLoss(e)) {
                throw e;
            }
            // the power failed; whatever was in progress is record.inProgress
        }
    }

    /** Opens everything on {@code images} and loses power again at a seeded operation of that recovery. */
    static byte[][] crashDuringRecovery(byte[][] images, Random random) {
        Rail counting = new Rail(List.of(images), Long.MAX_VALUE, random);
        recover(counting);
        Rail rail = new Rail(List.of(images), random.nextLong(Math.max(1, counting.operationCount())), random);
        try {
            recover(rail);
        } catch (RuntimeException e) {
            if (!isPowerLoss(e)) {
                throw e;
            }
        }
        return rail.crashImages(random).toArray(new byte[0][]);
    }

    private static void recover(Rail rail) {
        FileSystem fs1 = FileSystem.mount(rail.device(0), TransactionalFileSystemTest.OPTIONS);
        FileSystem fs2 = FileSystem.mount(rail.device(1), TransactionalFileSystemTest.OPTIONS);
        TransactionManager tm = TransactionManager.open(rail.device(2), LogOptions.defaults());
        tm.register(TransactionalFileSystem.on(fs1, "fs1"));
        tm.register(TransactionalFileSystem.on(fs2, "fs2"));
    }

    /** True if the power loss is {@code e}, its cause or suppressed exception, at any depth. */
    static boolean isPowerLoss(Throwable e) {
        if (e == null) {
            return false;
        }
        if (e instanceof Rail.PowerCut || e instanceof CrashingDevice.PowerLoss || isPowerLoss(e.getCause())) {
            return true;
        }
        for (Throwable s : e.getSuppressed()) {
            if (isPowerLoss(s)) {
                return true;
            }
        }
        return false;
    }

    /** Reopens everything on the crash images and checks the contract's crash rules; the problem found, or null. */
    static String check(byte[][] images, Record record) {
        FileSystem fs1 = FileSystem.mount(MemoryBlockDevice.of(512, images[0]), TransactionalFileSystemTest.OPTIONS);
        FileSystem fs2 = FileSystem.mount(MemoryBlockDevice.of(512, images[1]), TransactionalFileSystemTest.OPTIONS);
        TransactionalFileSystem[] txf = {TransactionalFileSystem.on(fs1, "fs1"),
                TransactionalFileSystem.on(fs2, "fs2")};
        try (TransactionManager tm = TransactionManager.open(MemoryBlockDevice.of(512, images[2]),
                LogOptions.defaults())) {
            tm.register(txf[0]);
            tm.register(txf[1]);
            Map<String, String> shown = new HashMap<>(); // token -> item it shows in
            for (int v = 0; v < 2; v++) {
                if (!txf[v].inDoubt().isEmpty()) {
                    return "fs" + (v + 1) + " still in doubt after registering: " + txf[v].inDoubt();
                }
                for (String file : FILES) {
                    String content = new String(txf[v].read(file), StandardCharsets.US_ASCII);
                    for (String token : content.split(";")) {
                        if (!token.isEmpty()) {
                            shown.put(token + ";", "fs" + (v + 1) + ":" + file);
                        }
                    }
                    txf[v].append(file, new byte[] {'x', ';'}); // nothing stays held
                }
            }
            for (Map.Entry<String, List<String>> e : record.tokensOf.entrySet()) {
                String who = e.getKey();
                long present = e.getValue().stream().filter(t -> record.itemsOf.get(t).getFirst().equals(
                        shown.get(t))).count();
                boolean committed = record.committed.contains(who);
                if (committed && present != e.getValue().size()) {
                    return "KTM-1: " + who + " committed, but only " + present + " of its " + e.getValue().size()
                            + " changes survived: " + e.getValue() + " shown " + shown.keySet();
                }
                if (who.equals(record.inProgress) && present != 0 && present != e.getValue().size()) {
                    return "KTM-1: " + who + " was committing: " + present + " of its " + e.getValue().size()
                            + " changes show, not all or none: " + e.getValue();
                }
                if (!committed && !who.equals(record.inProgress) && present != 0) {
                    return "KTM-7: " + who + " never committed, yet " + present + " of its changes show: "
                            + e.getValue();
                }
            }
            for (String token : shown.keySet()) {
                if (!record.itemsOf.containsKey(token)) {
                    return "a token no change wrote: " + token;
                }
            }
        }
        return null;
    }
}
