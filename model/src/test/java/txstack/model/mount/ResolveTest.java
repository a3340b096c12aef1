package txstack.model.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.model.mount.MountTesting.DATA;
import static txstack.model.mount.MountTesting.PROJECTS;
import static txstack.model.mount.MountTesting.SYSTEM;
import static txstack.model.mount.MountTesting.USB;
import static txstack.model.mount.MountTesting.arrives;
import static txstack.model.mount.MountTesting.b;
import static txstack.model.mount.MountTesting.errorOf;
import static txstack.model.mount.MountTesting.nameOf;
import static txstack.model.mount.MountTesting.run;
import static txstack.model.mount.MountTesting.threeVolumes;

import org.junit.jupiter.api.Test;
import txstack.model.Bytes;

/** Path resolution across mount points, and reparse points (MNT-4..6). */
class ResolveTest {

    private static MountState.Reached reached(MountState s, String path) {
        MountState.Resolution r = s.resolve(path);
        assertNull(r.error(), () -> path + ": " + r.error());
        return r.reached();
    }

    private static MountErrorKind resolveError(MountState s, String path) {
        MountState.Resolution r = s.resolve(path);
        assertFalse(r.ok(), () -> path + " resolved to " + r.reached());
        return r.error().kind();
    }

    @Test
    void aPathWithoutMountPointsStaysOnItsLettersVolume() {
        MountState s = run(threeVolumes(), new MountOp.CreateDirectory("D:\\docs"),
                new MountOp.CreateFile("d:\\DOCS\\a.txt"));
        assertEquals(new MountState.Reached(DATA, "\\DOCS\\A.TXT", 0), reached(s, "D:\\docs\\a.txt"));
        assertEquals(new MountState.Reached(DATA, "\\", 0), reached(s, "D:\\"));
        assertEquals(new MountState.Reached(DATA, "\\DOCS", 0), reached(s, nameOf(s, DATA) + "\\docs"));
        assertEquals(new MountState.Reached(DATA, "\\", 0), reached(s, nameOf(s, DATA)));
        assertEquals(new MountState.Reached(DATA, "\\", 0), reached(s, nameOf(s, DATA).toLowerCase() + "\\"));
        MountState.Opened dir = s.apply(new MountOp.Open("D:\\docs")).opened();
        assertTrue(dir.directory());
        assertEquals(Bytes.EMPTY, dir.data());
    }

    @Test
    void oneMountPointContinuesAtTheTargetVolumesRoot() {
        MountState s = threeVolumes();
        assertEquals(new MountState.Reached(PROJECTS, "\\DESCRIPTION.TXT", 1),
                reached(s, "C:\\Projects\\Description.txt"));
        assertEquals(new MountState.Reached(PROJECTS, "\\", 1), reached(s, "C:\\Projects"),
                "opening the mount point itself opens the target's root");
        assertTrue(s.tree(PROJECTS).nodes().containsKey("\\DESCRIPTION.TXT"), "the file was created there");
        assertFalse(s.tree(SYSTEM).nodes().containsKey("\\PROJECTS\\DESCRIPTION.TXT"));
        MountState.Opened opened = s.apply(new MountOp.Open("C:\\Projects\\Description.txt")).opened();
        assertEquals(b("current project"), opened.data());
        assertFalse(opened.recalled());
    }

    @Test
    void severalMountPointsAreFollowedInTurn() {
        MountState s = run(threeVolumes(), arrives(USB), new MountOp.CreateDirectory("C:\\Projects\\usb"));
        s = run(s, new MountOp.CreateMountPoint("C:\\Projects\\usb", nameOf(s, USB)),
                new MountOp.CreateDirectory("C:\\Projects\\usb\\backup"),
                new MountOp.CreateDirectory("C:\\Projects\\usb\\backup\\data"));
        s = run(s, new MountOp.CreateMountPoint("C:\\Projects\\usb\\backup\\data", nameOf(s, DATA)),
                new MountOp.CreateFile("D:\\x"));
        assertEquals(new MountState.Reached(DATA, "\\X", 3), reached(s, "C:\\Projects\\usb\\backup\\data\\x"));
        assertEquals(new MountState.Reached(USB, "\\BACKUP", 2), reached(s, "C:\\Projects\\usb\\backup"));
    }

    @Test
    void aMountPointLoopHitsTheBoundOfReparses() {
        MountState s = run(MountState.initial(), arrives(SYSTEM), new MountOp.CreateDirectory("C:\\m"));
        s = run(s, new MountOp.CreateMountPoint("C:\\m", nameOf(s, SYSTEM)));
        String path = "C:" + "\\m".repeat(MountState.REPARSES_MAX);
        assertEquals(new MountState.Reached(SYSTEM, "\\", 63), reached(s, path), "63 reparses are allowed");
        assertEquals(MountErrorKind.TOO_MANY_REPARSES, resolveError(s, path + "\\m"));
        assertEquals(MountErrorKind.TOO_MANY_REPARSES, errorOf(s, new MountOp.CreateFile(path + "\\m\\f")));
        assertEquals(MountErrorKind.EXISTS, errorOf(s, new MountOp.CreateDirectory(path + "\\m")),
                "the last component is not followed by a create: 63 reparses reach C:\\m itself");
    }

    @Test
    void resolutionErrorsNameWhatIsMissing() {
        MountState s = run(threeVolumes(), new MountOp.CreateFile("D:\\f"));
        assertEquals(MountErrorKind.INVALID_PATH, resolveError(s, "\\docs"));
        assertEquals(MountErrorKind.INVALID_PATH, resolveError(s, "1:\\docs"));
        assertEquals(MountErrorKind.INVALID_PATH, resolveError(s, "D:\\a\\\\b"));
        assertEquals(MountErrorKind.INVALID_PATH, resolveError(s, "D:\\a\\"));
        assertEquals(MountErrorKind.INVALID_PATH, resolveError(s, "D:\\..\\b"));
        assertEquals(MountErrorKind.INVALID_PATH, resolveError(s, "D:\\a?b"));
        assertEquals(MountErrorKind.NO_SUCH_LETTER, resolveError(s, "Q:\\docs"));
        assertEquals(MountErrorKind.NO_SUCH_VOLUME,
                resolveError(s, "\\??\\Volume{00000000-0000-0000-0000-0000000000FF}\\docs"));
        assertEquals(MountErrorKind.NOT_FOUND, resolveError(s, "D:\\docs"));
        assertEquals(MountErrorKind.NOT_FOUND, resolveError(s, "D:\\docs\\a.txt"));
        assertEquals(MountErrorKind.NOT_A_DIRECTORY, resolveError(s, "D:\\f\\a.txt"));
        MountState away = run(s, new MountOp.VolumeRemoved(DATA), new MountOp.VolumeRemoved(PROJECTS));
        assertEquals(MountErrorKind.VOLUME_NOT_PRESENT, resolveError(away, "D:\\f"));
        assertEquals(MountErrorKind.VOLUME_NOT_PRESENT, resolveError(away, "C:\\Projects\\Description.txt"));
    }

    @Test
    void aMountPointOfAnAbsentVolumeLeadsNowhereUntilItComesBack() {
        MountState s = run(threeVolumes(), new MountOp.VolumeRemoved(PROJECTS));
        assertEquals(MountErrorKind.VOLUME_NOT_PRESENT, resolveError(s, "C:\\Projects"));
        s = run(s, arrives(PROJECTS));
        assertEquals(new MountState.Reached(PROJECTS, "\\DESCRIPTION.TXT", 1),
                reached(s, "C:\\Projects\\Description.txt"), "the tree stayed with the volume");
    }

    @Test
    void aTagWithoutAnOwnerHereIsNotHandled() {
        MountState s = run(threeVolumes(), new MountOp.CreateDirectory("D:\\dedup"),
                new MountOp.SetReparsePoint("D:\\dedup", 0x8000_0013, b("x")));
        assertEquals(MountErrorKind.REPARSE_TAG_NOT_HANDLED, resolveError(s, "D:\\dedup"));
        assertEquals(MountErrorKind.REPARSE_TAG_NOT_HANDLED, errorOf(s, new MountOp.CreateFile("D:\\dedup\\f")));
        s = run(s, new MountOp.DeleteReparsePoint("D:\\dedup"), new MountOp.CreateFile("D:\\dedup\\f"));
        assertEquals(new MountState.Reached(DATA, "\\DEDUP\\F", 0), reached(s, "D:\\dedup\\f"));
    }

    @Test
    void reparseDataIsLimitedTo16KiB() {
        MountState s = run(threeVolumes(), new MountOp.CreateFile("D:\\f"));
        MountState ok = run(s, new MountOp.SetReparsePoint("D:\\f", 0x0000_1234, Bytes.of(new byte[16384])));
        assertEquals(16384, ok.tree(DATA).node("\\F").reparse().data().length());
        assertEquals(MountErrorKind.REPARSE_DATA_TOO_LARGE,
                errorOf(s, new MountOp.SetReparsePoint("D:\\f", 0x0000_1234, Bytes.of(new byte[16385]))));
    }

    @Test
    void settingAReparsePointChecksInTheContractsOrder() {
        MountState s = run(threeVolumes(), new MountOp.CreateDirectory("D:\\dir"), new MountOp.CreateFile("D:\\dir\\f"),
                new MountOp.CreateFile("D:\\g"));
        assertEquals(MountErrorKind.NOT_FOUND, errorOf(s, new MountOp.SetReparsePoint("D:\\none", 0x1234, b(""))));
        assertEquals(MountErrorKind.INVALID_ARGUMENT, errorOf(s, new MountOp.SetReparsePoint("D:\\", 0x1234, b(""))));
        assertEquals(MountErrorKind.INVALID_ARGUMENT, errorOf(s, new MountOp.SetReparsePoint("D:\\g", 0, b(""))));
        assertEquals(MountErrorKind.NOT_EMPTY, errorOf(s, new MountOp.SetReparsePoint("D:\\dir", 0x1234, b(""))));
        MountState withD = run(s, new MountOp.SetReparsePoint("D:\\dir", 0x1000_1234, b("d")));
        assertEquals(0x1000_1234, withD.tree(DATA).node("\\DIR").reparse().tag(), "bit 28: entries allowed");
        assertEquals(MountErrorKind.NOT_A_DIRECTORY,
                errorOf(s, new MountOp.SetReparsePoint("D:\\g", ReparseTags.MOUNT_POINT, b(""))));
        MountState tagged = run(s, new MountOp.SetReparsePoint("D:\\g", 0x1234, b("one")),
                new MountOp.SetReparsePoint("D:\\g", 0x1234, b("two")));
        assertEquals(b("two"), tagged.tree(DATA).node("\\G").reparse().data(), "the same tag replaces");
        assertEquals(MountErrorKind.REPARSE_TAG_MISMATCH,
                errorOf(tagged, new MountOp.SetReparsePoint("D:\\g", 0x5678, b(""))));
        assertEquals(MountErrorKind.NOT_A_REPARSE_POINT, errorOf(s, new MountOp.DeleteReparsePoint("D:\\g")));
        assertFalse(run(tagged, new MountOp.DeleteReparsePoint("D:\\g")).tree(DATA).node("\\G").hasReparsePoint());
    }

    @Test
    void creatingAMountPointNeedsAKnownVolumeAndAnEmptyDirectory() {
        MountState s = run(threeVolumes(), new MountOp.CreateDirectory("D:\\full"), new MountOp.CreateFile("D:\\full\\f"),
                new MountOp.CreateDirectory("D:\\empty"));
        String usbName = "\\??\\Volume{00000000-0000-0000-0000-0000000000FF}";
        String projects = nameOf(s, PROJECTS);
        assertEquals(MountErrorKind.INVALID_PATH, errorOf(s, new MountOp.CreateMountPoint("D:\\empty", "E:")));
        assertEquals(MountErrorKind.NO_SUCH_VOLUME, errorOf(s, new MountOp.CreateMountPoint("D:\\empty", usbName)));
        assertEquals(MountErrorKind.NOT_FOUND, errorOf(s, new MountOp.CreateMountPoint("D:\\none", projects)));
        assertEquals(MountErrorKind.NOT_A_DIRECTORY, errorOf(s, new MountOp.CreateMountPoint("D:\\full\\f", projects)));
        assertEquals(MountErrorKind.NOT_EMPTY, errorOf(s, new MountOp.CreateMountPoint("D:\\full", projects)));
        MountState mounted = run(s, new MountOp.CreateMountPoint("D:\\empty", projects.toLowerCase()));
        VolumeTree.Node node = mounted.tree(DATA).node("\\EMPTY");
        assertEquals(ReparseTags.MOUNT_POINT, node.reparse().tag());
        assertEquals(Utf16.encode(projects), node.reparse().data(), "the data is the target's volume name, UTF-16LE");
        assertEquals(new MountState.Reached(PROJECTS, "\\DESCRIPTION.TXT", 1),
                reached(mounted, "D:\\empty\\description.txt"));
    }
}
