package txstack.model.fs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import txstack.model.fs.Namespace.Entry;

/**
 * A volume after a power loss: the set of trees the file-system contract's "Crash semantics" allows, and
 * {@link #judge} telling whether an observed tree is in it. The metadata is that after some prefix {@code k} of the
 * metadata operations, the durable point {@code <= k <=} the last one (rules 1, 2); each unit of each file equals
 * that unit of some version of the file's content since its last flush, zeros past that version's size (rules 3,
 * 4). Immutable.
 */
public final class CrashedFs {
    private static final int DIFFERENCES_SHOWN_MAX = 8;
    private static final int OPS_SHOWN_MAX = 6;

    /** One field of one node that differs between a candidate tree and the observed one. */
    private record Difference(String path, String field, String expected, String observed) {
        @Override
        public String toString() {
            return path + " " + field + ": expected " + expected + ", observed " + observed;
        }
    }

    /** A unit of an observed file equal to no version since the file's last flush. */
    private record UnitFailure(String path, long unit, int from, int to, int offset, byte observed, byte newest,
            int versionCount, boolean beforeFlush) {
        @Override
        public String toString() {
            return String.format("%s unit %d (bytes %d..%d): first difference at byte %d: observed 0x%02x, newest"
                    + " version 0x%02x; equals none of its %d version(s) since its last flush%s", path, unit, from,
                    to - 1, offset, observed, newest, versionCount,
                    beforeFlush ? ", only content from before that flush" : ", nor any before it");
        }
    }

    /** The data of the observed tree against prefix {@code k}'s files. */
    private record DataCheck(int k, List<UnitFailure> failures, int olderUnits) {
    }

    private final FsState atCrash;

    CrashedFs(FsState atCrash) {
        this.atCrash = Objects.requireNonNull(atCrash, "atCrash");
    }

    /** The volume as its client saw it when the power failed. */
    public FsState atCrash() {
        return atCrash;
    }

    /** How many prefixes of the metadata operations a recovered tree may show: 1 when everything is durable. */
    public int prefixesAllowed() {
        return last() - atCrash.durable() + 1;
    }

    /**
     * Whether {@code observed} is a tree this crash may leave. Tries the prefixes from the newest to the oldest: the
     * first whose metadata equals the observed tree's exactly and whose files' units each equal a version allowed
     * decides. Else refused: by the data of the newest prefix with the fewest bad units if some prefix's metadata
     * matched; METADATA_LOST if the tree is that of a prefix older than the durable point; METADATA_TORN otherwise.
     */
    public Judgement judge(Tree observed) {
        Objects.requireNonNull(observed, "observed");
        DataCheck best = null;
        for (int k = last(); k >= atCrash.durable(); k--) {
            if (metadataDifferences(atCrash.history().get(k), observed).isEmpty()) {
                DataCheck check = checkData(k, observed);
                if (check.failures().isEmpty()) {
                    return allowed(check, observed);
                }
                if (best == null || check.failures().size() < best.failures().size()) {
                    best = check;
                }
            }
        }
        if (best != null) {
            return refusedData(best);
        }
        for (int k = atCrash.durable() - 1; k >= 0; k--) {
            if (metadataDifferences(atCrash.history().get(k), observed).isEmpty()) {
                return refusedLost(k);
            }
        }
        return refusedTorn(observed);
    }

    /** What this crash allows, for a human: the durable point, the operations that may be lost, unflushed files. */
    public String describe() {
        StringBuilder s = new StringBuilder("a crash allowing ").append(prefixesAllowed())
                .append(" metadata prefix(es); durable: ").append(after(atCrash.durable()));
        if (prefixesAllowed() > 1) {
            s.append("\n  may be lost, each only with all after it: ")
                    .append(ops(atCrash.durable(), last()));
        }
        for (Map.Entry<String, Entry> pe : atCrash.history().getLast().preorder()) {
            Entry e = pe.getValue();
            if (!e.directory() && atCrash.versions(e.id()).size() > 1) {
                s.append("\n  unflushed data: ").append(pe.getKey()).append(" (")
                        .append(atCrash.versions(e.id()).size()).append(" versions since its last flush)");
            }
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    // ---- judging ----

    private int last() {
        return atCrash.history().size() - 1;
    }

    private static List<Difference> metadataDifferences(Namespace ns, Tree observed) {
        Map<String, Tree.Node> unmatched = new LinkedHashMap<>();
        for (Tree.Node n : observed.nodes()) {
            unmatched.put(FsPaths.key(n.path()), n);
        }
        List<Difference> out = new ArrayList<>();
        for (Map.Entry<String, Entry> pe : ns.preorder()) {
            String path = pe.getKey();
            Entry e = pe.getValue();
            Tree.Node o = unmatched.remove(FsPaths.key(path));
            if (o == null) {
                out.add(new Difference(path, "node", kind(e.directory(), e.size()), "missing"));
                continue;
            }
            compare(out, path, "spelling", path, o.path());
            compare(out, path, "kind", e.directory() ? "directory" : "file", o.directory() ? "directory" : "file");
            compare(out, path, "size", e.size(), o.size());
            compare(out, path, "creationTime", e.creationTime(), o.creationTime());
            compare(out, path, "lastWriteTime", e.lastWriteTime(), o.lastWriteTime());
            compare(out, path, "attributes", hex(e.attributes()), hex(o.attributes()));
            compare(out, path, "reparseTag", hex(e.reparseTag()), hex(o.reparseTag()));
            compare(out, path, "reparseData", e.reparseData(), o.reparseData());
        }
        for (Tree.Node o : unmatched.values()) {
            out.add(new Difference(o.path(), "node", "absent", kind(o.directory(), o.size())));
        }
        return out;
    }

    private static void compare(List<Difference> out, String path, String field, Object expected, Object observed) {
        if (!expected.equals(observed)) {
            out.add(new Difference(path, field, String.valueOf(expected), String.valueOf(observed)));
        }
    }

    private static String kind(boolean directory, long size) {
        return directory ? "directory" : "file size=" + size;
    }

    private static String hex(int value) {
        return "0x" + Integer.toHexString(value);
    }

    private DataCheck checkData(int k, Tree observed) {
        Map<String, Tree.Node> byKey = new HashMap<>();
        for (Tree.Node n : observed.nodes()) {
            byKey.put(FsPaths.key(n.path()), n);
        }
        int unitBytes = atCrash.limits().unitBytes();
        List<UnitFailure> failures = new ArrayList<>();
        int olderUnits = 0;
        for (Map.Entry<String, Entry> pe : atCrash.history().get(k).preorder()) {
            Entry e = pe.getValue();
            if (e.directory()) {
                continue;
            }
            byte[] data = byKey.get(FsPaths.key(pe.getKey())).data().toArray();
            List<Content> versions = atCrash.versions(e.id());
            Content newest = versions.getLast();
            for (int from = 0; from < data.length; from += unitBytes) {
                int to = (int) Math.min(data.length, (long) from + unitBytes);
                if (newest.matches(data, from, to)) {
                    continue;
                }
                if (anyMatches(versions, data, from, to)) {
                    olderUnits++;
                    continue;
                }
                int offset = newest.firstDifference(data, from, to);
                failures.add(new UnitFailure(pe.getKey(), from / unitBytes, from, to, offset, data[offset],
                        newest.at(offset), versions.size(),
                        anyMatches(atCrash.flushedAway(e.id()), data, from, to)));
            }
        }
        return new DataCheck(k, failures, olderUnits);
    }

    private static boolean anyMatches(List<Content> versions, byte[] data, int from, int to) {
        for (Content v : versions) {
            if (v.matches(data, from, to)) {
                return true;
            }
        }
        return false;
    }

    private Judgement allowed(DataCheck check, Tree observed) {
        int k = check.k();
        Namespace ns = atCrash.history().get(k);
        Map<Long, Content> contents = new HashMap<>();
        for (Map.Entry<String, Entry> pe : ns.preorder()) {
            if (!pe.getValue().directory()) {
                contents.put(pe.getValue().id(), Content.of(observed.node(pe.getKey()).data()));
            }
        }
        FsState continued = FsState.recovered(atCrash.limits(), ns, contents, atCrash.nextId());
        String explanation = "metadata: " + after(k) + " (" + (k - atCrash.durable()) + " of "
                + (last() - atCrash.durable()) + " unflushed metadata op(s) kept"
                + (k < last() ? "; lost: " + ops(k, last()) : "") + "); data: "
                + (check.olderUnits() == 0 ? "every unit its newest version"
                        : check.olderUnits() + " unit(s) an older version since the last flush");
        return new Judgement.Allowed(continued, explanation);
    }

    private Judgement refusedData(DataCheck check) {
        List<UnitFailure> failures = check.failures();
        UnitFailure foreign = failures.stream().filter(f -> !f.beforeFlush()).findFirst().orElse(null);
        Judgement.Rule rule = foreign != null ? Judgement.Rule.FOREIGN_BYTES : Judgement.Rule.DATA_LOST;
        UnitFailure first = foreign != null ? foreign : failures.getFirst();
        String summary = first.path() + " unit " + first.unit()
                + (foreign != null ? " equals no version of the file's content since its last flush"
                        : " shows content from before the file's last flush")
                + (failures.size() > 1 ? " (" + failures.size() + " bad units in all)" : "");
        StringBuilder details = new StringBuilder("nearest candidate: ").append(after(check.k()))
                .append(" (of the prefixes whose metadata matches, the newest with the fewest bad units)");
        if (check.k() < last()) {
            details.append("; lost with it: ").append(ops(check.k(), last()));
        }
        details.append("\nmetadata equal; ").append(failures.size()).append(" unit(s) of ")
                .append(atCrash.limits().unitBytes()).append(" bytes differ");
        appendFirst(details, failures);
        return new Judgement.Refused(rule, summary, details.toString());
    }

    private Judgement refusedLost(int k) {
        int durable = atCrash.durable();
        String summary = "the tree is " + after(k) + ", but every metadata op up to #" + atCrash.seq(durable)
                + " was made durable by a flush";
        String details = "observed equals " + after(k) + "\ndurable: " + after(durable) + "\nmissing durable op(s): "
                + ops(k, durable) + "\nallowed: the trees after #" + atCrash.seq(durable) + " .. #"
                + atCrash.seq(last());
        return new Judgement.Refused(Judgement.Rule.METADATA_LOST, summary, details);
    }

    private Judgement refusedTorn(Tree observed) {
        List<Difference> nearest = null;
        int nearestK = -1;
        for (int k = last(); k >= atCrash.durable(); k--) {
            List<Difference> d = metadataDifferences(atCrash.history().get(k), observed);
            if (nearest == null || d.size() < nearest.size()) {
                nearest = d;
                nearestK = k;
            }
        }
        String summary = "the tree is that after no prefix of the metadata operations (" + nearest.size()
                + " difference(s) from the nearest: " + after(nearestK) + ")";
        StringBuilder details = new StringBuilder("nearest candidate: ").append(after(nearestK));
        if (nearestK < last()) {
            details.append("; lost with it: ").append(ops(nearestK, last()));
        }
        details.append("\nallowed: the trees after #").append(atCrash.seq(atCrash.durable())).append(" .. #")
                .append(atCrash.seq(last())).append(", each op lost only with all after it");
        details.append("\n").append(nearest.size()).append(" difference(s) from it");
        appendFirst(details, nearest);
        return new Judgement.Refused(Judgement.Rule.METADATA_TORN, summary, details.toString());
    }

    private static void appendFirst(StringBuilder s, List<?> items) {
        if (items.size() > DIFFERENCES_SHOWN_MAX) {
            s.append(", the first ").append(DIFFERENCES_SHOWN_MAX);
        }
        s.append(':');
        for (Object item : items.subList(0, Math.min(items.size(), DIFFERENCES_SHOWN_MAX))) {
            s.append("\n  ").append(item);
        }
    }

    /** The tree after snapshot {@code index}, named by the metadata operation that made it. */
    private String after(int index) {
        long seq = atCrash.seq(index);
        if (seq == 0) {
            return "the tree as formatted or recovered (metadata op #0)";
        }
        if (index == 0) {
            return "the tree after metadata op #" + seq;
        }
        return "the tree after metadata op #" + seq + " " + atCrash.log().get(index - 1).op();
    }

    /** The metadata operations that take snapshot {@code from} to snapshot {@code to}, the first few. */
    private String ops(int from, int to) {
        List<String> names = new ArrayList<>();
        for (int i = from; i < Math.min(to, from + OPS_SHOWN_MAX); i++) {
            names.add("#" + atCrash.seq(i + 1) + " " + atCrash.log().get(i).op());
        }
        if (to - from > OPS_SHOWN_MAX) {
            names.add(".. " + (to - from - OPS_SHOWN_MAX) + " more");
        }
        return String.join(", ", names);
    }
}
