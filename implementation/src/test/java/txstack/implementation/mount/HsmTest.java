package txstack.implementation.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.fs.FileSystem;

/** HSM (MNT-7): migrate to the offline store, recall on open, keys never given twice, the store's checks. */
class HsmTest {
    private static final VolumeId SYSTEM = VolumeId.basic(1, 0);

    private final MountStack stack = MountStack.formatted();
    private final MemoryBlockDevice tape = MemoryBlockDevice.create(512, MountStack.VOLUME_SECTORS);
    private FileSystem tapeFs;
    private FileSystem systemFs;
    private Hsm hsm;
    private MountPaths paths;

    @BeforeEach
    void setUp() {
        systemFs = stack.newVolume();
        stack.mounts.volumeArrives(SYSTEM, 'C', systemFs);
        tapeFs = FileSystem.format(tape, MountStack.FS_OPTIONS);
        hsm = new Hsm(stack.mounts, OfflineStore.open(tapeFs));
        paths = stack.mounts.paths();
    }

    @AfterEach
    void close() {
        stack.close();
        stack.closeVolumes();
        tapeFs.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void migrateThenOpenRecalls() {
        paths.createFile("C:\\report.txt");
        byte[] data = b("quarterly numbers ".repeat(100));
        paths.writeFile("C:\\report.txt", data);
        assertEquals("tape-1", hsm.migrateOffline("C:\\report.txt"));
        assertEquals(0, systemFs.stat("\\report.txt").size(), "the file's own data is empty");
        assertEquals(ReparseTags.HSM, systemFs.stat("\\report.txt").reparseTag());
        assertArrayEquals("tape-1".getBytes(StandardCharsets.UTF_16LE), systemFs.reparsePoint("\\report.txt")
                .data());
        assertArrayEquals(data, hsm.store().get("tape-1").orElseThrow());
        assertEquals(new MountPaths.Reached(SYSTEM, "\\REPORT.TXT", 0), paths.resolve("C:\\report.txt"),
                "resolve reaches an offline file without recalling it");
        assertEquals(List.of("tape-1"), hsm.store().keys());

        MountPaths.Opened o = paths.open("C:\\REPORT.TXT");
        assertTrue(o.recalled());
        assertArrayEquals(data, o.data());
        assertEquals(0, systemFs.stat("\\report.txt").reparseTag(), "online again");
        assertEquals(List.of(), hsm.store().keys(), "the copy is deleted after the recall");
        assertFalse(paths.open("C:\\report.txt").recalled());
    }

    @Test
    void keysAreNeverGivenTwiceAlsoAfterARestartOfTheStore() {
        paths.createFile("C:\\a");
        paths.writeFile("C:\\a", b("A"));
        assertEquals("tape-1", hsm.migrateOffline("C:\\a"));
        paths.open("C:\\a");
        assertEquals("tape-2", hsm.migrateOffline("C:\\a"));
        tapeFs.close();
        tapeFs = FileSystem.mount(tape, MountStack.FS_OPTIONS);
        hsm = new Hsm(stack.mounts, OfflineStore.open(tapeFs));
        assertEquals(2, hsm.store().keysGiven());
        assertArrayEquals(b("A"), paths.open("C:\\a").data());
        assertEquals("tape-3", hsm.migrateOffline("C:\\a"));
    }

    @Test
    void writingAnOfflineFileRecallsItFirstThenReplacesItsData() {
        paths.createFile("C:\\w");
        paths.writeFile("C:\\w", b("old"));
        hsm.migrateOffline("C:\\w");
        paths.writeFile("C:\\w", b("new data"));
        assertArrayEquals(b("new data"), paths.open("C:\\w").data());
        assertEquals(List.of(), hsm.store().keys());
    }

    @Test
    void emptyFilesMigrateToo() {
        paths.createFile("C:\\empty");
        hsm.migrateOffline("C:\\empty");
        MountPaths.Opened o = paths.open("C:\\empty");
        assertTrue(o.recalled());
        assertEquals(0, o.data().length);
    }

    @Test
    void migrationErrors() {
        paths.createDirectory("C:\\d");
        paths.createFile("C:\\f");
        assertThrows(MountNotFoundException.class, () -> hsm.migrateOffline("C:\\none"));
        assertThrows(MountIsADirectoryException.class, () -> hsm.migrateOffline("C:\\d"));
        hsm.migrateOffline("C:\\f");
        assertThrows(HasReparsePointException.class, () -> hsm.migrateOffline("C:\\f"), "already offline");
        assertEquals(List.of("tape-1"), hsm.store().keys(), "a failed migration puts no copy");
    }

    @Test
    void anOfflineFileWithoutItsCopyFailsToOpenAndStaysOffline() {
        paths.createFile("C:\\lost");
        paths.writeFile("C:\\lost", b("x"));
        String key = hsm.migrateOffline("C:\\lost");
        hsm.store().delete(key);
        assertThrows(OfflineDataMissingException.class, () -> paths.open("C:\\lost"));
        assertThrows(OfflineDataMissingException.class, () -> paths.writeFile("C:\\lost", b("y")));
        assertEquals(ReparseTags.HSM, systemFs.stat("\\lost").reparseTag());
    }

    @Test
    void aDamagedCopyIsCorruptionNotData() {
        byte[] record = OfflineStore.encode(b("payload"));
        assertArrayEquals(b("payload"), OfflineStore.decode("tape-1", record));
        for (int offset : new int[] {0, OfflineStore.LENGTH_OFFSET, OfflineStore.HEADER_BYTES + 2}) {
            byte[] bad = record.clone();
            bad[offset] ^= 0x10;
            assertThrows(CorruptMountDataException.class, () -> OfflineStore.decode("tape-1", bad), "at " + offset);
        }
    }
}
