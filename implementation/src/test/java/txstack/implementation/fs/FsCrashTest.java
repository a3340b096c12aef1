package txstack.implementation.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.CrashingDevice;
import txstack.implementation.disk.MemoryBlockDevice;

/**
 * Crashes a seeded workload (creates, writes, size changes, renames between two directories, deletes, reparse points,
 * times, flushes) at a random device write, on a volume formatted over garbage, then (for half the seeds) crashes the
 * recovery too, and checks what the contract promises: the volume mounts and fsck is clean; no name is in both
 * directories; no file shows a byte never written to it (file {@code fI} is only ever written with the byte {@code
 * I + 1}); no reparse point is torn; every file untouched since the last completed {@code flushVolume()} is there with
 * its content then. Replay one seed with {@code -Dtest=FsCrashTest#replay -Dtxstack.seed=N}.
 */
class FsCrashTest {
    static final int FILES = 12;
    static final int OPS = 120;

    /** The model of the workload: per file its directory ("a" or "b", null if absent) and content. */
    static final class Model {
        final Map<Integer, String> dir = new HashMap<>();
        final Map<Integer, byte[]> content = new HashMap<>();

        Model copy() {
            Model m = new Model();
            m.dir.putAll(dir);
            content.forEach((k, v) -> m.content.put(k, v.clone()));
            return m;
        }
    }

    static byte[] formatted(long seed, FsOptions options) {
        return formatted(seed, options, 512);
    }

    /** A volume of 2 MiB (512-byte sectors) or 4 MiB (4096-byte sectors) formatted over garbage, with \a and \b. */
    static byte[] formatted(long seed, FsOptions options, int sectorSize) {
        byte[] image = new byte[sectorSize == 512 ? 512 * 4096 : 4096 * 1024];
        new Random(seed).nextBytes(image);
        MemoryBlockDevice device = MemoryBlockDevice.of(sectorSize, image);
        FileSystem fs = FileSystem.format(device, options);
        fs.createDirectory("\\a");
        fs.createDirectory("\\b");
        fs.close();
        return device.image();
    }

    @Test
    void crashesAtManyPoints() {
        for (long seed = 1; seed <= 100; seed++) {
            run(seed, "CORRECT");
        }
    }

    @Test
    void crashesAtManyPointsOn4KibSectors() {
        for (long seed = 1; seed <= 20; seed++) {
            run(seed, "CORRECT", 4096);
        }
    }

    @Test
    void replay() {
        String seed = System.getProperty("txstack.seed");
        if (seed != null) {
            run(Long.parseLong(seed), "CORRECT");
        }
    }

    /** Runs one seed; returns the problem found, or fails the test if {@code variant} is CORRECT. */
    static String run(long seed, String variant) {
        return run(seed, variant, 512);
    }

    static String run(long seed, String variant, int sectorSize) {
        FsOptions options = sectorSize == 512 ? FileSystemTest.SMALL : FileSystemTest.SMALL.withClusterBytes(4096);
        byte[] base = formatted(seed, options, sectorSize);
        long writes = countWrites(seed, base, options, variant, sectorSize);
        SplittableRandom random = new SplittableRandom(seed);
        long crashAt = random.nextLong(Math.max(1, writes));
        CrashingDevice device = new CrashingDevice(sectorSize, base, crashAt);
        Set<Integer> touched = new HashSet<>();
        Model[] flushed = {new Model()};
        Model model = new Model();
        int step = workload(seed, device, options, variant, model, flushed, touched);
        byte[] image = device.crashImage(new Random(seed));
        if (seed % 2 == 0) {
            CrashingDevice again = new CrashingDevice(sectorSize, image, random.nextLong(200));
            try {
                FileSystem.mount(again, options).close();
            } catch (CrashingDevice.PowerLoss e) {
                // The crash during recovery.
            }
            image = again.isDead() ? again.crashImage(new Random(seed + 1)) : image;
        }
        String where = " (seed=" + seed + " variant=" + variant + " sectorSize=" + sectorSize + " crashAt=" + crashAt
                + " step=" + step + ")";
        String problem = check(MemoryBlockDevice.of(sectorSize, image), options, flushed[0], touched);
        if (problem != null && variant.equals("CORRECT")) {
            fail(problem + where);
        }
        return problem == null ? null : problem + where;
    }

    private static long countWrites(long seed, byte[] base, FsOptions options, String variant, int sectorSize) {
        CrashingDevice device = new CrashingDevice(sectorSize, base, Long.MAX_VALUE);
        workload(seed, device, options, variant, new Model(), new Model[] {new Model()}, new HashSet<>());
        return device.writeCount();
    }

    static FileSystem mount(BlockDevice device, FsOptions options, String variant) {
        return BrokenFileSystems.mountAny(device, options, variant);
    }

    /** Runs the workload until it ends or power is lost; returns the step it reached. */
    static int workload(long seed, CrashingDevice device, FsOptions options, String variant, Model model,
                        Model[] flushed, Set<Integer> touched) {
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        int step = 0;
        try {
            FileSystem fs = mount(device, options, variant);
            for (; step < OPS; step++) {
                int file = random.nextInt(FILES);
                String dir = model.dir.get(file);
                String path = "\\" + dir + "\\f" + file;
                int action = random.nextInt(10);
                touched.add(file);
                if (Boolean.getBoolean("txstack.trace")) {
                    System.err.println("step=" + step + " file=" + file + " dir=" + dir + " action=" + action
                            + " writes=" + device.writeCount());
                }
                if (dir == null) {
                    String d = random.nextBoolean() ? "a" : "b";
                    fs.createFile("\\" + d + "\\f" + file);
                    model.dir.put(file, d);
                    model.content.put(file, new byte[0]);
                } else if (action < 4) {
                    int offset = random.nextInt(3000);
                    byte[] bytes = new byte[1 + random.nextInt(1500)];
                    Arrays.fill(bytes, (byte) (file + 1));
                    fs.write(path, offset, bytes);
                    byte[] old = model.content.get(file);
                    byte[] now = Arrays.copyOf(old, Math.max(old.length, offset + bytes.length));
                    System.arraycopy(bytes, 0, now, offset, bytes.length);
                    model.content.put(file, now);
                } else if (action == 4) {
                    int size = random.nextInt(4000);
                    fs.setSize(path, size);
                    model.content.put(file, Arrays.copyOf(model.content.get(file), size));
                } else if (action == 5) {
                    String other = dir.equals("a") ? "b" : "a";
                    fs.rename(path, "\\" + other + "\\f" + file);
                    model.dir.put(file, other);
                } else if (action == 6) {
                    fs.delete(path);
                    model.dir.remove(file);
                    model.content.remove(file);
                } else if (action == 7) {
                    fs.flush(path);
                } else if (action == 9) {
                    // A reparse point whose every byte and tag name the file: half of one would show.
                    byte[] data = new byte[random.nextInt(3000)];
                    Arrays.fill(data, (byte) (file + 1));
                    fs.setReparsePoint(path, file + 1, data);
                    fs.setTimes(path, step, -step);
                } else {
                    fs.flushVolume();
                    flushed[0] = model.copy();
                    touched.clear();
                }
            }
            fs.close();
            flushed[0] = model.copy();
            touched.clear();
        } catch (CrashingDevice.PowerLoss e) {
            return step;
        }
        return step;
    }

    /** The contract's checks on the crashed volume; null if it passes. */
    static String check(MemoryBlockDevice device, FsOptions options, Model flushed, Set<Integer> touched) {
        FileSystem fs = FileSystem.mount(device, options);
        FsckReport report = fs.check();
        if (!report.clean()) {
            return "fsck: " + report.problems();
        }
        List<String> a = fs.list("\\a");
        List<String> b = fs.list("\\b");
        for (String name : a) {
            if (b.stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
                return "name in both directories: " + name;
            }
        }
        for (String d : List.of("a", "b")) {
            for (String name : fs.list("\\" + d)) {
                int file = Integer.parseInt(name.substring(1));
                FileInfo info = fs.stat("\\" + d + "\\" + name);
                if (info.reparseTag() != 0) {
                    byte[] data = fs.reparsePoint("\\" + d + "\\" + name).data();
                    for (byte x : data) {
                        if (info.reparseTag() != file + 1 || x != file + 1) {
                            return "torn reparse point: file=" + name + " tag=" + info.reparseTag();
                        }
                    }
                }
                byte[] bytes = fs.read("\\" + d + "\\" + name, 0, 1 << 20);
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] != 0 && bytes[i] != file + 1) {
                        return "foreign byte: file=" + name + " offset=" + i + " value=" + bytes[i];
                    }
                }
            }
        }
        for (Map.Entry<Integer, String> e : flushed.dir.entrySet()) {
            if (touched.contains(e.getKey())) {
                continue;
            }
            String path = "\\" + e.getValue() + "\\f" + e.getKey();
            byte[] expected = flushed.content.get(e.getKey());
            try {
                byte[] actual = fs.read(path, 0, 1 << 20);
                if (!Arrays.equals(expected, actual)) {
                    int at = Arrays.mismatch(expected, actual);
                    return "flushed file changed: path=" + path + " expectedBytes=" + expected.length
                            + " actualBytes=" + actual.length + " firstDifference=" + at + " expected="
                            + (at < expected.length ? expected[at] : -1) + " actual="
                            + (at < actual.length ? actual[at] : -1);
                }
            } catch (NotFoundException ex) {
                return "flushed file lost: path=" + path;
            }
        }
        fs.close();
        return null;
    }

    @Test
    void flushedDataAndNamesSurviveACrashRightAfterTheFlush() {
        byte[] base = formatted(99, FileSystemTest.SMALL);
        CrashingDevice device = new CrashingDevice(512, base, Long.MAX_VALUE);
        FileSystem fs = FileSystem.mount(device, FileSystemTest.SMALL);
        fs.createFile("\\a\\f1");
        byte[] bytes = new byte[3000];
        Arrays.fill(bytes, (byte) 2);
        fs.write("\\a\\f1", 100, bytes);
        fs.flush("\\a\\f1");
        fs.createFile("\\a\\f2");
        fs.write("\\a\\f2", 0, bytes);
        device.powerOff();
        MemoryBlockDevice crashed = MemoryBlockDevice.of(512, device.crashImage(new Random(1)));
        FileSystem after = FileSystem.mount(crashed, FileSystemTest.SMALL);
        byte[] expected = new byte[3100];
        Arrays.fill(expected, 100, 3100, (byte) 2);
        assertArrayEquals(expected, after.read("\\a\\f1", 0, 5000));
        assertTrue(after.check().clean(), after.check().problems().toString());
        assertEquals("f1", after.list("\\a").getFirst());
    }
}
