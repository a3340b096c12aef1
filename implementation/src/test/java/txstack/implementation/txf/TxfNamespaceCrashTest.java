package txstack.implementation.txf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.disk.Rail;
import txstack.implementation.fs.AlreadyExistsException;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.fs.NotFoundException;
import txstack.implementation.ktm.SharingViolationException;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.lfs.LogOptions;

/**
 * TxF's namespace calls (create, delete, rename, set attributes) inside transactions across two volumes and as plain
 * calls, with the power lost at every device operation of a fixed workload (every other time again during the
 * recovery). After recovery each volume's files (names, contents, attributes) must be exactly as after the last step
 * that returned, or as after the step in progress: a transaction's creates, deletes and renames show all together
 * or not at all, in both volumes, and a plain rename shows the old name or the new one, never both or neither.
 */
class TxfNamespaceCrashTest {

    /** The running stack a step acts on. */
    private record Stack(TransactionalFileSystem v1, TransactionalFileSystem v2, TransactionManager tm,
                         Map<String, Transaction> txs) {
    }

    private interface Step {
        void run(Stack s);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The workload; each step returns before the next starts. */
    private static final List<Step> STEPS = List.of(
            s -> s.v1().create("\\a"),
            s -> s.v1().write("\\a", b("A")),
            s -> s.v1().setAttributes("\\a", 0x20),
            s -> s.v1().write("\\b", b("B")),
            s -> s.txs().put("t1", s.tm().createTransaction()),
            s -> s.v1().rename("\\a", "\\c", s.txs().get("t1")),
            s -> s.v1().delete("\\b", s.txs().get("t1")),
            s -> s.v2().create("\\d", s.txs().get("t1")),
            s -> s.v2().append("\\d", b("D"), s.txs().get("t1")),
            s -> s.v1().setAttributes("\\c", 0x24, s.txs().get("t1")),
            s -> s.txs().get("t1").commit(), // two phases: both volumes
            s -> s.v1().rename("\\c", "\\e"),
            s -> s.txs().put("t2", s.tm().createTransaction()),
            s -> s.v2().rename("\\d", "\\f", s.txs().get("t2")),
            s -> s.v2().create("\\d", s.txs().get("t2")),
            s -> s.txs().get("t2").commit(), // one phase: one volume
            s -> s.txs().put("t3", s.tm().createTransaction()),
            s -> s.v1().delete("\\e", s.txs().get("t3")),
            s -> s.v1().create("\\g", s.txs().get("t3")),
            s -> s.txs().get("t3").rollback(),
            s -> s.v2().delete("\\d"));

    @Test
    void everyCrashPointShowsAStateBetweenTwoSteps() {
        byte[][] base = TxfCrashTest.formatted();
        List<String> expected = referenceStates(base);
        Rail counting = new Rail(List.of(base), Long.MAX_VALUE, new Random(0));
        assertEquals(STEPS.size(), run(counting), "the workload runs to its end without a crash");
        for (long crashAt = 0; crashAt < counting.operationCount(); crashAt++) {
            Random random = new Random(crashAt * 7919 + 3);
            Rail rail = new Rail(List.of(base), crashAt, random);
            int done = run(rail);
            byte[][] images = rail.crashImages(random).toArray(new byte[0][]);
            if (crashAt % 2 == 1) {
                images = TxfCrashTest.crashDuringRecovery(images, random);
            }
            String shown = recoveredState(images);
            String before = expected.get(done);
            String after = expected.get(Math.min(done + 1, STEPS.size()));
            if (!shown.equals(before) && !shown.equals(after)) {
                fail("crash at device op " + crashAt + " during step " + done + ": the volumes show\n  " + shown
                        + "\nallowed:\n  " + before + "\n  " + after);
            }
        }
    }

    /** The volumes' states before the first step and after each step, on a disk that never fails. */
    private static List<String> referenceStates(byte[][] base) {
        List<String> states = new ArrayList<>();
        BlockDevice[] devices = new BlockDevice[base.length];
        for (int i = 0; i < base.length; i++) {
            devices[i] = MemoryBlockDevice.of(512, base[i].clone());
        }
        Stack s = open(devices[0], devices[1], devices[2]);
        states.add(describe(s));
        for (Step step : STEPS) {
            step.run(s);
            states.add(describe(s));
        }
        return states;
    }

    /** Runs the workload on the rail until it ends or the power fails; how many steps returned. */
    private static int run(Rail rail) {
        int done = 0;
        try {
            Stack s = open(rail.device(0), rail.device(1), rail.device(2));
            for (Step step : STEPS) {
                step.run(s);
                done++;
            }
        } catch (RuntimeException e) {
            if (!TxfCrashTest.isPowerLoss(e)) {
                throw e;
            }
        }
        return done;
    }

    private static Stack open(BlockDevice volume1, BlockDevice volume2, BlockDevice log) {
        TransactionalFileSystem v1 = TransactionalFileSystem.on(FileSystem.mount(volume1,
                TransactionalFileSystemTest.OPTIONS), "fs1");
        TransactionalFileSystem v2 = TransactionalFileSystem.on(FileSystem.mount(volume2,
                TransactionalFileSystemTest.OPTIONS), "fs2");
        TransactionManager tm = TransactionManager.open(log, LogOptions.defaults());
        tm.register(v1);
        tm.register(v2);
        return new Stack(v1, v2, tm, new HashMap<>());
    }

    /** Recovers on the images; the volumes' state, after checking nothing is left in doubt or held. */
    private static String recoveredState(byte[][] images) {
        Stack s = open(MemoryBlockDevice.of(512, images[0]), MemoryBlockDevice.of(512, images[1]),
                MemoryBlockDevice.of(512, images[2]));
        assertTrue(s.v1().inDoubt().isEmpty() && s.v2().inDoubt().isEmpty(), "in doubt after recovery");
        String state = describe(s);
        for (TransactionalFileSystem v : List.of(s.v1(), s.v2())) {
            for (String name : names(v)) {
                v.setAttributes(name, 0); // nothing stays held
            }
        }
        return state;
    }

    /** Each volume's files with content and attributes, in name order. */
    private static String describe(Stack s) {
        List<String> parts = new ArrayList<>();
        for (TransactionalFileSystem v : List.of(s.v1(), s.v2())) {
            Map<String, String> files = new TreeMap<>();
            for (String name : names(v)) {
                files.put(name.toLowerCase(java.util.Locale.ROOT), "'" + new String(v.read(name),
                        StandardCharsets.US_ASCII) + "'/0x" + Integer.toHexString(v.attributes(name)));
            }
            parts.add(v.name() + files);
        }
        return String.join(" ", parts);
    }

    private static List<String> names(TransactionalFileSystem v) {
        List<String> names = new ArrayList<>();
        for (String entry : v.fileSystem().list("\\")) {
            if (!("\\" + entry).equalsIgnoreCase(TransactionalFileSystem.DIRECTORY)) {
                names.add("\\" + entry);
            }
        }
        return names;
    }

    /** The calls' rules without a crash: isolation, errors, rollback. */
    @Test
    void namespaceCallsKeepTheContractsRules() {
        byte[][] base = TxfCrashTest.formatted();
        Stack s = open(MemoryBlockDevice.of(512, base[0]), MemoryBlockDevice.of(512, base[1]),
                MemoryBlockDevice.of(512, base[2]));
        TransactionalFileSystem v = s.v1();
        v.write("\\x", b("X"));
        Transaction t = s.tm().createTransaction();
        v.rename("\\x", "\\y", t);
        assertTrue(v.exists("\\y", t) && !v.exists("\\x", t), "the transaction sees its rename");
        assertTrue(v.exists("\\x") && !v.exists("\\y"), "the others do not");
        assertArrayEquals(b("X"), v.read("\\y", t));
        assertThrows(SharingViolationException.class, () -> v.write("\\y", b("plain")), "the new name is held");
        assertThrows(SharingViolationException.class, () -> v.delete("\\x"), "the old name is held");
        assertThrows(NotFoundException.class, () -> v.delete("\\x", t));
        assertThrows(AlreadyExistsException.class, () -> v.create("\\y", t));
        assertThrows(IllegalArgumentException.class, () -> v.rename("\\y", "\\Y", t));
        v.setAttributes("\\y", 0x1, t);
        assertEquals(0x1, v.attributes("\\y", t));
        Transaction other = s.tm().createTransaction();
        assertThrows(SharingViolationException.class, () -> v.create("\\y", other));
        other.rollback();
        t.rollback();
        assertTrue(v.exists("\\x") && !v.exists("\\y"), "rolled back");
        assertEquals(0, v.attributes("\\x"));
        Transaction t2 = s.tm().createTransaction();
        v.delete("\\x", t2);
        v.create("\\x", t2);
        v.append("\\x", b("new"), t2);
        t2.commit();
        assertArrayEquals(b("new"), v.read("\\x"));
        v.rename("\\x", "\\z");
        assertFalse(v.exists("\\x"));
        assertArrayEquals(b("new"), v.read("\\z"));
        assertThrows(NotFoundException.class, () -> v.attributes("\\x"));
    }
}
