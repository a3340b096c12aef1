package txstack.implementation.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import txstack.implementation.disk.CrashingDevice;
import txstack.implementation.disk.MemoryBlockDevice;

/**
 * Seeded random operations checked against a reference (STYLE: TestRandomMapOps): a directory's B+tree under inserts,
 * deletes and renames of names of every length (splits, freed nodes, root growth), and the crash workload run without
 * a crash against its model. Failures print seed and step.
 */
class DirectoryIndexTest {

    @Test
    void randomNamesAgainstASortedMap() {
        for (long seed = 1; seed <= 3; seed++) {
            FileSystem fs = FileSystem.format(FileSystemTest.garbageDevice(512, 16384, seed),
                    FileSystemTest.SMALL.withMetadataSectors(8192));
            SplittableRandom random = new SplittableRandom(seed);
            TreeMap<String, String> reference = new TreeMap<>();
            fs.createDirectory("\\d");
            for (int step = 0; step < 3000; step++) {
                String where = "seed=" + seed + " step=" + step;
                int length = 1 + random.nextInt(random.nextBoolean() ? 4 : 64);
                StringBuilder name = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    name.append((char) ('a' + random.nextInt(random.nextBoolean() ? 3 : 26)
                            - (random.nextInt(4) == 0 ? 32 : 0)));
                }
                String n = name.toString();
                String key = FileSystem.upcase(n);
                int action = random.nextInt(10);
                if (action < 6) {
                    if (reference.containsKey(key)) {
                        assertEquals(FsException.Kind.EXISTS, kindOf(() -> fs.createFile("\\d\\" + n)), where);
                    } else {
                        fs.createFile("\\d\\" + n);
                        reference.put(key, n);
                    }
                } else if (action < 9 && !reference.isEmpty()) {
                    Map.Entry<String, String> victim = reference.ceilingEntry(key);
                    victim = victim == null ? reference.firstEntry() : victim;
                    fs.delete("\\d\\" + victim.getValue().toLowerCase());
                    reference.remove(victim.getKey());
                } else if (!reference.isEmpty() && !reference.containsKey(key)) {
                    Map.Entry<String, String> moved = reference.firstEntry();
                    fs.rename("\\d\\" + moved.getValue(), "\\d\\" + n);
                    reference.remove(moved.getKey());
                    reference.put(key, n);
                }
                if (step % 500 == 499) {
                    assertEquals(new ArrayList<>(reference.values()), fs.list("\\d"), where);
                    assertTrue(fs.check().clean(), where + " " + fs.check().problems());
                }
            }
            assertEquals(new ArrayList<>(reference.values()), fs.list("\\d"));
            for (String n : new ArrayList<>(reference.values())) {
                fs.delete("\\d\\" + n);
            }
            fs.delete("\\d");
            assertTrue(fs.check().clean(), fs.check().problems().toString());
        }
    }

    private static FsException.Kind kindOf(Runnable op) {
        try {
            op.run();
        } catch (FsException e) {
            return e.kind();
        }
        return null;
    }

    @Test
    void workloadWithoutCrashEndsInItsModel() {
        for (long seed = 1; seed <= 10; seed++) {
            byte[] base = FsCrashTest.formatted(seed, FileSystemTest.SMALL);
            CrashingDevice device = new CrashingDevice(512, base, Long.MAX_VALUE);
            FsCrashTest.Model model = new FsCrashTest.Model();
            FsCrashTest.workload(seed, device, FileSystemTest.SMALL, "CORRECT", model,
                    new FsCrashTest.Model[] {new FsCrashTest.Model()}, new HashSet<>());
            device.powerOff();
            FileSystem fs = FileSystem.mount(MemoryBlockDevice.of(512, device.crashImage(new java.util.Random(seed))),
                    FileSystemTest.SMALL);
            for (String d : List.of("a", "b")) {
                List<String> expected = new ArrayList<>();
                model.dir.forEach((file, dir) -> {
                    if (dir.equals(d)) {
                        expected.add("f" + file);
                    }
                });
                expected.sort(String::compareTo);
                List<String> actual = new ArrayList<>(fs.list("\\" + d));
                actual.sort(String::compareTo);
                assertEquals(expected, actual, "seed=" + seed + " dir=" + d);
            }
            model.dir.forEach((file, dir) -> assertArrayEquals(model.content.get(file),
                    fs.read("\\" + dir + "\\f" + file, 0, 1 << 20), "file=" + file));
            assertTrue(fs.check().clean(), fs.check().problems().toString());
        }
    }
}
