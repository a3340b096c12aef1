package txstack.model.mount;

import static txstack.model.ModelException.require;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import txstack.model.Bytes;
import txstack.model.fs.ReparsePoint;

/**
 * One volume's directory tree as the mount contract needs it ("Items and names"): directories and files by path,
 * each with an optional reparse point, a file with its data. Paths are kept upcased ({@code \DOCS\A.TXT}; the root
 * is {@code \}), since names compare case-insensitively. Immutable.
 *
 * @param nodes every node by its upcased path, the root included
 */
public record VolumeTree(SortedMap<String, Node> nodes) {
    public static final String ROOT = "\\";

    /**
     * A directory or a file.
     *
     * @param directory whether it is a directory
     * @param data      a file's data (empty for a directory, and for a file whose data is offline)
     * @param reparse   its reparse point, or null
     */
    public record Node(boolean directory, Bytes data, ReparsePoint reparse) {
        public Node {
            Objects.requireNonNull(data, "data");
            require(!directory || data.length() == 0, "a directory has no data: length=" + data.length());
        }

        public static Node emptyDirectory() {
            return new Node(true, Bytes.EMPTY, null);
        }

        public static Node file(Bytes data) {
            return new Node(false, data, null);
        }

        public boolean hasReparsePoint() {
            return reparse != null;
        }

        /** A file whose data is offline (MNT-7): it carries the HSM tag. */
        public boolean offline() {
            return !directory && reparse != null && reparse.tag() == ReparseTags.HSM;
        }

        Node withReparse(ReparsePoint next) {
            return new Node(directory, data, next);
        }

        Node withData(Bytes next) {
            return new Node(directory, next, reparse);
        }
    }

    public VolumeTree {
        nodes = Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
        Node root = nodes.get(ROOT);
        require(root != null && root.directory(), "a tree has a root directory: root=" + root);
        for (String path : nodes.keySet()) {
            if (!path.equals(ROOT)) {
                Node parent = nodes.get(parentOf(path));
                require(parent != null && parent.directory(), "a node's parent is a directory: path=" + path);
            }
        }
    }

    /** A freshly formatted volume: only the root. */
    public static VolumeTree formatted() {
        return new VolumeTree(new TreeMap<>(Map.of(ROOT, Node.emptyDirectory())));
    }

    /** The node at the upcased {@code path}, or null. */
    public Node node(String path) {
        return nodes.get(path);
    }

    /** Whether the directory at {@code path} has entries. */
    public boolean hasEntries(String path) {
        String prefix = path.equals(ROOT) ? ROOT : path + ROOT;
        for (String p : nodes.tailMap(prefix).keySet()) {
            if (!p.startsWith(prefix)) {
                return false;
            }
            if (!p.equals(ROOT)) {
                return true;
            }
        }
        return false;
    }

    VolumeTree with(String path, Node node) {
        SortedMap<String, Node> next = new TreeMap<>(nodes);
        next.put(path, node);
        return new VolumeTree(next);
    }

    static String parentOf(String path) {
        int cut = path.lastIndexOf('\\');
        return cut == 0 ? ROOT : path.substring(0, cut);
    }
}
