package txstack.implementation.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.CrashingDevice;
import txstack.implementation.disk.ForwardingDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.disk.UnreadableSectorException;

/** Each broken variant misbehaves in a direct test where the real file system does not (STYLE 10). */
class FsBrokenVariantsTest {
    private static final FsOptions OPTIONS = FileSystemTest.SMALL;

    @Test
    void fixtureNamesEveryVariantAndRefusesOthers() {
        assertEquals(List.of("REUSE_FREED_EARLY", "RENAME_NOT_ATOMIC", "INDEX_SPLIT_PARTIAL", "EXPOSE_UNWRITTEN",
                "UNREADABLE_AS_ZEROS"),
                BrokenFileSystems.names());
        for (String name : BrokenFileSystems.names()) {
            MemoryBlockDevice device = FileSystemTest.garbageDevice(512, 4096, 1);
            BrokenFileSystems.format(device, OPTIONS, name).close();
            BrokenFileSystems.mount(device, OPTIONS, name).close();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrokenFileSystems.format(MemoryBlockDevice.create(512, 4096), OPTIONS, "CORRECT"));
        assertTrue(e.getMessage().contains("EXPOSE_UNWRITTEN"), e.getMessage());
    }

    /** Delete A unflushed, B takes A's cluster and B's data lands: after the crash A is back with B's bytes. */
    private static boolean reuseShowsForeignBytes(String variant) {
        byte[] base = FsCrashTest.formatted(11, OPTIONS);
        for (int attempt = 0; attempt < 20; attempt++) {
            CrashingDevice device = new CrashingDevice(512, base, Long.MAX_VALUE);
            FileSystem fs = FsCrashTest.mount(device, OPTIONS, variant);
            byte[] ones = new byte[512];
            Arrays.fill(ones, (byte) 1);
            fs.createFile("\\a\\A");
            fs.write("\\a\\A", 0, ones);
            fs.flushVolume();
            fs.delete("\\a\\A");
            fs.createFile("\\a\\B");
            byte[] twos = new byte[512];
            Arrays.fill(twos, (byte) 2);
            fs.write("\\a\\B", 0, twos);
            device.powerOff();
            FileSystem after = FileSystem.mount(MemoryBlockDevice.of(512, device.crashImage(new Random(attempt))),
                    OPTIONS);
            if (after.list("\\a").contains("A") && !Arrays.equals(ones, after.read("\\a\\A", 0, 512))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void reuseFreedEarlyShowsAnotherFilesBytes() {
        assertTrue(reuseShowsForeignBytes("REUSE_FREED_EARLY"));
        assertFalse(reuseShowsForeignBytes("CORRECT"));
    }

    private static List<List<String>> renameThenCrash(String variant) {
        byte[] base = FsCrashTest.formatted(12, OPTIONS);
        CrashingDevice device = new CrashingDevice(512, base, Long.MAX_VALUE);
        FileSystem fs = FsCrashTest.mount(device, OPTIONS, variant);
        fs.createFile("\\a\\x");
        fs.flushVolume();
        fs.rename("\\a\\x", "\\b\\x");
        device.powerOff();
        FileSystem after = FileSystem.mount(MemoryBlockDevice.of(512, device.crashImage(new Random(1))), OPTIONS);
        return List.of(after.list("\\a"), after.list("\\b"), after.check().problems());
    }

    @Test
    void renameNotAtomicLeavesTheNameInBothDirectories() {
        List<List<String>> broken = renameThenCrash("RENAME_NOT_ATOMIC");
        assertEquals(List.of("x"), broken.get(0));
        assertEquals(List.of("x"), broken.get(1));
        assertFalse(broken.get(2).isEmpty(), "fsck finds the record reached twice");
        List<List<String>> correct = renameThenCrash("CORRECT");
        assertEquals(1, correct.get(0).size() + correct.get(1).size());
        assertTrue(correct.get(2).isEmpty(), correct.get(2).toString());
    }

    /** Creates names until one create splits an index node, then crashes; returns fsck's problems and lost names. */
    private static List<String> splitThenCrash(String variant) {
        byte[] base = FsCrashTest.formatted(13, OPTIONS);
        CrashingDevice device = new CrashingDevice(512, base, Long.MAX_VALUE);
        FileSystem fs = FsCrashTest.mount(device, OPTIONS, variant);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int before = fs.blockUsed.cardinality();
            String name = "name" + (1000 + i);
            fs.createFile("\\a\\" + name);
            if (fs.blockUsed.cardinality() - before > 1) {
                break;
            }
            names.add(name);
            fs.flushVolume();
        }
        device.powerOff();
        FileSystem after = FileSystem.mount(MemoryBlockDevice.of(512, device.crashImage(new Random(1))), OPTIONS);
        List<String> problems = new ArrayList<>(after.check().problems());
        List<String> listed = after.list("\\a");
        for (String name : names) {
            if (!listed.contains(name)) {
                problems.add("lost name=" + name);
            }
        }
        return problems;
    }

    @Test
    void indexSplitPartialLosesEntries() {
        assertFalse(splitThenCrash("INDEX_SPLIT_PARTIAL").isEmpty());
        assertEquals(List.of(), splitThenCrash("CORRECT"));
    }

    private static byte[] extendAndRead(String variant) {
        MemoryBlockDevice device = FileSystemTest.garbageDevice(512, 4096, 14);
        FileSystem fs = "CORRECT".equals(variant) ? FileSystem.format(device, OPTIONS)
                : BrokenFileSystems.format(device, OPTIONS, variant);
        fs.createFile("\\f");
        fs.setSize("\\f", 2048);
        fs.write("\\f", 3000, new byte[] {1});
        return fs.read("\\f", 0, 3001);
    }

    @Test
    void exposeUnwrittenShowsWhatTheClustersHeld() {
        byte[] broken = extendAndRead("EXPOSE_UNWRITTEN");
        assertNotNull(broken);
        assertFalse(Arrays.equals(new byte[3000], Arrays.copyOf(broken, 3000)), "garbage exposed");
        byte[] expected = new byte[3001];
        expected[3000] = 1;
        assertArrayEquals(expected, extendAndRead("CORRECT"));
    }

    /** Reads {@code \f}'s second sector after the device sector holding it became unreadable. */
    private static byte[] readThroughAnUnreadableSector(String variant) {
        MemoryBlockDevice memory = FileSystemTest.garbageDevice(512, 4096, 2);
        byte[] data = new byte[1024];
        Arrays.fill(data, 512, 1024, (byte) 0x5A);
        try (FileSystem fs = "CORRECT".equals(variant) ? FileSystem.format(memory, OPTIONS)
                : BrokenFileSystems.format(memory, OPTIONS, variant)) {
            fs.createFile("\\f");
            fs.write("\\f", 0, data);
            fs.flushVolume();
        }
        byte[] image = memory.image();
        long holder = -1;
        for (int s = 0; s < image.length / 512 && holder < 0; s++) {
            if (Arrays.equals(image, s * 512, s * 512 + 512, data, 512, 1024)) {
                holder = s;
            }
        }
        assertTrue(holder >= 0, "the file's data is not on the device as written");
        long unreadable = holder;
        BlockDevice damaged = new ForwardingDevice(memory) {
            @Override
            public void read(long firstSector, ByteBuffer dst) {
                if (firstSector <= unreadable && unreadable < firstSector + dst.remaining() / 512) {
                    throw new UnreadableSectorException("test: sector unreadable", unreadable);
                }
                super.read(firstSector, dst);
            }
        };
        try (FileSystem fs = BrokenFileSystems.mountAny(damaged, OPTIONS, variant)) {
            return fs.read("\\f", 512, 512);
        }
    }

    @Test
    void unreadableAsZerosReadsZerosWhereTheRealOneFails() {
        assertArrayEquals(new byte[512], readThroughAnUnreadableSector("UNREADABLE_AS_ZEROS"));
        assertThrows(UnreadableSectorException.class, () -> readThroughAnUnreadableSector("CORRECT"));
    }

    @Test
    void randomCrashWorkloadCatchesTheDataVariants() {
        for (String variant : List.of("REUSE_FREED_EARLY", "EXPOSE_UNWRITTEN")) {
            String caught = null;
            for (long seed = 1; seed <= 60 && caught == null; seed++) {
                caught = FsCrashTest.run(seed, variant);
            }
            assertNotNull(caught, variant + " not caught");
        }
    }
}
