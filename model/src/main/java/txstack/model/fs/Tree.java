package txstack.model.fs;

import static txstack.model.ModelException.require;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import txstack.model.Bytes;

/**
 * A whole volume as a client sees it: every node, the root {@code \} included (its times and attributes count), in
 * canonical order (paths compared component by component by upcased name, the file-system contract's "Namespace").
 * What {@link FsState#tree()} gives and what {@link CrashedFs#judge} is asked about; a suite builds it from an
 * engine by listing recursively, in any order: the constructor sorts and checks it is a tree.
 */
public record Tree(List<Node> nodes) {
    private static final int DESCRIBE_NODES_MAX = 40;

    /**
     * One node.
     *
     * @param path        absolute, as spelled; {@code \} for the root
     * @param directory   a directory, else a file
     * @param size        the file's size, 0 for a directory
     * @param reparseTag  0 if none
     * @param reparseData empty when {@code reparseTag} is 0
     * @param data        the file's full content ({@code size} bytes), empty for a directory
     */
    public record Node(String path, boolean directory, long size, long creationTime, long lastWriteTime,
            int attributes, int reparseTag, Bytes reparseData, Bytes data) {

        public Node {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reparseData, "reparseData");
            Objects.requireNonNull(data, "data");
            require(FsPaths.syntaxError(path, Integer.MAX_VALUE) == null, "bad path: path=" + path);
            require(directory ? size == 0 && data.length() == 0 : size == data.length(),
                    "size and data disagree: path=" + path + " size=" + size + " dataLength=" + data.length());
            require(reparseTag != 0 || reparseData.length() == 0, "reparse data without a tag: path=" + path);
            require(directory || !path.equals(FsPaths.ROOT), "the root is a directory");
        }

        /** A directory with times, attributes 0 and no reparse point. */
        public static Node directory(String path) {
            return new Node(path, true, 0, 0, 0, 0, 0, Bytes.EMPTY, Bytes.EMPTY);
        }

        /** A file with {@code data}, times and attributes 0 and no reparse point. */
        public static Node file(String path, Bytes data) {
            return new Node(path, false, data.length(), 0, 0, 0, 0, Bytes.EMPTY, data);
        }

        public Node withData(Bytes newData) {
            return new Node(path, directory, newData.length(), creationTime, lastWriteTime, attributes, reparseTag,
                    reparseData, newData);
        }

        public Node withTimes(long creation, long lastWrite) {
            return new Node(path, directory, size, creation, lastWrite, attributes, reparseTag, reparseData, data);
        }

        public Node withAttributes(int newAttributes) {
            return new Node(path, directory, size, creationTime, lastWriteTime, newAttributes, reparseTag,
                    reparseData, data);
        }

        public Node withReparsePoint(int tag, Bytes newData) {
            return new Node(path, directory, size, creationTime, lastWriteTime, attributes, tag, newData, data);
        }

        /** One line: path, kind, size, times, attributes, reparse point, data. */
        public String describe() {
            StringBuilder s = new StringBuilder(path).append(directory ? "  dir" : "  file size=" + size);
            if (creationTime != 0 || lastWriteTime != 0) {
                s.append(" times=").append(creationTime).append('/').append(lastWriteTime);
            }
            if (attributes != 0) {
                s.append(" attributes=0x").append(Integer.toHexString(attributes));
            }
            if (reparseTag != 0) {
                s.append(" reparse=0x").append(Integer.toHexString(reparseTag)).append(':').append(reparseData);
            }
            if (!directory && size > 0) {
                s.append(" data=").append(data);
            }
            return s.toString();
        }
    }

    public Tree {
        List<Node> sorted = new ArrayList<>(nodes);
        sorted.sort((a, b) -> FsPaths.CANONICAL.compare(a.path(), b.path()));
        Map<String, Node> byKey = new HashMap<>();
        for (Node n : sorted) {
            require(byKey.put(FsPaths.key(n.path()), n) == null, "two nodes with one name: path=" + n.path());
        }
        require(byKey.containsKey(FsPaths.ROOT), "a tree has the root \\");
        for (Node n : sorted) {
            if (!n.path().equals(FsPaths.ROOT)) {
                List<String> names = FsPaths.split(n.path());
                Node parent = byKey.get(FsPaths.key(FsPaths.join(names.subList(0, names.size() - 1))));
                require(parent != null && parent.directory(), "no parent directory: path=" + n.path());
            }
        }
        nodes = List.copyOf(sorted);
    }

    public static Tree of(Node... nodes) {
        return new Tree(Arrays.asList(nodes));
    }

    /** The node at {@code path} (case-insensitively), or null. */
    public Node node(String path) {
        String key = FsPaths.key(path);
        for (Node n : nodes) {
            if (FsPaths.key(n.path()).equals(key)) {
                return n;
            }
        }
        return null;
    }

    /** With {@code node} replacing the node of the same path (case-insensitively) or added. */
    public Tree with(Node node) {
        List<Node> next = new ArrayList<>(nodes);
        next.removeIf(n -> FsPaths.key(n.path()).equals(FsPaths.key(node.path())));
        next.add(node);
        return new Tree(next);
    }

    /** Without the node at {@code path} (case-insensitively); its entries must be gone already. */
    public Tree without(String path) {
        List<Node> next = new ArrayList<>(nodes);
        next.removeIf(n -> FsPaths.key(n.path()).equals(FsPaths.key(path)));
        return new Tree(next);
    }

    /** A short human summary: one line per node (the first few), e.g. {@code \a.txt  file size=3 data=616263(3 bytes)}. */
    public String describe() {
        StringBuilder s = new StringBuilder("tree of ").append(nodes.size()).append(" nodes");
        for (int i = 0; i < Math.min(nodes.size(), DESCRIBE_NODES_MAX); i++) {
            s.append("\n  ").append(nodes.get(i).describe());
        }
        if (nodes.size() > DESCRIBE_NODES_MAX) {
            s.append("\n  .. ").append(nodes.size() - DESCRIBE_NODES_MAX).append(" more");
        }
        return s.toString();
    }
}
