package txstack.conformance.fs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Violated;
import txstack.model.Bytes;
import txstack.model.fs.Tree;
import txstack.spi.fs.FileSystemException;
import txstack.spi.fs.FileSystemSession;
import txstack.spi.fs.NodeInfo;
import txstack.spi.fs.ReparsePoint;

/**
 * Reads an engine's whole tree as the model describes one: every directory listed from the root, every node
 * stat'ed, every file read to its end, every reparse point read. Bounded, so a broken engine (a directory cycle, an
 * absurd size) is a clear violation, never a hang or an out-of-memory error.
 */
final class TreeReader {
    /** The most nodes the suite reads back; its workloads make far fewer. */
    static final int NODES_MAX = 20_000;
    /** The largest file the suite reads back; its workloads write far less. */
    static final long FILE_BYTES_MAX = 16L << 20;
    /** The deepest path the suite reads back. */
    static final int DEPTH_MAX = 64;
    /** Differences a report lists before it says how many more there are. */
    private static final int DIFFERENCES_SHOWN = 8;

    private TreeReader() {
    }

    /** The engine's tree; any failure to read it is a violation of {@code property}. */
    static Tree read(FileSystemSession fs, Requirement property) {
        return read(fs, property, false);
    }

    /**
     * The engine's tree on a damaged volume: a failure with the contract's damage kinds ({@code CORRUPT},
     * {@code IO_ERROR}) propagates as it is, any other failure to read is a violation of {@code property}.
     */
    static Tree readDamaged(FileSystemSession fs, Requirement property) {
        return read(fs, property, true);
    }

    /** True for the error kinds the contract allows on damaged media. */
    static boolean reportsDamage(RuntimeException e) {
        return e instanceof FileSystemException f && (f.kind() == FileSystemException.Kind.CORRUPT
                || f.kind() == FileSystemException.Kind.IO_ERROR);
    }

    private static Tree read(FileSystemSession fs, Requirement property, boolean damaged) {
        List<Tree.Node> nodes = new ArrayList<>();
        Deque<String[]> pending = new ArrayDeque<>(); // {path, depth}
        pending.push(new String[] {"\\", "0"});
        String current = "\\";
        try {
            while (!pending.isEmpty()) {
                String[] next = pending.pop();
                current = next[0];
                int depth = Integer.parseInt(next[1]);
                NodeInfo info = fs.stat(current);
                if (nodes.size() >= NODES_MAX || depth > DEPTH_MAX) {
                    throw new Violated(property, "the tree read back is too large or too deep to be the suite's",
                            "observed: more than " + nodes.size() + " nodes or a path deeper than " + DEPTH_MAX
                                    + " at " + current);
                }
                Bytes reparseData = Bytes.EMPTY;
                if (info.reparseTag() != 0) {
                    ReparsePoint point = fs.reparsePoint(current);
                    reparseData = Bytes.of(point.data());
                    if (point.tag() != info.reparseTag()) {
                        throw new Violated(Requirement.MNT_5, "the reparse point of " + current + " has tag 0x"
                                + Integer.toHexString(point.tag()) + " but stat says 0x"
                                + Integer.toHexString(info.reparseTag()));
                    }
                }
                Bytes data = Bytes.EMPTY;
                if (info.directory()) {
                    List<String> names = new ArrayList<>(fs.list(current));
                    for (int i = names.size() - 1; i >= 0; i--) {
                        pending.push(new String[] {child(current, names.get(i)), Integer.toString(depth + 1)});
                    }
                } else {
                    if (info.size() < 0 || info.size() > FILE_BYTES_MAX) {
                        throw new Violated(property, "file " + current + " has an impossible size",
                                "observed: size " + info.size() + " (the suite writes at most " + FILE_BYTES_MAX
                                        + " bytes)");
                    }
                    byte[] bytes = fs.read(current, 0, (int) info.size());
                    if (bytes.length != info.size()) {
                        throw new Violated(property, "reading " + current + " to its end gave " + bytes.length
                                + " bytes, its size is " + info.size());
                    }
                    data = Bytes.of(bytes);
                }
                nodes.add(new Tree.Node(current, info.directory(), info.directory() ? 0 : info.size(),
                        info.creationTime(), info.lastWriteTime(), info.attributes(), info.reparseTag(), reparseData,
                        data));
            }
        } catch (Violated v) {
            throw v;
        } catch (RuntimeException e) {
            if (damaged && reportsDamage(e)) {
                throw e;
            }
            throw new Violated(property, "reading the tree back failed at " + current, "observed: " + e);
        }
        try {
            return new Tree(nodes);
        } catch (RuntimeException e) {
            throw new Violated(property, "the tree read back is not a tree", "observed: " + e);
        }
    }

    static String child(String directory, String name) {
        return directory.equals("\\") ? "\\" + name : directory + "\\" + name;
    }

    /** True if the two trees have the same nodes with the same metadata: only file data may differ. */
    static boolean sameMetadata(Tree a, Tree b) {
        if (a.nodes().size() != b.nodes().size()) {
            return false;
        }
        for (int i = 0; i < a.nodes().size(); i++) {
            Tree.Node x = a.nodes().get(i);
            Tree.Node y = b.nodes().get(i);
            if (!x.path().equals(y.path()) || x.size() != y.size() || !x.withData(y.data()).equals(y)) {
                return false;
            }
        }
        return true;
    }

    /** What differs between two trees, node by node, for a report. */
    static String difference(Tree expected, Tree observed) {
        Map<String, Tree.Node> want = byPath(expected);
        Map<String, Tree.Node> got = byPath(observed);
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Tree.Node> e : want.entrySet()) {
            Tree.Node g = got.get(e.getKey());
            if (g == null) {
                lines.add(e.getKey() + ": missing (expected " + brief(e.getValue()) + ")");
            } else if (!g.equals(e.getValue())) {
                lines.add(e.getKey() + ": expected " + brief(e.getValue()) + ", observed " + brief(g)
                        + firstDataDifference(e.getValue().data(), g.data()));
            }
        }
        for (Map.Entry<String, Tree.Node> e : got.entrySet()) {
            if (!want.containsKey(e.getKey())) {
                lines.add(e.getKey() + ": unexpected (" + brief(e.getValue()) + ")");
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(lines.size(), DIFFERENCES_SHOWN); i++) {
            out.append(lines.get(i)).append('\n');
        }
        if (lines.size() > DIFFERENCES_SHOWN) {
            out.append("... and ").append(lines.size() - DIFFERENCES_SHOWN).append(" more differences\n");
        }
        return out.toString().stripTrailing();
    }

    private static Map<String, Tree.Node> byPath(Tree tree) {
        Map<String, Tree.Node> out = new LinkedHashMap<>();
        for (Tree.Node n : tree.nodes()) {
            out.put(n.path(), n);
        }
        return out;
    }

    private static String brief(Tree.Node n) {
        return (n.directory() ? "directory" : "file of " + n.size() + " bytes") + ", times " + n.creationTime() + "/"
                + n.lastWriteTime() + ", attributes 0x" + Integer.toHexString(n.attributes())
                + (n.reparseTag() == 0 ? "" : ", reparse tag 0x" + Integer.toHexString(n.reparseTag()) + " with "
                + n.reparseData().length() + " bytes");
    }

    private static String firstDataDifference(Bytes expected, Bytes observed) {
        byte[] a = expected.toArray();
        byte[] b = observed.toArray();
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                HexFormat hex = HexFormat.of();
                int end = Math.min(i + 8, Math.min(a.length, b.length));
                return "; data differs first at byte " + i + ": expected " + hex.formatHex(a, i, end) + ".., observed "
                        + hex.formatHex(b, i, end) + "..";
            }
        }
        return "";
    }
}
