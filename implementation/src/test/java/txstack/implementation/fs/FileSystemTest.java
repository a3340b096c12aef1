package txstack.implementation.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import txstack.implementation.disk.MemoryBlockDevice;

/** The file system's API: effects, and every error kind of the contract in its order. */
class FileSystemTest {
    /** The small suite device: 512-byte sectors, 2 MiB. */
    static final FsOptions SMALL = FsOptions.defaults().withClusterBytes(512).withBlockBytes(1024)
            .withNameLengthMax(64).withCachePagesMax(32);

    static MemoryBlockDevice garbageDevice(int sectorSize, int sectors, long seed) {
        byte[] image = new byte[sectorSize * sectors];
        new Random(seed).nextBytes(image);
        return MemoryBlockDevice.of(sectorSize, image);
    }

    static FileSystem small() {
        return FileSystem.format(garbageDevice(512, 4096, 1), SMALL);
    }

    private static void assertKind(FsException.Kind kind, Runnable op) {
        FsException e = assertThrows(FsException.class, op::run);
        assertEquals(kind, e.kind(), e.getMessage());
    }

    @Test
    void createListStatAndMount() {
        MemoryBlockDevice device = garbageDevice(512, 4096, 2);
        FileSystem fs = FileSystem.format(device, SMALL);
        fs.createDirectory("\\docs");
        fs.createFile("\\docs\\B.txt");
        fs.createFile("\\docs\\a.txt");
        fs.write("\\docs\\a.txt", 0, "hello".getBytes());
        assertEquals(List.of("a.txt", "B.txt"), fs.list("\\docs"));
        assertEquals(new FileInfo(false, 5, 0, 0, 0, 0), fs.stat("\\docs\\A.TXT"));
        assertEquals(new FileInfo(true, 0, 0, 0, 0, 0), fs.stat("\\"));
        fs.setTimes("\\docs", 7, 8);
        fs.setAttributes("\\docs\\a.txt", 0x20);
        fs.close();
        FileSystem again = FileSystem.mount(device, SMALL);
        assertEquals("hello", new String(again.read("\\docs\\a.txt", 0, 100)));
        assertEquals(new FileInfo(true, 0, 7, 8, 0, 0), again.stat("\\docs"));
        assertEquals(0x20, again.stat("\\docs\\a.txt").attributes());
        assertTrue(again.check().clean(), again.check().problems().toString());
    }

    @Test
    void dataGapsAndTruncationReadZerosNeverGarbage() {
        FileSystem fs = small();
        fs.createFile("\\f");
        fs.write("\\f", 3000, new byte[] {9});
        byte[] all = fs.read("\\f", 0, 5000);
        assertEquals(3001, all.length);
        for (int i = 0; i < 3000; i++) {
            assertEquals(0, all[i], "byte " + i);
        }
        assertEquals(9, all[3000]);
        fs.setSize("\\f", 10);
        fs.setSize("\\f", 4000);
        byte[] extended = fs.read("\\f", 0, 4000);
        assertArrayEquals(new byte[4000], extended);
        fs.write("\\f", 1, new byte[] {1, 2});
        assertArrayEquals(new byte[] {0, 1, 2, 0}, fs.read("\\f", 0, 4));
        assertEquals(0, fs.read("\\f", 4000, 10).length);
        assertTrue(fs.check().clean(), fs.check().problems().toString());
    }

    @Test
    void renameMovesAndChangesSpelling() {
        FileSystem fs = small();
        fs.createDirectory("\\a");
        fs.createDirectory("\\b");
        fs.createFile("\\a\\x");
        fs.write("\\a\\x", 0, new byte[] {5});
        fs.rename("\\a\\x", "\\b\\y");
        assertEquals(List.of(), fs.list("\\a"));
        assertEquals(List.of("y"), fs.list("\\b"));
        fs.rename("\\b\\y", "\\b\\Y");
        assertEquals(List.of("Y"), fs.list("\\b"));
        assertArrayEquals(new byte[] {5}, fs.read("\\b\\y", 0, 1));
        fs.rename("\\a", "\\b\\a2");
        assertEquals(List.of("a2", "Y"), fs.list("\\b"));
        assertTrue(fs.check().clean(), fs.check().problems().toString());
    }

    @Test
    void errorsInTheContractsOrder() {
        FileSystem fs = small();
        fs.createDirectory("\\d");
        fs.createFile("\\d\\f");
        fs.createDirectory("\\r");
        fs.setReparsePoint("\\r", 0x1234, new byte[] {1, 2, 3});
        String longName = "n".repeat(65);
        assertKind(FsException.Kind.INVALID_NAME, () -> fs.createFile("x"));
        assertKind(FsException.Kind.INVALID_NAME, () -> fs.createFile("\\d\\"));
        assertKind(FsException.Kind.INVALID_NAME, () -> fs.createFile("\\d\\\\e"));
        assertKind(FsException.Kind.INVALID_NAME, () -> fs.createFile("\\a:b"));
        assertKind(FsException.Kind.INVALID_NAME, () -> fs.createFile("\\.."));
        assertKind(FsException.Kind.INVALID_NAME, () -> fs.createFile("\\" + longName + "\\a*"));
        assertKind(FsException.Kind.NAME_TOO_LONG, () -> fs.createFile("\\" + longName));
        assertKind(FsException.Kind.NOT_FOUND, () -> fs.createFile("\\nope\\x"));
        assertKind(FsException.Kind.NOT_A_DIRECTORY, () -> fs.createFile("\\d\\f\\x"));
        ReparseException reparse = assertThrows(ReparseException.class, () -> fs.createFile("\\r\\x\\y"));
        assertEquals(0x1234, reparse.tag());
        assertArrayEquals(new byte[] {1, 2, 3}, reparse.data());
        assertEquals(List.of("x", "y"), reparse.remainingPath());
        assertKind(FsException.Kind.EXISTS, () -> fs.createFile("\\D\\F"));
        assertKind(FsException.Kind.EXISTS, () -> fs.createDirectory("\\"));
        assertKind(FsException.Kind.INVALID_NAME, () -> fs.delete("\\"));
        assertKind(FsException.Kind.NOT_FOUND, () -> fs.delete("\\zz"));
        assertKind(FsException.Kind.NOT_EMPTY, () -> fs.delete("\\d"));
        assertKind(FsException.Kind.INVALID_NAME, () -> fs.rename("\\", "\\q"));
        assertKind(FsException.Kind.NOT_FOUND, () -> fs.rename("\\zz", "\\q"));
        assertKind(FsException.Kind.INVALID_NAME, () -> fs.rename("\\d", "\\d\\sub"));
        assertKind(FsException.Kind.EXISTS, () -> fs.rename("\\d", "\\r"));
        assertKind(FsException.Kind.NOT_FOUND, () -> fs.write("\\zz", 0, new byte[1]));
        assertKind(FsException.Kind.IS_A_DIRECTORY, () -> fs.write("\\d", 0, new byte[1]));
        assertKind(FsException.Kind.INVALID_ARGUMENT, () -> fs.write("\\d\\f", -1, new byte[1]));
        assertKind(FsException.Kind.FILE_TOO_LARGE, () -> fs.write("\\d\\f", fs.fileSizeMax(), new byte[1]));
        assertKind(FsException.Kind.INVALID_ARGUMENT, () -> fs.setSize("\\d\\f", -1));
        assertKind(FsException.Kind.FILE_TOO_LARGE, () -> fs.setSize("\\d\\f", fs.fileSizeMax() + 1));
        assertKind(FsException.Kind.INVALID_ARGUMENT, () -> fs.read("\\d\\f", 0, -1));
        assertKind(FsException.Kind.IS_A_DIRECTORY, () -> fs.read("\\d", 0, 1));
        assertKind(FsException.Kind.NOT_A_DIRECTORY, () -> fs.list("\\d\\f"));
        assertKind(FsException.Kind.NOT_FOUND, () -> fs.stat("\\zz"));
        assertKind(FsException.Kind.INVALID_ARGUMENT, () -> fs.setAttributes("\\d", 0x10000));
        assertKind(FsException.Kind.INVALID_ARGUMENT, () -> fs.setReparsePoint("\\d", 0, new byte[0]));
        assertKind(FsException.Kind.REPARSE_DATA_TOO_LARGE, () -> fs.setReparsePoint("\\d", 1, new byte[16385]));
        assertKind(FsException.Kind.NOT_EMPTY, () -> fs.setReparsePoint("\\d", 1, new byte[0]));
        assertKind(FsException.Kind.NOT_A_REPARSE_POINT, () -> fs.reparsePoint("\\d"));
        assertKind(FsException.Kind.NOT_A_REPARSE_POINT, () -> fs.deleteReparsePoint("\\d\\f"));
        assertKind(FsException.Kind.NOT_FOUND, () -> fs.flush("\\zz"));
        // The last component is never reparsed: the operation acts on the reparse point's node.
        assertEquals(0x1234, fs.stat("\\r").reparseTag());
        assertTrue(fs.check().clean(), fs.check().problems().toString());
    }

    /**
     * A tag with the directory bit (28) may be set on a directory with entries; what is below it is then reached only
     * by {@code nodes()}, which passes through reparse points as a checker does, while a path through it reparses.
     */
    @Test
    void aDirectoryTagGoesOnADirectoryWithEntriesAndNodesListWhatIsBelowIt() {
        FileSystem fs = FileSystem.format(garbageDevice(512, 4096, 6), SMALL);
        fs.createDirectory("\\d");
        fs.createFile("\\d\\f");
        fs.write("\\d\\f", 0, new byte[] {7, 8});
        assertKind(FsException.Kind.NOT_EMPTY, () -> fs.setReparsePoint("\\d", 0x80000017, new byte[0]));
        fs.setReparsePoint("\\d", FileSystem.DIRECTORY_TAG_BIT | 0x80000017, new byte[] {1});
        assertThrows(ReparseException.class, () -> fs.stat("\\d\\f"));
        List<FileSystem.Node> nodes = fs.nodes();
        assertEquals(List.of("\\", "\\d", "\\d\\f"), nodes.stream().map(FileSystem.Node::path).toList());
        assertEquals(0x90000017, nodes.get(1).reparse().tag());
        assertArrayEquals(new byte[] {7, 8}, nodes.get(2).data());
        assertEquals(2, nodes.get(2).info().size());
        assertTrue(fs.check().clean(), fs.check().problems().toString());
    }

    @Test
    void reparsePointsOfFullSizeSurviveRemount() {
        MemoryBlockDevice device = garbageDevice(512, 4096, 3);
        FileSystem fs = FileSystem.format(device, SMALL);
        fs.createFile("\\link");
        byte[] data = new byte[16384];
        new Random(4).nextBytes(data);
        fs.setReparsePoint("\\link", 7, data);
        fs.setReparsePoint("\\link", 8, new byte[] {1});
        fs.setReparsePoint("\\link", 9, data);
        fs.close();
        FileSystem again = FileSystem.mount(device, SMALL);
        ReparsePoint p = again.reparsePoint("\\link");
        assertEquals(9, p.tag());
        assertArrayEquals(data, p.data());
        again.deleteReparsePoint("\\link");
        assertEquals(0, again.stat("\\link").reparseTag());
        assertTrue(again.check().clean(), again.check().problems().toString());
    }

    @Test
    void fiveThousandEntriesInOneDirectory() {
        FileSystem fs = FileSystem.format(garbageDevice(512, 32768, 5), SMALL.withMetadataSectors(16384));
        fs.createDirectory("\\big");
        List<String> names = new ArrayList<>();
        Random random = new Random(6);
        for (int i = 0; i < 5000; i++) {
            String name = "f" + Integer.toString(random.nextInt(1 << 30), 36) + "_" + i;
            names.add(name);
            fs.createFile("\\big\\" + name);
        }
        List<String> sorted = new ArrayList<>(names);
        sorted.sort((x, y) -> FileSystem.upcase(x).compareTo(FileSystem.upcase(y)));
        assertEquals(sorted, fs.list("\\big"));
        for (int i = 0; i < 5000; i += 97) {
            assertFalse(fs.stat("\\big\\" + names.get(i).toUpperCase()).directory());
        }
        for (int i = 0; i < 5000; i += 2) {
            fs.delete("\\big\\" + names.get(i));
        }
        List<String> left = new ArrayList<>();
        for (int i = 1; i < 5000; i += 2) {
            left.add(names.get(i));
        }
        left.sort((x, y) -> FileSystem.upcase(x).compareTo(FileSystem.upcase(y)));
        assertEquals(left, fs.list("\\big"));
        assertTrue(fs.check().clean(), fs.check().problems().toString());
        for (int i = 1; i < 5000; i += 2) {
            fs.delete("\\big\\" + names.get(i));
        }
        fs.delete("\\big");
        assertTrue(fs.check().clean(), fs.check().problems().toString());
    }

    @Test
    void largeFileWriteReadTruncate() {
        MemoryBlockDevice device = garbageDevice(512, 32768, 7);
        FileSystem fs = FileSystem.format(device, FsOptions.defaults());
        fs.createFile("\\large");
        byte[] data = new byte[5 << 20];
        new Random(8).nextBytes(data);
        for (int off = 0; off < data.length; off += 300_001) {
            fs.write("\\large", off, java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + 300_001)));
        }
        assertArrayEquals(data, fs.read("\\large", 0, data.length));
        fs.setSize("\\large", 1_000_003);
        assertEquals(1_000_003, fs.stat("\\large").size());
        fs.close();
        FileSystem again = FileSystem.mount(device, FsOptions.defaults());
        assertArrayEquals(java.util.Arrays.copyOf(data, 1_000_003), again.read("\\large", 0, data.length));
        assertTrue(again.check().clean(), again.check().problems().toString());
    }

    @Test
    void diskFullChangesNothing() {
        FileSystem fs = small();
        fs.createFile("\\f");
        fs.createFile("\\g");
        fs.write("\\g", 0, new byte[1]);
        assertKind(FsException.Kind.DISK_FULL, () -> fs.setSize("\\f", fs.fileSizeMax()));
        assertEquals(0, fs.stat("\\f").size());
        assertTrue(fs.check().clean(), fs.check().problems().toString());
        fs.setSize("\\f", 4096);
        assertEquals(4096, fs.stat("\\f").size());
    }

    @Test
    void quarantinedClustersAreReleasedWhenTheDiskRunsShort() {
        FileSystem fs = small();
        fs.createFile("\\a");
        long most = fs.fileSizeMax() - 64 * 512;
        fs.setSize("\\a", most);
        fs.setSize("\\a", 0);
        fs.createFile("\\b");
        // A's clusters are quarantined (their free not yet durable): B needs them, so the log is flushed first.
        fs.setSize("\\b", most);
        assertEquals(most, fs.stat("\\b").size());
        assertTrue(fs.check().clean(), fs.check().problems().toString());
    }

    @Test
    void fourKibSectorsAndHandles() {
        MemoryBlockDevice device = garbageDevice(4096, 1024, 9);
        FileSystem fs = FileSystem.format(device, SMALL.withClusterBytes(4096));
        assertEquals(4096, fs.unitBytes());
        fs.createFile("\\h");
        try (FileHandle h = fs.open("\\h")) {
            h.write(10, new byte[] {1});
            assertEquals(11, h.size());
            h.flush();
            h.setSize(5);
            assertArrayEquals(new byte[5], h.read(0, 100));
        }
        for (int i = 0; i < 40; i++) {
            fs.createFile("\\n" + i);
        }
        assertEquals(41, fs.list("\\").size());
        assertTrue(fs.check().clean(), fs.check().problems().toString());
    }

    @Test
    void tinyCacheOnBothSuiteGeometries() {
        for (int sectorSize : new int[] {512, 4096}) {
            MemoryBlockDevice device = garbageDevice(sectorSize, sectorSize == 512 ? 4096 : 1024, sectorSize);
            FsOptions options = SMALL.withCachePagesMax(4).withClusterBytes(sectorSize);
            FileSystem fs = FileSystem.format(device, options);
            fs.createDirectory("\\d");
            for (int i = 0; i < 150; i++) {
                fs.createFile("\\d\\file-with-a-longer-name-" + i);
                fs.write("\\d\\file-with-a-longer-name-" + i, i, new byte[] {(byte) i});
            }
            fs.close();
            FileSystem again = FileSystem.mount(device, options);
            assertEquals(150, again.list("\\d").size());
            assertArrayEquals(new byte[] {0, 7}, again.read("\\d\\file-with-a-longer-name-7", 6, 10));
            assertTrue(again.check().clean(), again.check().problems().toString());
        }
    }

    @Test
    void smallVolumeIndexSplitsAfterSeventeenCreates() {
        FileSystem fs = small();
        fs.createDirectory("\\d");
        int splitAt = -1;
        for (int i = 0; i < 40 && splitAt < 0; i++) {
            int before = fs.blockUsed.cardinality();
            fs.createFile("\\d\\f" + i);
            if (fs.blockUsed.cardinality() - before > 1) {
                splitAt = i + 1;
            }
        }
        assertEquals(17, splitAt, "indexEntriesMax defaults to blockBytes / 64 = 16");
        assertTrue(fs.check().clean(), fs.check().problems().toString());
    }

    @Test
    void badVolumeDoesNotMount() {
        MemoryBlockDevice device = garbageDevice(512, 4096, 10);
        assertThrows(CorruptVolumeException.class, () -> FileSystem.mount(device, SMALL));
        assertThrows(IllegalArgumentException.class,
                () -> FileSystem.format(MemoryBlockDevice.create(512, 40), SMALL));
    }
}
