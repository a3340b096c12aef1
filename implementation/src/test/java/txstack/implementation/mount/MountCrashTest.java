package txstack.implementation.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.disk.Rail;
import txstack.implementation.fs.FileSystem;

/**
 * Power losses at every device write or flush of short workloads (the {@link Rail} fixture: every device on one
 * supply, a write cut may land or not), then everything reopened on what the loss left:
 * <ul>
 *   <li>database updates (MNT-1): the database is as before or as after the operation in progress, so a letter is
 *   never on two volumes nor moved halfway;</li>
 *   <li>HSM (MNT-7): the file's data is in the file or in the offline store (or both), never neither, never other
 *   data; an offline file's key names a copy;</li>
 *   <li>file writes: once the volume arrives again the file holds its old data or its new, never a mix.</li>
 * </ul>
 * Every other HSM crash point also loses power a second time during the restart. Deliberately broken variants (a
 * database update written value by value outside a transaction; HSM emptying the file before the copy, deleting the
 * copy before the data is back, or removing the point before the data is back) must be caught. A failure prints the crash point and the replay command.
 */
class MountCrashTest {
    private static final VolumeId V1 = VolumeId.basic(1, 0);
    private static final VolumeId V2 = VolumeId.basic(2, 0);
    private static final VolumeId V3 = VolumeId.basic(3, 0);
    private static final byte[] DATA = "every byte of this file matters; ".repeat(40).getBytes(StandardCharsets.UTF_8);
    /** A file system for arrivals: the database workload never touches it. */
    private static final FileSystem SPARE = FileSystem.format(MemoryBlockDevice.create(512,
            MountStack.VOLUME_SECTORS), MountStack.FS_OPTIONS);

    @AfterAll
    static void closeSpare() {
        SPARE.close();
    }

    /** The database operations, in order; each one step (or none, if it fails). */
    private static final List<Consumer<MountManager>> DATABASE_OPS = List.of(
            m -> m.volumeArrives(V1, 'C', SPARE),
            m -> m.volumeArrives(V2, 'C', SPARE),
            m -> m.assignLetter(V1, 'E'),
            m -> m.assignLetter(V2, 'C'),
            m -> m.assignLetter(V1, 'C'), // fails: C is V2's now
            m -> m.removeLetter('E'),
            m -> m.volumeArrives(V3, 'D', SPARE),
            m -> m.assignLetter(V1, 'D'));

    // ---- the database ----

    @Test
    void aDatabaseUpdateIsAllOrNothingAtEveryCrashPoint() {
        byte[][] base = formattedDatabase();
        List<Map<VolumeId, MountManager.Entry>> states = databaseStates(base);
        Rail counting = new Rail(List.of(base), Long.MAX_VALUE, new Random(0));
        assertEquals(DATABASE_OPS.size(), databaseWorkload(counting, MountFault.CORRECT));
        long points = counting.operationCount();
        assertTrue(points > DATABASE_OPS.size(), "the workload writes: points=" + points);
        for (long crashAt = 0; crashAt < points; crashAt++) {
            String problem = databaseCrashProblem(base, states, crashAt, MountFault.CORRECT);
            if (problem != null) {
                fail(problem + " (crashAt=" + crashAt + "; replay: -Dtest=MountCrashTest#replayDatabase"
                        + " -Dtxstack.crashAt=" + crashAt + ")");
            }
        }
    }

    /**
     * The check bites: a manager writing each value of an update on its own leaves, at some crash point, a volume with
     * neither letter or a name without its letter.
     */
    @Test
    void aDatabaseUpdatedOutsideATransactionIsCaught() {
        byte[][] base = formattedDatabase();
        List<Map<VolumeId, MountManager.Entry>> states = databaseStates(base);
        MountFault fault = MountFault.DATABASE_OUTSIDE_TRANSACTION;
        Rail counting = new Rail(List.of(base), Long.MAX_VALUE, new Random(0));
        assertEquals(DATABASE_OPS.size(), databaseWorkload(counting, fault));
        boolean caught = false;
        for (long crashAt = 0; crashAt < counting.operationCount() && !caught; crashAt++) {
            caught = databaseCrashProblem(base, states, crashAt, fault) != null;
        }
        assertTrue(caught, "no crash point shows the database torn: fault=" + fault);
    }

    @Test
    void replayDatabase() {
        String crashAt = System.getProperty("txstack.crashAt");
        if (crashAt != null) {
            byte[][] base = formattedDatabase();
            String problem = databaseCrashProblem(base, databaseStates(base), Long.parseLong(crashAt),
                    MountFault.CORRECT);
            if (problem != null) {
                fail(problem + " (crashAt=" + crashAt + ")");
            }
        }
    }

    /** What the crash at {@code crashAt} broke, or null: the database as before or after the operation in progress. */
    private static String databaseCrashProblem(byte[][] base, List<Map<VolumeId, MountManager.Entry>> states,
            long crashAt, MountFault fault) {
        Random random = new Random(crashAt * 1_000_003 + 17);
        Rail rail = new Rail(List.of(base), crashAt, random);
        int done = databaseWorkload(rail, fault);
        byte[][] images = rail.crashImages(random).toArray(new byte[0][]);
        MountStack after = new MountStack(MemoryBlockDevice.of(512, images[0]), MemoryBlockDevice.of(512, images[1]),
                MemoryBlockDevice.of(512, images[2]));
        try {
            after.start(); // a letter on two volumes would fail here: CorruptMountDataException
        } catch (RuntimeException e) {
            return "the database does not reopen: " + e;
        }
        try {
            Map<VolumeId, MountManager.Entry> seen = after.mounts.entries();
            Map<Character, VolumeId> letters = new HashMap<>();
            for (Map.Entry<VolumeId, MountManager.Entry> e : seen.entrySet()) {
                if (e.getValue().hasLetter() && letters.put(e.getValue().letter(), e.getKey()) != null) {
                    return "a letter on two volumes: letter=" + e.getValue().letter();
                }
            }
            boolean allowed = seen.equals(states.get(done)) || (done < DATABASE_OPS.size()
                    && seen.equals(states.get(done + 1)));
            return allowed ? null : "database neither before nor after the operation in progress: opsDone=" + done
                    + " seen=" + seen + " before=" + states.get(done);
        } finally {
            after.close();
        }
    }

    private static byte[][] formattedDatabase() {
        MemoryBlockDevice hiveLog = MemoryBlockDevice.create(512, 256);
        MemoryBlockDevice hive = MemoryBlockDevice.create(512, 2048);
        MemoryBlockDevice tmLog = MemoryBlockDevice.create(512, 256);
        MountStack.format(hiveLog, hive, tmLog);
        return new byte[][] {hiveLog.image(), hive.image(), tmLog.image()};
    }

    /** The database after each operation, from a run without a crash. */
    private static List<Map<VolumeId, MountManager.Entry>> databaseStates(byte[][] base) {
        MountStack s = new MountStack(MemoryBlockDevice.of(512, base[0].clone()),
                MemoryBlockDevice.of(512, base[1].clone()), MemoryBlockDevice.of(512, base[2].clone())).start();
        List<Map<VolumeId, MountManager.Entry>> states = new ArrayList<>(List.of(s.mounts.entries()));
        for (Consumer<MountManager> op : DATABASE_OPS) {
            try {
                op.accept(s.mounts);
            } catch (MountException e) {
                // a failing operation takes no step
            }
            states.add(s.mounts.entries());
        }
        s.close();
        return states;
    }

    /** Runs the database operations on the rail until they end or the power fails; how many returned. */
    private static int databaseWorkload(Rail rail, MountFault fault) {
        int done = 0;
        try {
            MountStack s = new MountStack(rail.device(0), rail.device(1), rail.device(2)).start(fault);
            for (Consumer<MountManager> op : DATABASE_OPS) {
                try {
                    op.accept(s.mounts);
                } catch (MountException e) {
                    // a failing operation takes no step
                }
                done++;
            }
        } catch (RuntimeException e) {
            if (!rail.isDead()) {
                throw e;
            }
        }
        return done;
    }

    // ---- HSM ----

    @Test
    void hsmNeverLosesDataAtEveryCrashPoint() {
        byte[][] base = formattedHsm();
        long points = hsmPoints(base, MountFault.CORRECT);
        for (long crashAt = 0; crashAt < points; crashAt++) {
            String problem = hsmCrashProblem(base, crashAt, MountFault.CORRECT);
            if (problem != null) {
                fail(problem + " (crashAt=" + crashAt + "; replay: -Dtest=MountCrashTest#replayHsm -Dtxstack.crashAt="
                        + crashAt + ")");
            }
        }
    }

    /** The check bites: each broken HSM loses the data, or shows other data, at some crash point. */
    @Test
    void brokenHsmsAreCaught() {
        byte[][] base = formattedHsm();
        for (MountFault fault : List.of(MountFault.EMPTY_BEFORE_COPY, MountFault.DELETE_COPY_FIRST,
                MountFault.POINT_REMOVED_BEFORE_DATA_DURABLE)) {
            long points = hsmPoints(base, fault);
            boolean caught = false;
            for (long crashAt = 0; crashAt < points && !caught; crashAt++) {
                caught = hsmCrashProblem(base, crashAt, fault) != null;
            }
            assertTrue(caught, "no crash point shows the broken HSM losing data: fault=" + fault);
        }
    }

    private static long hsmPoints(byte[][] base, MountFault fault) {
        Rail counting = new Rail(List.of(base), Long.MAX_VALUE, new Random(0));
        hsmWorkload(counting, fault);
        assertTrue(!counting.isDead());
        return counting.operationCount();
    }

    @Test
    void replayHsm() {
        String crashAt = System.getProperty("txstack.crashAt");
        if (crashAt != null) {
            String problem = hsmCrashProblem(formattedHsm(), Long.parseLong(crashAt), MountFault.CORRECT);
            if (problem != null) {
                fail(problem + " (crashAt=" + crashAt + ")");
            }
        }
    }

    // ---- file writes ----

    /** The data a write replaces DATA with: longer, and other bytes at every offset. */
    private static final byte[] NEW_DATA = "a new version, written whole or not at all. ".repeat(50)
            .getBytes(StandardCharsets.UTF_8);

    /**
     * A file's data replaced through the mount layer is the old data or the new after a crash at any point, once the
     * volume has arrived again (its arrival finishes a write whose intent was durable): never a mix, never zeros.
     */
    @Test
    void aFileWriteIsWholeOrNotAtAllAtEveryCrashPoint() {
        byte[][] base = formattedHsm();
        Rail counting = new Rail(List.of(base), Long.MAX_VALUE, new Random(0));
        writeWorkload(counting);
        long points = counting.operationCount();
        assertTrue(points > 2, "the workload writes: points=" + points);
        for (long crashAt = 0; crashAt < points; crashAt++) {
            Random random = new Random(crashAt * 1_000_003 + 31);
            Rail rail = new Rail(List.of(base), crashAt, random);
            writeWorkload(rail);
            byte[][] images = rail.crashImages(random).toArray(new byte[0][]);
            MountStack s = new MountStack(MemoryBlockDevice.of(512, images[2]), MemoryBlockDevice.of(512, images[3]),
                    MemoryBlockDevice.of(512, images[4])).start();
            try (FileSystem system = FileSystem.mount(MemoryBlockDevice.of(512, images[0]), MountStack.FS_OPTIONS)) {
                s.mounts.volumeArrives(V1, 'C', system);
                byte[] data = s.mounts.paths().open("C:\\f").data();
                assertTrue(Arrays.equals(DATA, data) || Arrays.equals(NEW_DATA, data), "crashAt=" + crashAt
                        + ": the file shows neither its old nor its new data: length=" + data.length);
            } finally {
                s.close();
            }
        }
    }

    /** The system volume arrives and {@code \f} gets NEW_DATA; until the power fails. */
    private static void writeWorkload(Rail rail) {
        try {
            FileSystem system = FileSystem.mount(rail.device(0), MountStack.FS_OPTIONS);
            MountStack s = new MountStack(rail.device(2), rail.device(3), rail.device(4)).start();
            s.mounts.volumeArrives(V1, 'C', system);
            s.mounts.paths().writeFile("C:\\f", NEW_DATA);
        } catch (RuntimeException e) {
            if (!rail.isDead()) {
                throw e;
            }
        }
    }

    /** Devices: the system volume (with {@code \f} holding DATA), the tape volume, hive log, hive, TM log. */
    private static byte[][] formattedHsm() {
        MemoryBlockDevice system = MemoryBlockDevice.create(512, MountStack.VOLUME_SECTORS);
        MemoryBlockDevice tape = MemoryBlockDevice.create(512, MountStack.VOLUME_SECTORS);
        try (FileSystem fs = FileSystem.format(system, MountStack.FS_OPTIONS)) {
            fs.createFile("\\f");
            fs.write("\\f", 0, DATA);
        }
        try (FileSystem fs = FileSystem.format(tape, MountStack.FS_OPTIONS)) {
            OfflineStore.open(fs);
        }
        byte[][] db = formattedDatabase();
        return new byte[][] {system.image(), tape.image(), db[0], db[1], db[2]};
    }

    /** Migrate, recall by opening, migrate again, recall by writing the same data; until the power fails. */
    private static void hsmWorkload(Rail rail, MountFault fault) {
        try {
            FileSystem system = FileSystem.mount(rail.device(0), MountStack.FS_OPTIONS);
            FileSystem tape = FileSystem.mount(rail.device(1), MountStack.FS_OPTIONS);
            MountStack s = new MountStack(rail.device(2), rail.device(3), rail.device(4)).start(fault);
            s.mounts.volumeArrives(V1, 'C', system);
            Hsm hsm = new Hsm(s.mounts, OfflineStore.open(tape));
            hsm.migrateOffline("C:\\f");
            assertArrayEquals(DATA, s.mounts.paths().open("C:\\f").data());
            hsm.migrateOffline("C:\\f");
            s.mounts.paths().writeFile("C:\\f", DATA);
        } catch (RuntimeException e) {
            if (!rail.isDead()) {
                throw e;
            }
        }
    }

    /** What the crash at {@code crashAt} broke, or null: the data never in neither place, never other data. */
    private static String hsmCrashProblem(byte[][] base, long crashAt, MountFault fault) {
        Random random = new Random(crashAt * 1_000_003 + 29);
        Rail rail = new Rail(List.of(base), crashAt, random);
        hsmWorkload(rail, fault);
        byte[][] images = rail.crashImages(random).toArray(new byte[0][]);
        if (crashAt % 2 == 0) {
            images = crashDuringRecovery(images, random);
        }
        try (FileSystem system = FileSystem.mount(MemoryBlockDevice.of(512, images[0]), MountStack.FS_OPTIONS);
             FileSystem tape = FileSystem.mount(MemoryBlockDevice.of(512, images[1]), MountStack.FS_OPTIONS)) {
            OfflineStore store = OfflineStore.open(tape);
            for (String key : store.keys()) {
                if (!Arrays.equals(DATA, store.get(key).orElseThrow())) {
                    return "a copy of other data: key=" + key;
                }
            }
            int tag = system.stat("\\f").reparseTag();
            if (tag == ReparseTags.HSM) {
                String key = MountPaths.decodeUtf16(system.reparsePoint("\\f").data());
                return store.get(key).isPresent() ? null : "offline and its copy is gone: key=" + key + " keys="
                        + store.keys();
            }
            if (tag != 0) {
                return "another reparse point: tag=" + ReparseTags.hex(tag);
            }
            byte[] data = system.read("\\f", 0, (int) system.stat("\\f").size());
            return Arrays.equals(DATA, data) ? null : "an online file shows other data: length=" + data.length;
        } catch (RuntimeException e) {
            return "reopening after the crash failed: " + e;
        }
    }

    /**
     * A second power loss, at a seeded point of the restart: the file systems recover, the offline store deletes the
     * copies left half written. What that leaves must hold the same rules.
     */
    private static byte[][] crashDuringRecovery(byte[][] images, Random random) {
        Rail counting = new Rail(List.of(images), Long.MAX_VALUE, new Random(0));
        restart(counting);
        Rail rail = new Rail(List.of(images), random.nextLong(counting.operationCount() + 1), random);
        restart(rail);
        return rail.crashImages(random).toArray(new byte[0][]);
    }

    private static void restart(Rail rail) {
        try {
            FileSystem.mount(rail.device(0), MountStack.FS_OPTIONS);
            OfflineStore.open(FileSystem.mount(rail.device(1), MountStack.FS_OPTIONS));
        } catch (RuntimeException e) {
            if (!rail.isDead()) {
                throw e;
            }
        }
    }
}
