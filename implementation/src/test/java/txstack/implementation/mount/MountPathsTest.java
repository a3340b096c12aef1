package txstack.implementation.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import txstack.implementation.fs.FileSystem;

/** Resolution and open across volumes through 0, 1 and several mount points (MNT-4..6), and the tree operations. */
class MountPathsTest {
    private static final VolumeId SYSTEM = VolumeId.basic(1, 0);
    private static final VolumeId PROJECTS = VolumeId.basic(2, 0);
    private static final VolumeId ARCHIVE = VolumeId.basic(3, 0);

    private final MountStack stack = MountStack.formatted();
    private MountPaths paths;
    private FileSystem projectsFs;
    private String projectsName;
    private String archiveName;

    @BeforeEach
    void volumes() {
        stack.mounts.volumeArrives(SYSTEM, 'C', stack.newVolume());
        projectsFs = stack.newVolume();
        projectsName = stack.mounts.volumeArrives(PROJECTS, 'P', projectsFs).volumeName();
        archiveName = stack.mounts.volumeArrives(ARCHIVE, MountManager.NO_LETTER, stack.newVolume()).volumeName();
        stack.mounts.removeLetter('D');
        paths = stack.mounts.paths();
    }

    @AfterEach
    void close() {
        stack.close();
        stack.closeVolumes();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void noMountPoint() {
        paths.createDirectory("C:\\Docs");
        paths.createFile("c:\\docs\\a.txt");
        paths.writeFile("C:\\Docs\\A.txt", b("hello"));
        assertEquals(new MountPaths.Reached(SYSTEM, "\\DOCS\\A.TXT", 0), paths.resolve("C:\\docs\\a.txt"));
        assertEquals(new MountPaths.Reached(SYSTEM, "\\", 0), paths.resolve("C:\\"));
        MountPaths.Opened o = paths.open(MountManager.volumeNameNumber(1) + "\\Docs\\a.txt");
        assertArrayEquals(b("hello"), o.data());
        assertFalse(o.directory() || o.recalled());
        assertEquals(new MountPaths.Reached(PROJECTS, "\\", 0), paths.resolve(projectsName));
        assertTrue(paths.open(projectsName + "\\").directory());
    }

    @Test
    void oneMountPointContinuesAtTheTargetsRoot() {
        paths.createFile("P:\\Description.txt");
        paths.writeFile("P:\\Description.txt", b("projects"));
        paths.createDirectory("C:\\Projects");
        paths.createMountPoint("C:\\Projects", projectsName.toLowerCase());
        assertEquals(new MountPaths.Reached(PROJECTS, "\\DESCRIPTION.TXT", 1), paths.resolve(
                "C:\\Projects\\Description.txt"), "MNT-4's example");
        assertEquals(new MountPaths.Reached(PROJECTS, "\\", 1), paths.resolve("C:\\Projects"),
                "the mount point itself is followed by open");
        assertArrayEquals(b("projects"), paths.open("C:\\projects\\description.txt").data());
        paths.createFile("C:\\Projects\\New.txt");
        assertTrue(projectsFs.list("\\").contains("New.txt"), "created on the target volume");
        assertArrayEquals(b16(projectsName), stack.mounts.fileSystem(SYSTEM).orElseThrow()
                .reparsePoint("\\Projects").data(), "the data is the name as the database spells it, UTF-16LE");
    }

    private static byte[] b16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    @Test
    void severalMountPointsAcrossVolumes() {
        paths.createDirectory("C:\\P");
        paths.createMountPoint("C:\\P", projectsName);
        paths.createDirectory("P:\\Old");
        paths.createDirectory("P:\\Old\\A");
        paths.createMountPoint("P:\\Old\\A", archiveName);
        paths.createDirectory(archiveName + "\\Back");
        paths.createMountPoint(archiveName + "\\Back", MountManager.volumeNameNumber(1));
        paths.createFile("C:\\P\\Old\\A\\Back\\P\\Old\\A\\deep.bin");
        assertEquals(new MountPaths.Reached(ARCHIVE, "\\DEEP.BIN", 5),
                paths.resolve("C:\\P\\Old\\A\\Back\\P\\Old\\A\\deep.bin"));
        assertThrows(MountNotFoundException.class, () -> paths.resolve("C:\\P\\Old\\missing\\x"));
        assertThrows(MountNotFoundException.class, () -> paths.resolve("C:\\P\\Old\\A\\missing"));
    }

    @Test
    void aLoopOfMountPointsHitsTheBoundOf63Reparses() {
        paths.createDirectory("C:\\Loop");
        paths.createMountPoint("C:\\Loop", MountManager.volumeNameNumber(1));
        assertEquals(new MountPaths.Reached(SYSTEM, "\\", 63), paths.resolve("C:" + "\\Loop".repeat(63)));
        TooManyReparsesException e = assertThrows(TooManyReparsesException.class,
                () -> paths.resolve("C:" + "\\Loop".repeat(64)));
        assertEquals(MountException.Kind.TOO_MANY_REPARSES, e.kind());
        assertThrows(TooManyReparsesException.class, () -> paths.open("C:" + "\\Loop".repeat(200) + "\\x"));
    }

    @Test
    void aMountPointsTargetMustBeKnownAndPresent() {
        paths.createDirectory("C:\\Archive");
        paths.createMountPoint("C:\\Archive", archiveName);
        stack.mounts.volumeRemoved(ARCHIVE);
        assertThrows(VolumeNotPresentException.class, () -> paths.resolve("C:\\Archive\\x"));
        assertThrows(VolumeNotPresentException.class, () -> paths.open("C:\\Archive"));
        assertEquals(new MountPaths.Reached(SYSTEM, "\\ARCHIVE", 0), resolveNoFollow("C:\\Archive"));
        paths.createDirectory("C:\\Nowhere");
        paths.setReparsePoint("C:\\Nowhere", ReparseTags.MOUNT_POINT, b16("\\??\\Volume{nobody}"));
        assertThrows(NoSuchVolumeException.class, () -> paths.resolve("C:\\Nowhere\\x"));
        assertThrows(NoSuchVolumeException.class, () -> paths.createMountPoint("C:\\Nowhere", "\\??\\Volume{z}"));
        assertThrows(InvalidMountPathException.class, () -> paths.createMountPoint("C:\\Nowhere", "D:\\"));
    }

    private MountPaths.Reached resolveNoFollow(String path) {
        return paths.walk(path, false).reached();
    }

    @Test
    void unknownTagsAreNotHandled() {
        paths.createDirectory("C:\\Odd");
        paths.setReparsePoint("C:\\Odd", 0x80000099, new byte[] {1, 2});
        assertThrows(ReparseTagNotHandledException.class, () -> paths.resolve("C:\\Odd\\x"));
        assertThrows(ReparseTagNotHandledException.class, () -> paths.open("C:\\Odd"));
        paths.createDirectory("C:\\Hsm");
        paths.setReparsePoint("C:\\Hsm", ReparseTags.HSM, b16("tape-9"));
        assertThrows(ReparseTagNotHandledException.class, () -> paths.resolve("C:\\Hsm"), "HSM on a directory");
        paths.deleteReparsePoint("C:\\Odd");
        paths.createFile("C:\\Odd\\x");
        assertEquals(new MountPaths.Reached(SYSTEM, "\\ODD\\X", 0), paths.resolve("C:\\Odd\\x"));
    }

    @Test
    void pathAndVolumeErrorsInTheContractsOrder() {
        for (String bad : new String[] {"", "C:", "C:x", "1:\\", "C:\\a\\\\b", "C:\\a\\", "C:\\.", "C:\\a\\..",
                "C:\\a*b", "\\??\\Volume{}\\x", "\\??\\Volume{a}x", "relative\\path", "C:\\" + "n".repeat(256)}) {
            assertThrows(InvalidMountPathException.class, () -> paths.resolve(bad), bad);
        }
        assertThrows(NoSuchLetterException.class, () -> paths.resolve("Q:\\"));
        assertThrows(NoSuchLetterException.class, () -> paths.resolve("D:\\"), "its letter was removed");
        assertThrows(NoSuchVolumeException.class, () -> paths.resolve("\\??\\Volume{nobody}\\x"));
        stack.mounts.volumeRemoved(PROJECTS);
        assertThrows(VolumeNotPresentException.class, () -> paths.resolve("P:\\x"));
        paths.createFile("C:\\f");
        assertThrows(MountNotADirectoryException.class, () -> paths.resolve("C:\\f\\x"));
        assertThrows(MountNotFoundException.class, () -> paths.resolve("C:\\none"));
    }

    @Test
    void treeOperationErrors() {
        paths.createDirectory("C:\\d");
        paths.createFile("C:\\d\\f");
        assertThrows(MountExistsException.class, () -> paths.createDirectory("C:\\"));
        assertThrows(MountExistsException.class, () -> paths.createFile("c:\\D"));
        assertThrows(MountNotFoundException.class, () -> paths.writeFile("C:\\none", new byte[1]));
        assertThrows(MountIsADirectoryException.class, () -> paths.writeFile("C:\\d", new byte[1]));
        assertThrows(MountNotFoundException.class, () -> paths.setReparsePoint("C:\\none", 7, new byte[0]));
        assertThrows(MountInvalidArgumentException.class, () -> paths.setReparsePoint("C:\\", 7, new byte[0]));
        assertThrows(MountInvalidArgumentException.class, () -> paths.setReparsePoint("C:\\d\\f", 0, new byte[0]));
        MountReparseDataTooLargeException big = assertThrows(MountReparseDataTooLargeException.class,
                () -> paths.setReparsePoint("C:\\d\\f", 7, new byte[ReparseTags.DATA_BYTES_MAX + 1]));
        assertEquals(MountException.Kind.REPARSE_DATA_TOO_LARGE, big.kind());
        paths.setReparsePoint("C:\\d\\f", 7, new byte[ReparseTags.DATA_BYTES_MAX]);
        assertThrows(ReparseTagMismatchException.class, () -> paths.setReparsePoint("C:\\d\\f", 8, new byte[0]));
        paths.setReparsePoint("C:\\d\\f", 7, new byte[] {1});
        assertThrows(ReparseTagMismatchException.class, () -> paths.setReparsePoint("C:\\d\\f",
                ReparseTags.MOUNT_POINT, b16(projectsName)), "another tag is checked before the mount point's rules");
        paths.createFile("C:\\g");
        assertThrows(MountNotADirectoryException.class, () -> paths.createMountPoint("C:\\g", projectsName));
        paths.createDirectory("C:\\e");
        assertThrows(MountInvalidArgumentException.class, () -> paths.setReparsePoint("C:\\e",
                ReparseTags.MOUNT_POINT, b16("P:\\")));
        assertThrows(MountNotEmptyException.class, () -> paths.createMountPoint("C:\\d", projectsName),
                "a mount point goes on an empty directory");
        assertThrows(MountNotAReparsePointException.class, () -> paths.deleteReparsePoint("C:\\e"));
        assertThrows(MountNotFoundException.class, () -> paths.deleteReparsePoint("C:\\none"));
    }
}
