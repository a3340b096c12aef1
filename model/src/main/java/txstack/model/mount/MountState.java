package txstack.model.mount;

import static txstack.model.ModelException.require;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import txstack.model.Bytes;
import txstack.model.fs.ReparsePoint;
import txstack.model.mount.VolumeTree.Node;

/**
 * The mount layer as the mount contract ({@code docs/mount.md}) states it: the database of assignments
 * ({@link MountDatabase}), the volumes present in the order they arrived, every volume's tree (kept while the
 * volume is away), and the offline store. The namespace of symbolic links is made from the database for the
 * volumes present ({@link #namespace}). {@link #apply} runs one operation, checking its errors in the contract's
 * order; {@link #resolve} walks a path across mount points; {@link #crash()} and {@link #crashDuring} say what a
 * crash may leave.
 *
 * <p>Each operation is a short sequence of <em>durable steps</em> (one database update; one change of a tree; a
 * copy put in or taken out of the offline store). A crash in the middle of an operation leaves the state after one
 * of its steps, never a part of a step (the contract's "Crash semantics"). Immutable.
 */
public final class MountState {
    /** The most reparses one resolution may take (MNT-6, NT's bound); one more fails with TOO_MANY_REPARSES. */
    public static final int REPARSES_MAX = 63;
    /** The longest name of a path component, in UTF-16 chars. */
    public static final int NAME_LENGTH_MAX = 255;
    /** The namespace's links live under {@code \??\}: {@code \??\D:} and {@code \??\Volume{GUID}}. */
    public static final String LINK_PREFIX = "\\??\\";
    private static final String BAD_CHARS = "\\/:*?\"<>|";

    /** What {@link #apply} returns: the next state, or the error (and then {@code next} is this state). */
    public record Step(MountState next, MountError error, Opened opened) {
        public Step {
            Objects.requireNonNull(next, "next");
        }

        public boolean ok() {
            return error == null;
        }
    }

    /**
     * Where a path leads: the volume and the node's upcased path on it ({@code \} for its root).
     *
     * @param reparseCount how many reparse points the walk crossed
     */
    public record Reached(VolumeId volume, String path, int reparseCount) {
        public Reached {
            Objects.requireNonNull(volume, "volume");
            Objects.requireNonNull(path, "path");
        }
    }

    /** What {@link #resolve} returns: where the path leads, or the first error. */
    public record Resolution(Reached reached, MountError error) {
        public Resolution {
            require((reached == null) != (error == null), "exactly one of reached and error: error=" + error);
        }

        public boolean ok() {
            return error == null;
        }
    }

    /**
     * What a successful {@link MountOp.Open} gives: the node reached and a file's data.
     *
     * @param recalled whether the file was offline and its data was brought back (MNT-7)
     */
    public record Opened(Reached reached, boolean directory, Bytes data, boolean recalled) {
        public Opened {
            Objects.requireNonNull(reached, "reached");
            Objects.requireNonNull(data, "data");
        }
    }

    /** An operation's durable steps: the states after each, this state first; or the error, before any step. */
    private record Run(List<MountState> stages, MountError error, Opened opened) {
        Run {
            stages = List.copyOf(stages);
            require(!stages.isEmpty(), "a run starts at a state");
            require(error == null || stages.size() == 1, "a failing operation takes no step: error=" + error);
        }
    }

    /** A walk's end: the volume, the upcased path, the node there (null if missing but its parent exists). */
    private record Walk(VolumeId volume, String path, Node node, int reparses) {
        Reached reached() {
            return new Reached(volume, path, reparses);
        }
    }

    private record Walked(Walk walk, MountError error) {
    }

    /** A volume a path or a mount point names, or why there is none. */
    private record Target(VolumeId volume, MountError error) {
    }

    private final MountDatabase database;
    private final List<VolumeId> present;
    private final Map<VolumeId, VolumeTree> trees;
    private final OfflineStore offline;

    private MountState(MountDatabase database, List<VolumeId> present, Map<VolumeId, VolumeTree> trees,
            OfflineStore offline) {
        this.database = Objects.requireNonNull(database, "database");
        this.present = List.copyOf(present);
        this.trees = Collections.unmodifiableMap(new LinkedHashMap<>(trees));
        this.offline = Objects.requireNonNull(offline, "offline");
        for (VolumeId v : this.present) {
            require(this.trees.containsKey(v), "a present volume has a tree: volume=" + v);
        }
        require(new HashSet<>(this.present).size() == this.present.size(), "a volume is present once: present="
                + this.present);
    }

    /** No volume ever seen, an empty offline store. */
    public static MountState initial() {
        return new MountState(MountDatabase.empty(), List.of(), Map.of(), OfflineStore.empty());
    }

    // ---- queries ----

    public MountDatabase database() {
        return database;
    }

    /** The volumes present, in the order they arrived. */
    public List<VolumeId> present() {
        return present;
    }

    /** A volume's tree (kept while it is away). */
    public VolumeTree tree(VolumeId volume) {
        VolumeTree t = trees.get(volume);
        require(t != null, "no tree for a volume never seen: volume=" + volume);
        return t;
    }

    public OfflineStore offlineStore() {
        return offline;
    }

    /**
     * The namespace of symbolic links (MNT-3): for every present volume {@code \??\Volume{GUID}}, and
     * {@code \??\X:} if the database gives it letter X. Absent volumes have no link.
     */
    public SortedMap<String, VolumeId> namespace() {
        SortedMap<String, VolumeId> out = new TreeMap<>();
        for (VolumeId v : present) {
            MountDatabase.Entry e = database.entry(v).orElseThrow();
            out.put(e.volumeName(), v);
            if (e.hasLetter()) {
                out.put(LINK_PREFIX + e.letter() + ":", v);
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** What a crash judge compares ({@link CrashedMount#judge}). */
    public MountObservation observe() {
        return new MountObservation(database.registryValues(), namespace(), trees, offline.copies());
    }

    /**
     * Where {@code path} leads, as an open would walk it (MNT-6): every reparse point is followed, the last
     * component's too, but an offline file is reached, not recalled (recalling is {@link MountOp.Open}'s). The
     * node must exist.
     */
    public Resolution resolve(String path) {
        Objects.requireNonNull(path, "path");
        Walked w = walk(path, true);
        if (w.error() != null) {
            return new Resolution(null, w.error());
        }
        if (w.walk().node() == null) {
            return new Resolution(null, error(MountErrorKind.NOT_FOUND, "no such node: path=" + path));
        }
        return new Resolution(w.walk().reached(), null);
    }

    // ---- operations ----

    /** Runs {@code op} as the mount contract says; on error nothing changes ({@code next == this}). */
    public Step apply(MountOp op) {
        Run r = run(op);
        return new Step(r.stages().getLast(), r.error(), r.opened());
    }

    private Run run(MountOp op) {
        Objects.requireNonNull(op, "op");
        return switch (op) {
            case MountOp.VolumeArrives a -> volumeArrives(a);
            case MountOp.VolumeRemoved r -> volumeRemoved(r);
            case MountOp.AssignLetter a -> assignLetter(a);
            case MountOp.RemoveLetter r -> removeLetter(r);
            case MountOp.Reboot r -> reboot(r);
            case MountOp.CreateDirectory c -> createNode(c.path(), Node.emptyDirectory());
            case MountOp.CreateFile c -> createNode(c.path(), Node.file(Bytes.EMPTY));
            case MountOp.WriteFile w -> writeFile(w);
            case MountOp.SetReparsePoint s -> setReparsePoint(s.path(), s.tag(), s.data());
            case MountOp.DeleteReparsePoint d -> deleteReparsePoint(d);
            case MountOp.CreateMountPoint m -> createMountPoint(m);
            case MountOp.MigrateOffline m -> migrateOffline(m);
            case MountOp.Open o -> open(o);
        };
    }

    /** MNT-2, MNT-3: a known volume gets its names back; an unknown one its names by the arrival rules. */
    private Run volumeArrives(MountOp.VolumeArrives op) {
        VolumeId v = op.volume();
        require(!present.contains(v), "volume already present: volume=" + v);
        List<VolumeId> nextPresent = new ArrayList<>(present);
        nextPresent.add(v);
        Map<VolumeId, VolumeTree> nextTrees = new LinkedHashMap<>(trees);
        nextTrees.putIfAbsent(v, VolumeTree.formatted());
        MountDatabase nextDb = database;
        if (database.entry(v).isEmpty()) {
            char suggested = MountDatabase.letterOf(op.suggestedLetter());
            boolean suggestedFree = suggested != MountDatabase.NO_LETTER
                    && database.volumeWithLetter(suggested).isEmpty();
            nextDb = database.withNewVolume(v, suggestedFree ? suggested : database.firstFreeLetter());
        }
        // a known volume's letter is its own: the database gives a letter to one volume only, so no other holds it
        return steps(new MountState(nextDb, nextPresent, nextTrees, offline));
    }

    private Run volumeRemoved(MountOp.VolumeRemoved op) {
        require(present.contains(op.volume()), "volume not present: volume=" + op.volume());
        List<VolumeId> nextPresent = new ArrayList<>(present);
        nextPresent.remove(op.volume());
        return steps(new MountState(database, nextPresent, trees, offline));
    }

    private Run assignLetter(MountOp.AssignLetter op) {
        char letter = MountDatabase.letterOf(op.letter());
        if (letter == MountDatabase.NO_LETTER) {
            return failed(MountErrorKind.INVALID_LETTER, "not A..Z: letter=0x" + Integer.toHexString(op.letter()));
        }
        if (database.entry(op.volume()).isEmpty()) {
            return failed(MountErrorKind.NO_SUCH_VOLUME, "volume not in the database: volume=" + op.volume());
        }
        VolumeId holder = database.volumeWithLetter(letter).orElse(null);
        if (holder != null && !holder.equals(op.volume())) {
            return failed(MountErrorKind.LETTER_IN_USE, "letter=" + letter + " heldBy=" + holder);
        }
        return steps(withDatabase(database.withLetter(op.volume(), letter)));
    }

    private Run removeLetter(MountOp.RemoveLetter op) {
        char letter = MountDatabase.letterOf(op.letter());
        if (letter == MountDatabase.NO_LETTER) {
            return failed(MountErrorKind.INVALID_LETTER, "not A..Z: letter=0x" + Integer.toHexString(op.letter()));
        }
        VolumeId holder = database.volumeWithLetter(letter).orElse(null);
        if (holder == null) {
            return failed(MountErrorKind.NO_SUCH_LETTER, "no volume has the letter: letter=" + letter);
        }
        return steps(withDatabase(database.withLetter(holder, MountDatabase.NO_LETTER)));
    }

    /** The namespace empties; then each arrival is one step (a database update for an unknown volume). */
    private Run reboot(MountOp.Reboot op) {
        List<MountState> stages = new ArrayList<>(List.of(this));
        MountState s = new MountState(database, List.of(), trees, offline);
        stages.add(s);
        for (MountOp.VolumeArrives a : op.arrivals()) {
            s = s.volumeArrives(a).stages().getLast();
            stages.add(s);
        }
        return new Run(stages, null, null);
    }

    private Run createNode(String path, Node node) {
        Walked w = walk(path, false);
        if (w.error() != null) {
            return failed(w.error());
        }
        if (w.walk().node() != null) {
            return failed(MountErrorKind.EXISTS, "exists: path=" + path);
        }
        return steps(withNode(w.walk(), node));
    }

    /** Opens the file (recalling it if offline), then replaces its data: the recall's steps, then one more. */
    private Run writeFile(MountOp.WriteFile op) {
        Walked w = walk(op.path(), true);
        MountError e = w.error() != null ? w.error() : fileError(w.walk(), op.path());
        if (e != null) {
            return failed(e);
        }
        Run recall = recallIfOffline(w.walk());
        if (recall.error() != null) {
            return recall;
        }
        MountState s = recall.stages().getLast();
        Node file = s.tree(w.walk().volume()).node(w.walk().path());
        List<MountState> stages = new ArrayList<>(recall.stages());
        stages.add(s.withNode(w.walk(), file.withData(op.data())));
        return new Run(stages, null, null);
    }

    private Run setReparsePoint(String path, int tag, Bytes data) {
        Walked w = walk(path, false);
        if (w.error() != null) {
            return failed(w.error());
        }
        Walk at = w.walk();
        MountError e = reparseError(at, path, tag, data);
        return e != null ? failed(e) : steps(withNode(at, at.node().withReparse(new ReparsePoint(tag, data))));
    }

    /** The checks of setting a reparse point on an existing node, in the contract's order. */
    private MountError reparseError(Walk at, String path, int tag, Bytes data) {
        Node node = at.node();
        if (node == null) {
            return error(MountErrorKind.NOT_FOUND, "no such node: path=" + path);
        }
        if (at.path().equals(VolumeTree.ROOT) || tag == 0) {
            return error(MountErrorKind.INVALID_ARGUMENT, "a reparse point needs a tag and a node other than a "
                    + "root: path=" + path + " tag=" + ReparseTags.hex(tag));
        }
        if (data.length() > ReparseBuffer.DATA_BYTES_MAX) {
            return error(MountErrorKind.REPARSE_DATA_TOO_LARGE, "length=" + data.length() + " max="
                    + ReparseBuffer.DATA_BYTES_MAX);
        }
        if (node.hasReparsePoint() && node.reparse().tag() != tag) {
            return error(MountErrorKind.REPARSE_TAG_MISMATCH, "path=" + path + " tag="
                    + ReparseTags.hex(node.reparse().tag()) + " newTag=" + ReparseTags.hex(tag));
        }
        if (tag == ReparseTags.MOUNT_POINT) {
            if (!node.directory()) {
                return error(MountErrorKind.NOT_A_DIRECTORY, "a mount point is a directory: path=" + path);
            }
            String name = Utf16.decode(data);
            if (name == null || !MountDatabase.isVolumeName(name)) {
                return error(MountErrorKind.INVALID_ARGUMENT, "mount point data is not a volume name: path="
                        + path + " data=" + data);
            }
        }
        if (node.directory() && !ReparseTags.isDirectory(tag) && trees.get(at.volume()).hasEntries(at.path())) {
            return error(MountErrorKind.NOT_EMPTY, "directory has entries and the tag lacks bit 28: path=" + path
                    + " tag=" + ReparseTags.hex(tag));
        }
        return null;
    }

    private Run deleteReparsePoint(MountOp.DeleteReparsePoint op) {
        Walked w = walk(op.path(), false);
        if (w.error() != null) {
            return failed(w.error());
        }
        Node node = w.walk().node();
        if (node == null) {
            return failed(MountErrorKind.NOT_FOUND, "no such node: path=" + op.path());
        }
        if (!node.hasReparsePoint()) {
            return failed(MountErrorKind.NOT_A_REPARSE_POINT, "no reparse point: path=" + op.path());
        }
        return steps(withNode(w.walk(), node.withReparse(null)));
    }

    /** MNT-4: a reparse point with the mount point tag whose data is the target's volume name (UTF-16LE). */
    private Run createMountPoint(MountOp.CreateMountPoint op) {
        Walked w = walk(op.path(), false);
        if (w.error() != null) {
            return failed(w.error());
        }
        if (!MountDatabase.isVolumeName(op.volumeName())) {
            return failed(MountErrorKind.INVALID_PATH, "not a volume name: volumeName=" + op.volumeName());
        }
        String target = database.volumeNamed(op.volumeName())
                .map(v -> database.entry(v).orElseThrow().volumeName()).orElse(null);
        if (target == null) {
            return failed(MountErrorKind.NO_SUCH_VOLUME, "volume name not in the database: volumeName="
                    + op.volumeName());
        }
        return setReparsePoint(op.path(), ReparseTags.MOUNT_POINT, Utf16.encode(target));
    }

    /** MNT-7: two steps, the copy into the offline store, then the file's data replaced by the HSM reparse point. */
    private Run migrateOffline(MountOp.MigrateOffline op) {
        Walked w = walk(op.path(), false);
        MountError e = w.error() != null ? w.error() : fileError(w.walk(), op.path());
        if (e == null && w.walk().node().hasReparsePoint()) {
            e = error(MountErrorKind.HAS_REPARSE_POINT, "path=" + op.path() + " tag="
                    + ReparseTags.hex(w.walk().node().reparse().tag()));
        }
        if (e != null) {
            return failed(e);
        }
        String key = offline.nextKey();
        MountState copied = new MountState(database, present, trees, offline.withCopy(w.walk().node().data()));
        Node stub = new Node(false, Bytes.EMPTY, new ReparsePoint(ReparseTags.HSM, Utf16.encode(key)));
        return new Run(List.of(this, copied, copied.withNode(w.walk(), stub)), null, null);
    }

    /** MNT-6, MNT-7: walks following every reparse point; an offline file is recalled and the open reissued. */
    private Run open(MountOp.Open op) {
        Walked w = walk(op.path(), true);
        if (w.error() != null) {
            return failed(w.error());
        }
        if (w.walk().node() == null) {
            return failed(MountErrorKind.NOT_FOUND, "no such node: path=" + op.path());
        }
        Run recall = recallIfOffline(w.walk());
        if (recall.error() != null) {
            return recall;
        }
        MountState s = recall.stages().getLast();
        Walked again = s.walk(op.path(), true);
        require(again.error() == null && again.walk().node() != null && !again.walk().node().offline(),
                "the reissued open reaches the recalled file: path=" + op.path() + " error=" + again.error());
        Node node = again.walk().node();
        return new Run(recall.stages(), null, new Opened(again.walk().reached(), node.directory(), node.data(),
                recall.stages().size() > 1));
    }

    /** Nothing for a file that is not offline; else two steps: data back in the file, then the copy deleted. */
    private Run recallIfOffline(Walk at) {
        if (!at.node().offline()) {
            return steps();
        }
        String key = Utf16.decode(at.node().reparse().data());
        Bytes copy = key == null ? null : offline.copies().get(key);
        if (copy == null) {
            return failed(MountErrorKind.OFFLINE_DATA_MISSING, "no copy in the offline store: path=" + at.path()
                    + " key=" + key);
        }
        MountState restored = withNode(at, Node.file(copy));
        MountState cleaned = new MountState(database, present, restored.trees, offline.without(key));
        return new Run(List.of(this, restored, cleaned), null, null);
    }

    private static MountError fileError(Walk at, String path) {
        if (at.node() == null) {
            return error(MountErrorKind.NOT_FOUND, "no such file: path=" + path);
        }
        if (at.node().directory()) {
            return error(MountErrorKind.IS_A_DIRECTORY, "a directory: path=" + path);
        }
        return null;
    }

    // ---- paths ----

    /**
     * Walks {@code path}: its syntax, its letter or volume name, then from the volume's root each component; a
     * directory with a mount point before the last component (and at the last one if {@code followLast}) sends the
     * walk to the target volume's root with the components after it. The last component may be missing.
     */
    private Walked walk(String path, boolean followLast) {
        List<String> names = new ArrayList<>();
        Target start = start(path, names);
        if (start.error() != null) {
            return new Walked(null, start.error());
        }
        VolumeId volume = start.volume();
        int reparses = 0;
        while (true) {
            VolumeTree tree = trees.get(volume);
            String key = VolumeTree.ROOT;
            Node node = tree.node(key);
            List<String> rest = null;
            for (int i = 0; i < names.size() && rest == null; i++) {
                key = (key.equals(VolumeTree.ROOT) ? "" : key) + "\\" + upcase(names.get(i));
                node = tree.node(key);
                boolean last = i == names.size() - 1;
                if (node == null) {
                    return last ? new Walked(new Walk(volume, key, null, reparses), null)
                            : failedWalk(MountErrorKind.NOT_FOUND, "no such directory: at=" + key + " path=" + path);
                }
                if (!last && !node.directory()) {
                    return failedWalk(MountErrorKind.NOT_A_DIRECTORY, "a file: at=" + key + " path=" + path);
                }
                if (node.hasReparsePoint() && (!last || followLast) && !node.offline()) {
                    rest = names.subList(i + 1, names.size());
                }
            }
            if (rest == null) {
                return new Walked(new Walk(volume, key, node, reparses), null);
            }
            reparses++;
            if (reparses > REPARSES_MAX) {
                return failedWalk(MountErrorKind.TOO_MANY_REPARSES, "reparses=" + reparses + " max=" + REPARSES_MAX
                        + " at=" + key + " path=" + path);
            }
            Target target = mountPointTarget(node.reparse(), key, path);
            if (target.error() != null) {
                return new Walked(null, target.error());
            }
            volume = target.volume();
            names = new ArrayList<>(rest);
        }
    }

    /** The owner of the tag acts: a mount point continues at its present target volume; no other tag is handled. */
    private Target mountPointTarget(ReparsePoint reparse, String at, String path) {
        if (reparse.tag() != ReparseTags.MOUNT_POINT) {
            return noTarget(MountErrorKind.REPARSE_TAG_NOT_HANDLED, "tag=" + ReparseTags.hex(reparse.tag()) + " at="
                    + at + " path=" + path);
        }
        String name = Utf16.decode(reparse.data());
        VolumeId target = database.volumeNamed(name).orElse(null);
        if (target == null) {
            return noTarget(MountErrorKind.NO_SUCH_VOLUME, "mount point target unknown: volumeName=" + name + " at="
                    + at + " path=" + path);
        }
        if (!present.contains(target)) {
            return noTarget(MountErrorKind.VOLUME_NOT_PRESENT, "mount point target absent: volume=" + target + " at="
                    + at + " path=" + path);
        }
        return new Target(target, null);
    }

    /** The syntax of {@code path} and its volume: the present volume (names go to {@code names}), or the error. */
    private Target start(String path, List<String> names) {
        Objects.requireNonNull(path, "path");
        String rest;
        VolumeId volume;
        if (path.length() >= 3 && path.charAt(1) == ':' && path.charAt(2) == '\\') {
            char letter = MountDatabase.letterOf(path.charAt(0));
            rest = path.substring(2);
            MountError syntax = letter == MountDatabase.NO_LETTER
                    ? error(MountErrorKind.INVALID_PATH, "not a drive letter: path=" + path) : split(rest, path, names);
            if (syntax != null) {
                return new Target(null, syntax);
            }
            volume = database.volumeWithLetter(letter).orElse(null);
            if (volume == null) {
                return noTarget(MountErrorKind.NO_SUCH_LETTER, "no volume has the letter: letter=" + letter + " path="
                        + path);
            }
        } else if (MountDatabase.hasVolumeNamePrefix(path) && path.indexOf('}') > 0) {
            int close = path.indexOf('}');
            String name = path.substring(0, close + 1);
            rest = path.substring(close + 1);
            MountError syntax = !MountDatabase.isVolumeName(name) ? error(MountErrorKind.INVALID_PATH,
                    "not a volume name: path=" + path) : rest.isEmpty() ? null : split(rest, path, names);
            if (syntax != null) {
                return new Target(null, syntax);
            }
            volume = database.volumeNamed(name).orElse(null);
            if (volume == null) {
                return noTarget(MountErrorKind.NO_SUCH_VOLUME, "volume name not in the database: path=" + path);
            }
        } else {
            return noTarget(MountErrorKind.INVALID_PATH, "neither X:\\... nor \\??\\Volume{GUID}\\...: path=" + path);
        }
        if (!present.contains(volume)) {
            return noTarget(MountErrorKind.VOLUME_NOT_PRESENT, "volume=" + volume + " path=" + path);
        }
        return new Target(volume, null);
    }

    /** Splits {@code \a\b} (or {@code \} for none) into valid names; the syntax error, or null. */
    private static MountError split(String rest, String path, List<String> names) {
        if (!rest.startsWith("\\")) {
            return error(MountErrorKind.INVALID_PATH, "no \\ after the volume: path=" + path);
        }
        if (rest.equals("\\")) {
            return null;
        }
        for (String name : rest.substring(1).split("\\\\", -1)) {
            boolean badChar = name.chars().anyMatch(c -> c < 0x20 || BAD_CHARS.indexOf(c) >= 0);
            if (name.isEmpty() || name.equals(".") || name.equals("..") || badChar
                    || name.length() > NAME_LENGTH_MAX) {
                return error(MountErrorKind.INVALID_PATH, "bad component: name=" + name + " path=" + path);
            }
            names.add(name);
        }
        return null;
    }

    private static String upcase(String name) {
        char[] chars = name.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toUpperCase(chars[i]);
        }
        return new String(chars);
    }

    // ---- crashes ----

    /** A crash now: the state as it is, rebuilt at reboot. */
    public CrashedMount crash() {
        return new CrashedMount(List.of(rebooted()), null);
    }

    /**
     * A crash while {@code op} runs: the state after any one of its durable steps, this state first (a failing
     * {@code op} takes none), each rebuilt at reboot.
     */
    public CrashedMount crashDuring(MountOp op) {
        Run r = run(op);
        if (r.stages().size() == 1) {
            return crash();
        }
        return new CrashedMount(r.stages().stream().map(MountState::rebooted).toList(), op);
    }

    /**
     * After a crash: the database, trees and store as they are; the namespace rebuilt from the database for the
     * volumes present; a volume whose arrival the database does not show is not present (it is announced again).
     */
    MountState rebooted() {
        List<VolumeId> known = present.stream().filter(v -> database.entry(v).isPresent()).toList();
        return new MountState(database, known, trees, offline);
    }

    // ---- helpers ----

    private MountState withDatabase(MountDatabase next) {
        return new MountState(next, present, trees, offline);
    }

    private MountState withNode(Walk at, Node node) {
        Map<VolumeId, VolumeTree> next = new LinkedHashMap<>(trees);
        next.put(at.volume(), trees.get(at.volume()).with(at.path(), node));
        return new MountState(database, present, next, offline);
    }

    private Run steps(MountState... after) {
        List<MountState> stages = new ArrayList<>(List.of(this));
        stages.addAll(List.of(after));
        return new Run(stages, null, null);
    }

    private Run failed(MountError e) {
        return new Run(List.of(this), e, null);
    }

    private Run failed(MountErrorKind kind, String detail) {
        return failed(error(kind, detail));
    }

    private static Target noTarget(MountErrorKind kind, String detail) {
        return new Target(null, error(kind, detail));
    }

    private static Walked failedWalk(MountErrorKind kind, String detail) {
        return new Walked(null, error(kind, detail));
    }

    private static MountError error(MountErrorKind kind, String detail) {
        return new MountError(kind, detail);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MountState s && database.equals(s.database) && present.equals(s.present)
                && trees.equals(s.trees) && offline.equals(s.offline);
    }

    @Override
    public int hashCode() {
        return Objects.hash(database, present, trees, offline);
    }

    @Override
    public String toString() {
        return "MountState(volumesKnown=" + database.entries().size() + " present=" + present + " offlineCopies="
                + offline.copies().size() + ")";
    }
}
