package txstack.implementation.mount;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import txstack.implementation.fs.FileInfo;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.fs.FsException;
import txstack.implementation.fs.ReparseException;
import txstack.implementation.fs.ReparsePoint;

/**
 * Paths across volumes (MNT-4..6): {@code X:\a\b} and {@code \??\Volume{GUID}\a\b} resolved by a walk through the
 * volumes' file systems, and the tree operations of the mount contract on them. Every call checks the contract's
 * errors in its order and, when it fails, changes nothing; every change is durable when the call returns (the file
 * system's volume is flushed).
 *
 * <p><b>The walk.</b> The path's syntax, then its volume (in the database, then present), then the file system walks
 * the components; a directory with a reparse point before the last component (the file system's {@link
 * ReparseException}), or the last component with one when the operation follows it, is a reparse. The owner of the
 * tag acts: a mount point ({@link ReparseTags#MOUNT_POINT}) sends the walk to its target volume's root with the
 * components after it; any other tag fails with {@link ReparseTagNotHandledException}. An offline file (the HSM tag
 * on a file) at the last component ends the walk: recalling it is {@link #open}'s. The 64th reparse of one walk
 * fails with {@link TooManyReparsesException}: a loop of mount points is an error, never a hang.
 */
public final class MountPaths {
    private static final String BAD_CHARS = "\\/:*?\"<>|";

    /**
     * Where a path leads: the volume and the node's upcased path on it ({@code \} for its root).
     *
     * @param reparseCount how many reparse points the walk crossed
     */
    public record Reached(VolumeId volume, String path, int reparseCount) {
    }

    /**
     * What {@link #open} gives.
     *
     * @param data     a file's data (empty for a directory)
     * @param recalled whether the file was offline and its data brought back (MNT-7)
     */
    public record Opened(Reached reached, boolean directory, byte[] data, boolean recalled) {
        public Opened {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** A walk's end: the volume, its file system, the components there, the node (null if only it is missing). */
    record Walk(VolumeId volume, FileSystem fs, List<String> names, FileInfo info, int reparses) {
        String fsPath() {
            return names.isEmpty() ? "\\" : "\\" + String.join("\\", names);
        }

        boolean exists() {
            return info != null;
        }

        boolean isRoot() {
            return names.isEmpty();
        }

        boolean offline() {
            return info != null && !info.directory() && info.reparseTag() == ReparseTags.HSM;
        }

        Reached reached() {
            return new Reached(volume, upcase(fsPath()), reparses);
        }
    }

    private final MountManager manager;
    private Hsm hsm;

    MountPaths(MountManager manager) {
        this.manager = manager;
    }

    void attach(Hsm recaller) {
        synchronized (manager) {
            this.hsm = recaller;
        }
    }

    /**
     * Where {@code path} leads, as {@link #open} walks it but without recalling: every reparse point is followed,
     * the last component's too; an offline file is reached. The node must exist.
     *
     * @throws MountNotFoundException if the node (or a directory before it) does not exist; else the walk's errors
     */
    public Reached resolve(String path) {
        synchronized (manager) {
            Walk w = walk(path, true);
            requireExists(w, path);
            return w.reached();
        }
    }

    /**
     * Opens {@code path}, following every reparse point; an offline file is recalled first (its data written back
     * and its reparse point removed, then the offline copy deleted, MNT-7) and the open reissued.
     *
     * @throws MountNotFoundException       if it does not exist
     * @throws OfflineDataMissingException  if it is offline and no copy (or no offline store) is there
     * @throws DataTooLargeException        if the file is over {@link MountManager#FILE_BYTES_MAX} bytes
     */
    public Opened open(String path) {
        synchronized (manager) {
            Walk w = walk(path, true);
            requireExists(w, path);
            boolean recalled = false;
            if (w.offline()) {
                recallerFor(w, path).recall(w, path);
                recalled = true;
                w = walk(path, true);
                if (!w.exists() || w.offline()) {
                    throw new IllegalStateException("the reissued open does not reach the recalled file: path="
                            + path);
                }
            }
            byte[] data = w.info().directory() ? new byte[0] : readAll(w, path);
            return new Opened(w.reached(), w.info().directory(), data, recalled);
        }
    }

    /** Creates an empty directory. @throws MountExistsException if {@code path} exists (a root included) */
    public void createDirectory(String path) {
        create(path, true);
    }

    /** Creates an empty file. @throws MountExistsException if {@code path} exists (a root included) */
    public void createFile(String path) {
        create(path, false);
    }

    private void create(String path, boolean directory) {
        synchronized (manager) {
            Walk w = walk(path, false);
            if (w.exists()) {
                throw new MountExistsException("exists: path=" + path);
            }
            fsRun(path, () -> {
                if (directory) {
                    w.fs().createDirectory(w.fsPath());
                } else {
                    w.fs().createFile(w.fsPath());
                }
                w.fs().flushVolume();
            });
        }
    }

    /**
     * Replaces the file's data with {@code bytes}, following every reparse point; an offline file is recalled first.
     * Durable when this returns, and crash-atomic: the old data or the new, never a mix (a plain TxF write).
     *
     * @throws MountNotFoundException      if it does not exist
     * @throws MountIsADirectoryException  if it is a directory
     * @throws OfflineDataMissingException if it is offline and its copy is missing
     * @throws DataTooLargeException       if {@code bytes} is over {@link MountManager#FILE_BYTES_MAX}
     */
    public void writeFile(String path, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        synchronized (manager) {
            Walk w = walk(path, true);
            requireFile(w, path);
            if (bytes.length > MountManager.FILE_BYTES_MAX) {
                throw new DataTooLargeException("length=" + bytes.length + " max=" + MountManager.FILE_BYTES_MAX);
            }
            if (w.offline()) {
                recallerFor(w, path).recall(w, path);
            }
            byte[] copy = bytes.clone();
            // a plain TxF write: its intent (the new data) is durable before the file is touched, so a crash leaves
            // the old data or the new, never a mix (the volume's next arrival finishes it)
            fsRun(path, () -> manager.writer(w.volume()).write(w.fsPath(), copy));
        }
    }

    /**
     * Sets, or replaces (same tag), the reparse point of the node at {@code path} (the last component not followed).
     * Checks, in order: the walk; missing; a root or tag 0; data over 16,384 bytes; a point of another tag; for the
     * mount-point tag a file, or data that is not a volume name in UTF-16LE; a directory with entries.
     */
    public void setReparsePoint(String path, int tag, byte[] data) {
        Objects.requireNonNull(data, "data");
        synchronized (manager) {
            Walk w = walk(path, false);
            requireExists(w, path);
            checkReparse(w, path, tag, data);
            byte[] copy = data.clone();
            fsRun(path, () -> {
                w.fs().setReparsePoint(w.fsPath(), tag, copy);
                w.fs().flushVolume();
            });
        }
    }

    private void checkReparse(Walk w, String path, int tag, byte[] data) {
        if (w.isRoot() || tag == 0) {
            throw new MountInvalidArgumentException("a reparse point needs a tag and a node other than a root: path="
                    + path + " tag=" + ReparseTags.hex(tag));
        }
        if (data.length > ReparseTags.DATA_BYTES_MAX) {
            throw new MountReparseDataTooLargeException("length=" + data.length + " max="
                    + ReparseTags.DATA_BYTES_MAX + " path=" + path);
        }
        int had = w.info().reparseTag();
        if (had != 0 && had != tag) {
            throw new ReparseTagMismatchException("path=" + path + " tag=" + ReparseTags.hex(had) + " newTag="
                    + ReparseTags.hex(tag));
        }
        if (tag == ReparseTags.MOUNT_POINT) {
            if (!w.info().directory()) {
                throw new MountNotADirectoryException("a mount point is a directory: path=" + path);
            }
            if (!MountManager.isVolumeName(decodeUtf16(data))) {
                throw new MountInvalidArgumentException("mount point data is not a volume name: path=" + path);
            }
        }
        boolean entries = w.info().directory() && !fsGet(path, () -> w.fs().list(w.fsPath())).isEmpty();
        if (entries && (tag & ReparseTags.DIRECTORY_BIT) == 0) {
            throw new MountNotEmptyException("directory has entries and the tag lacks bit 28: path=" + path + " tag="
                    + ReparseTags.hex(tag));
        }
    }

    /** Removes the node's reparse point. @throws MountNotAReparsePointException if it has none */
    public void deleteReparsePoint(String path) {
        synchronized (manager) {
            Walk w = walk(path, false);
            requireExists(w, path);
            if (w.info().reparseTag() == 0) {
                throw new MountNotAReparsePointException("no reparse point: path=" + path);
            }
            fsRun(path, () -> {
                w.fs().deleteReparsePoint(w.fsPath());
                w.fs().flushVolume();
            });
        }
    }

    /**
     * Makes the directory at {@code path} lead to the root of the volume named {@code volumeName} (MNT-4): a mount
     * point whose data is the name as the database spells it, in UTF-16LE. The volume may be absent now.
     *
     * @throws InvalidMountPathException if {@code volumeName} is not a volume name
     * @throws NoSuchVolumeException     if it is not in the database
     */
    public void createMountPoint(String path, String volumeName) {
        synchronized (manager) {
            walk(path, false);
            if (!MountManager.isVolumeName(volumeName)) {
                throw new InvalidMountPathException("not a volume name: volumeName=" + volumeName);
            }
            VolumeId target = manager.volumeNamed(volumeName).orElseThrow(() -> new NoSuchVolumeException(
                    "volume name not in the database: volumeName=" + volumeName));
            String spelled = manager.entry(target).orElseThrow().volumeName();
            setReparsePoint(path, ReparseTags.MOUNT_POINT, spelled.getBytes(StandardCharsets.UTF_16LE));
        }
    }

    // ---- the walk ----

    /**
     * Walks {@code path}: its syntax and volume, then the components on the file systems, following reparse points
     * as the class says ({@code followLast}: the last component's too). The last component may be missing.
     */
    Walk walk(String path, boolean followLast) {
        List<String> names = new ArrayList<>();
        VolumeId volume = start(path, names);
        int reparses = 0;
        while (true) {
            FileSystem fs = manager.fileSystem(volume).orElseThrow();
            Walk w = new Walk(volume, fs, names, null, reparses);
            ReparsePoint point;
            List<String> rest;
            try {
                FileInfo info = fs.stat(w.fsPath());
                w = new Walk(volume, fs, names, info, reparses);
                if (info.reparseTag() == 0 || !followLast || w.isRoot() || w.offline()) {
                    return w;
                }
                point = fs.reparsePoint(w.fsPath());
                rest = List.of();
            } catch (ReparseException e) {
                point = new ReparsePoint(e.tag(), e.data());
                rest = e.remainingPath();
            } catch (txstack.implementation.fs.NotFoundException e) {
                return missing(w, path);
            } catch (FsException e) {
                throw translate(e, path);
            }
            reparses++;
            if (reparses > MountManager.REPARSES_MAX && manager.fault() != MountFault.UNBOUNDED_REPARSES) {
                throw new TooManyReparsesException("reparses=" + reparses + " max=" + MountManager.REPARSES_MAX
                        + " volume=" + volume + " at=" + w.fsPath() + " path=" + path);
            }
            volume = reparseTarget(point, w, path);
            names = new ArrayList<>(rest);
        }
    }

    /** The file system found no node: the last component missing (its parent exists), or a directory before it. */
    private static Walk missing(Walk w, String path) {
        if (w.names().size() > 1) {
            String parent = "\\" + String.join("\\", w.names().subList(0, w.names().size() - 1));
            try {
                w.fs().stat(parent);
            } catch (txstack.implementation.fs.NotFoundException e) {
                throw new MountNotFoundException("no such directory: volume=" + w.volume() + " path=" + path);
            } catch (FsException e) {
                throw translate(e, path);
            }
        }
        return w;
    }

    /** The owner of the tag acts: a mount point gives its present target volume; no other tag is handled. */
    private VolumeId reparseTarget(ReparsePoint point, Walk at, String path) {
        if (point.tag() != ReparseTags.MOUNT_POINT) {
            throw new ReparseTagNotHandledException("tag=" + ReparseTags.hex(point.tag()) + " volume=" + at.volume()
                    + " at=" + at.fsPath() + " path=" + path);
        }
        String name = decodeUtf16(point.data());
        VolumeId target = name == null ? null : manager.volumeNamed(name).orElse(null);
        if (target == null) {
            throw new NoSuchVolumeException("mount point target unknown: volumeName=" + name + " at=" + at.fsPath()
                    + " path=" + path);
        }
        if (manager.fileSystem(target).isEmpty()) {
            throw new VolumeNotPresentException("mount point target absent: volume=" + target + " at="
                    + at.fsPath() + " path=" + path);
        }
        return target;
    }

    /** The path's syntax and its present volume; its components go to {@code names}. */
    private VolumeId start(String path, List<String> names) {
        Objects.requireNonNull(path, "path");
        if (path.length() > MountManager.PATH_CHARS_MAX) {
            throw new InvalidMountPathException("path too long: length=" + path.length() + " max="
                    + MountManager.PATH_CHARS_MAX);
        }
        if (path.length() >= 3 && path.charAt(1) == ':' && path.charAt(2) == '\\') {
            char letter = MountManager.letterOf(path.charAt(0));
            if (letter == MountManager.NO_LETTER) {
                throw new InvalidMountPathException("not a drive letter: path=" + path);
            }
            split(path.substring(2), path, names);
            return manager.volumeForLetter(letter, path);
        }
        int close = path.indexOf('}');
        if (MountManager.hasVolumeNamePrefix(path) && close > 0) {
            String name = path.substring(0, close + 1);
            if (!MountManager.isVolumeName(name)) {
                throw new InvalidMountPathException("not a volume name: path=" + path);
            }
            String rest = path.substring(close + 1);
            if (!rest.isEmpty()) {
                split(rest, path, names);
            }
            return manager.volumeForName(name, path);
        }
        throw new InvalidMountPathException("neither X:\\... nor \\??\\Volume{GUID}\\...: path=" + path);
    }

    /** Splits {@code \a\b} ({@code \} for none) into valid components. */
    private static void split(String rest, String path, List<String> names) {
        if (!rest.startsWith("\\")) {
            throw new InvalidMountPathException("no \\ after the volume: path=" + path);
        }
        if (rest.equals("\\")) {
            return;
        }
        for (String name : rest.substring(1).split("\\\\", -1)) {
            boolean badChar = name.chars().anyMatch(c -> c < 0x20 || BAD_CHARS.indexOf(c) >= 0);
            if (name.isEmpty() || name.equals(".") || name.equals("..") || badChar
                    || name.length() > MountManager.NAME_CHARS_MAX) {
                throw new InvalidMountPathException("bad component: name=" + name + " path=" + path);
            }
            names.add(name);
        }
    }

    // ---- helpers ----

    private Hsm recallerFor(Walk w, String path) {
        if (hsm == null) {
            throw new OfflineDataMissingException("offline file and no offline store attached: path=" + path);
        }
        return hsm;
    }

    static void requireExists(Walk w, String path) {
        if (!w.exists()) {
            throw new MountNotFoundException("no such node: path=" + path);
        }
    }

    static void requireFile(Walk w, String path) {
        requireExists(w, path);
        if (w.info().directory()) {
            throw new MountIsADirectoryException("a directory: path=" + path);
        }
    }

    /** A file's whole data, within {@link MountManager#FILE_BYTES_MAX}. */
    static byte[] readAll(Walk w, String path) {
        long size = w.info().size();
        if (size > MountManager.FILE_BYTES_MAX) {
            throw new DataTooLargeException("size=" + size + " max=" + MountManager.FILE_BYTES_MAX + " path=" + path);
        }
        return fsGet(path, () -> w.fs().read(w.fsPath(), 0, (int) size));
    }

    /** UTF-16LE, strictly: null for an odd length or an unpaired surrogate. */
    static String decodeUtf16(byte[] data) {
        if (data.length % 2 != 0) {
            return null;
        }
        try {
            return StandardCharsets.UTF_16LE.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String upcase(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toUpperCase(chars[i]);
        }
        return new String(chars);
    }

    static void fsRun(String path, Runnable body) {
        fsGet(path, () -> {
            body.run();
            return null;
        });
    }

    /** Runs a file-system call, its contract errors as this layer's. */
    static <T> T fsGet(String path, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (FsException e) {
            throw translate(e, path);
        }
    }

    /** A file system's error as this layer's; errors this layer has no kind for stay the file system's. */
    static RuntimeException translate(FsException e, String path) {
        String m = e.getMessage() + " path=" + path;
        RuntimeException out = switch (e.kind()) {
            case INVALID_NAME, NAME_TOO_LONG -> new InvalidMountPathException(m);
            case NOT_FOUND -> new MountNotFoundException(m);
            case NOT_A_DIRECTORY -> new MountNotADirectoryException(m);
            case IS_A_DIRECTORY -> new MountIsADirectoryException(m);
            case EXISTS -> new MountExistsException(m);
            case NOT_EMPTY -> new MountNotEmptyException(m);
            case INVALID_ARGUMENT -> new MountInvalidArgumentException(m);
            case REPARSE_DATA_TOO_LARGE -> new MountReparseDataTooLargeException(m);
            case NOT_A_REPARSE_POINT -> new MountNotAReparsePointException(m);
            default -> e;
        };
        if (out != e) {
            out.initCause(e);
        }
        return out;
    }

    @Override
    public String toString() {
        return "MountPaths(" + manager + ")";
    }
}
