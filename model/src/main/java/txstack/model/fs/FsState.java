package txstack.model.fs;

import static txstack.model.ModelException.require;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongFunction;
import txstack.model.Bytes;
import txstack.model.fs.Namespace.Entry;

/**
 * The reference model of a volume, exactly as the file-system contract ({@code docs/file-system.md}) states it.
 * {@link #apply} performs an {@link FsOp} with the contract's checks in the contract's order (path syntax of each
 * path argument, the walk of the parents, the operation's own checks) and fails with the first error found,
 * changing nothing. The queries ({@link #read}, {@link #list}, {@link #stat}, {@link #reparsePoint}) check the same
 * way.
 *
 * <p>For crashes ({@link #crash()}, {@link #crashDuring}) a state also keeps what a power loss may still take away
 * (the contract's "Crash semantics"): the metadata after each metadata operation since the durable point (a
 * {@link Namespace} per operation, by node id, so a later rename does not confuse which node an operation touched),
 * and for each file every version of its content since its last data flush. A {@code flushVolume} makes all
 * durable; a {@code flush(p)} makes durable the last metadata operation that touched p's node and every one before
 * it, and p's data. A few snapshots before the durable point stay too, only to name a lost durable operation when
 * judging a crash.
 *
 * <p>Immutable; contents are shared between versions and states, never copied by an operation that does not change
 * them.
 */
public final class FsState {
    /** Bit 28 of a reparse tag: the tag is allowed on a directory with entries (MNT-5). */
    static final int DIRECTORY_TAG_BIT = 1 << 28;

    /** How many metadata snapshots before the durable point stay, to tell METADATA_LOST from METADATA_TORN. */
    static final int HISTORY_BEFORE_DURABLE_MAX = 64;

    /** What {@link #apply} returns: the next state, or the error (and then {@code next} is this state). */
    public record Step(FsState next, FsError error) {
        public Step {
            Objects.requireNonNull(next, "next");
        }

        public boolean ok() {
            return error == null;
        }
    }

    /** A metadata operation since the oldest snapshot kept, with the ids of the nodes it touched. */
    record MetaOp(FsOp op, Set<Long> touched) {
        MetaOp {
            touched = Set.copyOf(touched);
        }
    }

    /** Where a path leads: its parent directory and last name, and the node there (null if missing). */
    private record Located(Entry parent, String name, Entry node) {
        boolean root() {
            return parent == null;
        }
    }

    private final FsLimits limits;
    private final List<Namespace> history;
    private final List<MetaOp> log;
    private final int durable;
    private final long firstSeq;
    private final Map<Long, List<Content>> versions;
    private final Map<Long, List<Content>> flushedAway;
    private final long nextId;

    private FsState(FsLimits limits, List<Namespace> history, List<MetaOp> log, int durable, long firstSeq,
            Map<Long, List<Content>> versions, Map<Long, List<Content>> flushedAway, long nextId) {
        require(history.size() == log.size() + 1, "one snapshot per metadata op and the first: history="
                + history.size() + " log=" + log.size());
        require(durable >= 0 && durable < history.size(), "durable=" + durable + " history=" + history.size());
        this.limits = Objects.requireNonNull(limits, "limits");
        this.history = List.copyOf(history);
        this.log = List.copyOf(log);
        this.durable = durable;
        this.firstSeq = firstSeq;
        this.versions = Map.copyOf(versions);
        this.flushedAway = Map.copyOf(flushedAway);
        this.nextId = nextId;
    }

    /** A freshly formatted volume: only the root, everything durable. */
    public static FsState formatted(FsLimits limits) {
        return new FsState(limits, List.of(Namespace.formatted()), List.of(), 0, 0, Map.of(), Map.of(),
                Namespace.ROOT_ID + 1);
    }

    /** A volume recovered to {@code namespace} with {@code contents}: everything durable, no history. */
    static FsState recovered(FsLimits limits, Namespace namespace, Map<Long, Content> contents, long nextId) {
        Map<Long, List<Content>> versions = new HashMap<>();
        contents.forEach((id, c) -> versions.put(id, List.of(c)));
        return new FsState(limits, List.of(namespace), List.of(), 0, 0, versions, Map.of(), nextId);
    }

    public FsLimits limits() {
        return limits;
    }

    // ---- operations ----

    /** Performs {@code op} as the file-system contract says; on error nothing changes ({@code next == this}). */
    public Step apply(FsOp op) {
        Objects.requireNonNull(op, "op");
        return switch (op) {
            case FsOp.CreateFile c -> create(c, c.path(), false);
            case FsOp.CreateDirectory c -> create(c, c.path(), true);
            case FsOp.Delete d -> delete(d);
            case FsOp.Rename r -> rename(r);
            case FsOp.Write w -> write(w);
            case FsOp.SetSize s -> setSize(s);
            case FsOp.SetTimes t -> setTimes(t);
            case FsOp.SetAttributes a -> setAttributes(a);
            case FsOp.SetReparsePoint r -> setReparsePoint(r);
            case FsOp.DeleteReparsePoint r -> deleteReparsePoint(r);
            case FsOp.Flush f -> flush(f);
            case FsOp.FlushVolume v -> flushVolume();
        };
    }

    private Step create(FsOp op, String path, boolean directory) {
        Result<Located> at = locate(path);
        if (!at.ok()) {
            return fail(at.error());
        }
        Located l = at.value();
        if (l.node() != null) {
            return fail(FsErrorKind.EXISTS, "exists: path=" + path);
        }
        long id = nextId;
        Namespace next = current().with(Entry.created(id, l.parent().id(), l.name(), directory),
                l.parent().withChild(l.name(), id));
        Map<Long, List<Content>> nextVersions = versions;
        if (!directory) {
            nextVersions = new HashMap<>(versions);
            nextVersions.put(id, List.of(Content.EMPTY));
        }
        return metadata(op, next, Set.of(id, l.parent().id()), nextVersions, nextId + 1);
    }

    private Step delete(FsOp.Delete op) {
        Result<Located> at = locate(op.path());
        if (!at.ok()) {
            return fail(at.error());
        }
        Located l = at.value();
        if (l.root()) {
            return fail(FsErrorKind.INVALID_NAME, "the root cannot be deleted: path=" + op.path());
        }
        if (l.node() == null) {
            return fail(FsErrorKind.NOT_FOUND, "no such node: path=" + op.path());
        }
        if (!l.node().children().isEmpty()) {
            return fail(FsErrorKind.NOT_EMPTY, "directory has entries: path=" + op.path() + " entries="
                    + l.node().children().size());
        }
        Namespace next = current().without(l.node().id()).with(l.parent().withoutChild(l.name()));
        return metadata(op, next, Set.of(l.node().id(), l.parent().id()), versions, nextId);
    }

    private Step rename(FsOp.Rename op) {
        FsError syntax = syntaxError(op.from());
        syntax = syntax != null ? syntax : syntaxError(op.to());
        if (syntax != null) {
            return fail(syntax);
        }
        Result<Located> from = walk(op.from());
        if (!from.ok()) {
            return fail(from.error());
        }
        Result<Located> to = walk(op.to());
        if (!to.ok()) {
            return fail(to.error());
        }
        Located a = from.value();
        Located b = to.value();
        if (a.root() || b.root()) {
            return fail(FsErrorKind.INVALID_NAME, "the root cannot be renamed: from=" + op.from() + " to=" + op.to());
        }
        if (a.node() == null) {
            return fail(FsErrorKind.NOT_FOUND, "no such node: from=" + op.from());
        }
        long id = a.node().id();
        if (a.node().directory() && current().isWithin(b.parent().id(), id)) {
            return fail(FsErrorKind.INVALID_NAME, "target inside the source's subtree: from=" + op.from() + " to="
                    + op.to());
        }
        if (b.node() != null && b.node().id() != id) {
            return fail(FsErrorKind.EXISTS, "target exists: to=" + op.to());
        }
        Entry moved = a.node().withPlace(b.parent().id(), b.name());
        Namespace next;
        if (a.parent().id() == b.parent().id()) {
            next = current().with(moved, a.parent().withoutChild(a.name()).withChild(b.name(), id));
        } else {
            next = current().with(moved, a.parent().withoutChild(a.name()), b.parent().withChild(b.name(), id));
        }
        return metadata(op, next, new HashSet<>(List.of(id, a.parent().id(), b.parent().id())), versions, nextId);
    }

    private Step write(FsOp.Write op) {
        Result<Entry> at = existingFile(op.path());
        if (!at.ok()) {
            return fail(at.error());
        }
        Entry file = at.value();
        int length = op.bytes().length();
        if (op.offset() < 0) {
            return fail(FsErrorKind.INVALID_ARGUMENT, "negative offset: offset=" + op.offset());
        }
        if (op.offset() > limits.fileSizeMax() - length) {
            return fail(FsErrorKind.FILE_TOO_LARGE, "end past fileSizeMax: offset=" + op.offset() + " length="
                    + length + " fileSizeMax=" + limits.fileSizeMax());
        }
        if (length == 0) {
            return new Step(this, null);
        }
        Content content = content(file.id()).write(op.offset(), op.bytes());
        Map<Long, List<Content>> nextVersions = withVersion(file.id(), content);
        if (content.size() > file.size()) {
            Namespace next = current().with(file.withSize(content.size()));
            return metadata(op, next, Set.of(file.id()), nextVersions, nextId);
        }
        return new Step(new FsState(limits, history, log, durable, firstSeq, nextVersions, flushedAway, nextId),
                null);
    }

    private Step setSize(FsOp.SetSize op) {
        Result<Entry> at = existingFile(op.path());
        if (!at.ok()) {
            return fail(at.error());
        }
        if (op.size() < 0) {
            return fail(FsErrorKind.INVALID_ARGUMENT, "negative size: size=" + op.size());
        }
        if (op.size() > limits.fileSizeMax()) {
            return fail(FsErrorKind.FILE_TOO_LARGE, "size past fileSizeMax: size=" + op.size() + " fileSizeMax="
                    + limits.fileSizeMax());
        }
        Entry file = at.value();
        Content content = content(file.id()).resize(op.size());
        return metadata(op, current().with(file.withSize(op.size())), Set.of(file.id()),
                withVersion(file.id(), content), nextId);
    }

    private Step setTimes(FsOp.SetTimes op) {
        Result<Entry> at = existing(op.path());
        if (!at.ok()) {
            return fail(at.error());
        }
        Entry e = at.value();
        return metadata(op, current().with(e.withTimes(op.creationTime(), op.lastWriteTime())), Set.of(e.id()),
                versions, nextId);
    }

    private Step setAttributes(FsOp.SetAttributes op) {
        Result<Entry> at = existing(op.path());
        if (!at.ok()) {
            return fail(at.error());
        }
        if (op.attributes() < 0 || op.attributes() > 0xFFFF) {
            return fail(FsErrorKind.INVALID_ARGUMENT, "attributes outside 0..0xFFFF: attributes=0x"
                    + Integer.toHexString(op.attributes()));
        }
        Entry e = at.value();
        return metadata(op, current().with(e.withAttributes(op.attributes())), Set.of(e.id()), versions, nextId);
    }

    private Step setReparsePoint(FsOp.SetReparsePoint op) {
        Result<Entry> at = existing(op.path());
        if (!at.ok()) {
            return fail(at.error());
        }
        if (op.tag() == 0) {
            return fail(FsErrorKind.INVALID_ARGUMENT, "reparse tag 0: path=" + op.path());
        }
        if (op.data().length() > FsLimits.REPARSE_DATA_BYTES_MAX) {
            return fail(FsErrorKind.REPARSE_DATA_TOO_LARGE, "reparse data too large: length=" + op.data().length()
                    + " max=" + FsLimits.REPARSE_DATA_BYTES_MAX);
        }
        Entry e = at.value();
        if (!e.children().isEmpty() && (op.tag() & DIRECTORY_TAG_BIT) == 0) {
            return fail(FsErrorKind.NOT_EMPTY, "directory has entries: path=" + op.path());
        }
        return metadata(op, current().with(e.withReparse(op.tag(), op.data())), Set.of(e.id()), versions, nextId);
    }

    private Step deleteReparsePoint(FsOp.DeleteReparsePoint op) {
        Result<Entry> at = existing(op.path());
        if (!at.ok()) {
            return fail(at.error());
        }
        Entry e = at.value();
        if (e.reparseTag() == 0) {
            return fail(FsErrorKind.NOT_A_REPARSE_POINT, "no reparse point: path=" + op.path());
        }
        return metadata(op, current().with(e.withReparse(0, Bytes.EMPTY)), Set.of(e.id()), versions, nextId);
    }

    private Step flush(FsOp.Flush op) {
        Result<Entry> at = existing(op.path());
        if (!at.ok()) {
            return fail(at.error());
        }
        long id = at.value().id();
        int lastTouch = durable;
        for (int i = durable; i < log.size(); i++) {
            if (log.get(i).touched().contains(id)) {
                lastTouch = i + 1;
            }
        }
        Map<Long, List<Content>> nextVersions = new HashMap<>(versions);
        Map<Long, List<Content>> nextAway = new HashMap<>(flushedAway);
        if (!at.value().directory()) {
            flushData(id, nextVersions, nextAway);
        }
        return new Step(durableAt(lastTouch, nextVersions, nextAway), null);
    }

    private Step flushVolume() {
        Map<Long, List<Content>> nextVersions = new HashMap<>(versions);
        Map<Long, List<Content>> nextAway = new HashMap<>(flushedAway);
        for (Map.Entry<String, Entry> e : current().preorder()) {
            if (!e.getValue().directory()) {
                flushData(e.getValue().id(), nextVersions, nextAway);
            }
        }
        return new Step(durableAt(log.size(), nextVersions, nextAway), null);
    }

    /** The file's current content becomes its only version; the versions before are kept to name lost data. */
    private void flushData(long id, Map<Long, List<Content>> nextVersions, Map<Long, List<Content>> nextAway) {
        List<Content> before = nextVersions.get(id);
        if (before.size() > 1) {
            nextAway.put(id, before.subList(0, before.size() - 1));
            nextVersions.put(id, List.of(before.getLast()));
        }
    }

    /** The durable point at snapshot {@code index} (or where it is, if later); older history and data pruned. */
    private FsState durableAt(int index, Map<Long, List<Content>> nextVersions, Map<Long, List<Content>> nextAway) {
        int newDurable = Math.max(durable, index);
        int drop = Math.max(0, newDurable - HISTORY_BEFORE_DURABLE_MAX);
        List<Namespace> keptHistory = history.subList(drop, history.size());
        Set<Long> live = new HashSet<>();
        for (Namespace ns : history.subList(newDurable, history.size())) {
            live.addAll(ns.entries().keySet());
        }
        nextVersions.keySet().retainAll(live);
        nextAway.keySet().retainAll(live);
        return new FsState(limits, keptHistory, log.subList(drop, log.size()), newDurable - drop, firstSeq + drop,
                nextVersions, nextAway, nextId);
    }

    private Step metadata(FsOp op, Namespace next, Set<Long> touched, Map<Long, List<Content>> nextVersions,
            long nextIdAfter) {
        List<Namespace> nextHistory = new ArrayList<>(history);
        nextHistory.add(next);
        List<MetaOp> nextLog = new ArrayList<>(log);
        nextLog.add(new MetaOp(op, touched));
        return new Step(new FsState(limits, nextHistory, nextLog, durable, firstSeq, nextVersions, flushedAway,
                nextIdAfter), null);
    }

    private Map<Long, List<Content>> withVersion(long id, Content content) {
        List<Content> before = versions.get(id);
        if (before.getLast().equals(content)) {
            return versions;
        }
        List<Content> after = new ArrayList<>(before);
        after.add(content);
        Map<Long, List<Content>> next = new HashMap<>(versions);
        next.put(id, after);
        return next;
    }

    private Step fail(FsError error) {
        return new Step(this, error);
    }

    private Step fail(FsErrorKind kind, String detail) {
        return fail(FsError.of(kind, detail));
    }

    // ---- queries ----

    /** Bytes {@code [offset, min(size, offset + length))} of a file, empty at or past its end. */
    public Result<Bytes> read(String path, long offset, int length) {
        Result<Entry> at = existingFile(path);
        if (!at.ok()) {
            return Result.failed(at.error());
        }
        if (offset < 0 || length < 0) {
            return Result.failed(FsError.of(FsErrorKind.INVALID_ARGUMENT, "negative offset or length: offset="
                    + offset + " length=" + length));
        }
        return Result.of(content(at.value().id()).read(offset, length));
    }

    /** A directory's entries' names as spelled, ordered by their upcased names (ordinal). */
    public Result<List<String>> list(String path) {
        Result<Entry> at = existing(path);
        if (!at.ok()) {
            return Result.failed(at.error());
        }
        if (!at.value().directory()) {
            return Result.failed(FsError.of(FsErrorKind.NOT_A_DIRECTORY, "a file: path=" + path));
        }
        List<String> names = new ArrayList<>();
        for (long child : at.value().children().values()) {
            names.add(current().get(child).name());
        }
        return Result.of(List.copyOf(names));
    }

    public Result<NodeInfo> stat(String path) {
        Result<Entry> at = existing(path);
        return at.ok() ? Result.of(at.value().info()) : Result.failed(at.error());
    }

    public Result<ReparsePoint> reparsePoint(String path) {
        Result<Entry> at = existing(path);
        if (!at.ok()) {
            return Result.failed(at.error());
        }
        if (at.value().reparseTag() == 0) {
            return Result.failed(FsError.of(FsErrorKind.NOT_A_REPARSE_POINT, "no reparse point: path=" + path));
        }
        return Result.of(new ReparsePoint(at.value().reparseTag(), at.value().reparseData()));
    }

    /** The whole current tree, root included. */
    public Tree tree() {
        return treeOf(current(), id -> content(id).full());
    }

    static Tree treeOf(Namespace ns, LongFunction<Bytes> data) {
        List<Tree.Node> nodes = new ArrayList<>();
        for (Map.Entry<String, Entry> pe : ns.preorder()) {
            Entry e = pe.getValue();
            nodes.add(new Tree.Node(pe.getKey(), e.directory(), e.size(), e.creationTime(), e.lastWriteTime(),
                    e.attributes(), e.reparseTag(), e.reparseData(), e.directory() ? Bytes.EMPTY : data.apply(e.id())));
        }
        return new Tree(nodes);
    }

    // ---- crashes ----

    /** What a power loss now may leave (the contract's "Crash semantics"). */
    public CrashedFs crash() {
        return new CrashedFs(this);
    }

    /**
     * What a power loss in the middle of {@code op}, applied to this state, may leave: what a crash just after it
     * may leave (which includes just before it), except that a flush in flight has not taken effect; a failing
     * {@code op} changes nothing.
     */
    public CrashedFs crashDuring(FsOp op) {
        Step step = apply(op);
        if (!step.ok() || op instanceof FsOp.Flush || op instanceof FsOp.FlushVolume) {
            return crash();
        }
        return step.next().crash();
    }

    // ---- for CrashedFs ----

    List<Namespace> history() {
        return history;
    }

    List<MetaOp> log() {
        return log;
    }

    int durable() {
        return durable;
    }

    /** The number of metadata operations (since format or recovery) after which snapshot {@code index} is. */
    long seq(int index) {
        return firstSeq + index;
    }

    List<Content> versions(long id) {
        List<Content> v = versions.get(id);
        require(v != null, "no content kept for file: id=" + id);
        return v;
    }

    List<Content> flushedAway(long id) {
        return flushedAway.getOrDefault(id, List.of());
    }

    long nextId() {
        return nextId;
    }

    // ---- paths ----

    private Namespace current() {
        return history.getLast();
    }

    private Content content(long id) {
        return versions(id).getLast();
    }

    private FsError syntaxError(String path) {
        Objects.requireNonNull(path, "path");
        return FsPaths.syntaxError(path, limits.nameLengthMax());
    }

    /** Path syntax, then the walk of the parents. */
    private Result<Located> locate(String path) {
        FsError syntax = syntaxError(path);
        return syntax != null ? Result.failed(syntax) : walk(path);
    }

    /** From the root, each component but the last must be a directory without a reparse point (MNT-6). */
    private Result<Located> walk(String path) {
        Namespace ns = current();
        List<String> names = FsPaths.split(path);
        if (names.isEmpty()) {
            return Result.of(new Located(null, null, ns.root()));
        }
        Entry dir = ns.root();
        for (int i = 0; i < names.size() - 1; i++) {
            Entry next = ns.child(dir, names.get(i));
            String at = FsPaths.join(names.subList(0, i + 1));
            if (next == null) {
                return Result.failed(FsError.of(FsErrorKind.NOT_FOUND, "no such directory: at=" + at + " path="
                        + path));
            }
            if (!next.directory()) {
                return Result.failed(FsError.of(FsErrorKind.NOT_A_DIRECTORY, "a file: at=" + at + " path=" + path));
            }
            if (next.reparseTag() != 0) {
                return Result.failed(FsError.reparse(next.reparseTag(), next.reparseData(),
                        names.subList(i + 1, names.size()), "reparse point: at=" + at + " path=" + path));
            }
            dir = next;
        }
        String last = names.getLast();
        return Result.of(new Located(dir, last, ns.child(dir, last)));
    }

    /** Located and existing, else {@code NOT_FOUND}. */
    private Result<Entry> existing(String path) {
        Result<Located> at = locate(path);
        if (!at.ok()) {
            return Result.failed(at.error());
        }
        if (at.value().node() == null) {
            return Result.failed(FsError.of(FsErrorKind.NOT_FOUND, "no such node: path=" + path));
        }
        return Result.of(at.value().node());
    }

    /** Existing and a file, else {@code IS_A_DIRECTORY}. */
    private Result<Entry> existingFile(String path) {
        Result<Entry> at = existing(path);
        if (at.ok() && at.value().directory()) {
            return Result.failed(FsError.of(FsErrorKind.IS_A_DIRECTORY, "a directory: path=" + path));
        }
        return at;
    }

    @Override
    public String toString() {
        return "FsState(nodes=" + current().entries().size() + " unflushedMetadataOps=" + (log.size() - durable)
                + ")";
    }
}
