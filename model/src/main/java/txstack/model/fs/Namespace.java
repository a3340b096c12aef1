package txstack.model.fs;

import static txstack.model.ModelException.require;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import txstack.model.Bytes;

/**
 * A volume's metadata at one moment, by node id: what a crash keeps or loses as a whole per metadata operation (the
 * file-system contract, "Crash semantics"). File data is not here ({@link FsState} keeps it by node id).
 */
record Namespace(Map<Long, Entry> entries) {
    static final long ROOT_ID = 0;

    /**
     * One node. {@code children} maps each entry's upcased name to its id (directories only), so iterating it
     * lists a directory in the contract's order.
     */
    record Entry(long id, long parent, String name, boolean directory, long size, long creationTime,
            long lastWriteTime, int attributes, int reparseTag, Bytes reparseData, SortedMap<String, Long> children) {

        Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reparseData, "reparseData");
            require(directory || children.isEmpty(), "a file has no entries: id=" + id);
            require(!directory || size == 0, "a directory's size is 0: id=" + id);
            children = Collections.unmodifiableSortedMap(new TreeMap<>(children));
        }

        static Entry created(long id, long parent, String name, boolean directory) {
            return new Entry(id, parent, name, directory, 0, 0, 0, 0, 0, Bytes.EMPTY, new TreeMap<>());
        }

        Entry withPlace(long newParent, String newName) {
            return new Entry(id, newParent, newName, directory, size, creationTime, lastWriteTime, attributes,
                    reparseTag, reparseData, children);
        }

        Entry withSize(long newSize) {
            return new Entry(id, parent, name, directory, newSize, creationTime, lastWriteTime, attributes,
                    reparseTag, reparseData, children);
        }

        Entry withTimes(long creation, long lastWrite) {
            return new Entry(id, parent, name, directory, size, creation, lastWrite, attributes, reparseTag,
                    reparseData, children);
        }

        Entry withAttributes(int newAttributes) {
            return new Entry(id, parent, name, directory, size, creationTime, lastWriteTime, newAttributes,
                    reparseTag, reparseData, children);
        }

        Entry withReparse(int tag, Bytes data) {
            return new Entry(id, parent, name, directory, size, creationTime, lastWriteTime, attributes, tag, data,
                    children);
        }

        Entry withChild(String childName, long childId) {
            SortedMap<String, Long> next = new TreeMap<>(children);
            next.put(FsPaths.upcase(childName), childId);
            return new Entry(id, parent, name, directory, size, creationTime, lastWriteTime, attributes, reparseTag,
                    reparseData, next);
        }

        Entry withoutChild(String childName) {
            SortedMap<String, Long> next = new TreeMap<>(children);
            next.remove(FsPaths.upcase(childName));
            return new Entry(id, parent, name, directory, size, creationTime, lastWriteTime, attributes, reparseTag,
                    reparseData, next);
        }

        NodeInfo info() {
            return new NodeInfo(directory, size, creationTime, lastWriteTime, attributes, reparseTag);
        }
    }

    Namespace {
        entries = Collections.unmodifiableMap(new HashMap<>(entries));
    }

    /** Only the root directory, its times and attributes 0. */
    static Namespace formatted() {
        return new Namespace(Map.of(ROOT_ID, Entry.created(ROOT_ID, -1, "", true)));
    }

    Entry root() {
        return entries.get(ROOT_ID);
    }

    Entry get(long id) {
        Entry e = entries.get(id);
        require(e != null, "no node: id=" + id);
        return e;
    }

    boolean contains(long id) {
        return entries.containsKey(id);
    }

    /** The entry of {@code directory} named {@code name} (case-insensitively), or null. */
    Entry child(Entry directory, String name) {
        Long id = directory.children().get(FsPaths.upcase(name));
        return id == null ? null : entries.get(id);
    }

    /** With {@code changed} put in place of the entries of the same ids. */
    Namespace with(Entry... changed) {
        Map<Long, Entry> next = new HashMap<>(entries);
        for (Entry e : changed) {
            next.put(e.id(), e);
        }
        return new Namespace(next);
    }

    Namespace without(long id) {
        Map<Long, Entry> next = new HashMap<>(entries);
        next.remove(id);
        return new Namespace(next);
    }

    /** The node's absolute path, as spelled. */
    String path(long id) {
        List<String> names = new ArrayList<>();
        for (Entry e = get(id); e.id() != ROOT_ID; e = get(e.parent())) {
            names.add(e.name());
        }
        Collections.reverse(names);
        return FsPaths.join(names);
    }

    /** Whether {@code id} is {@code ancestor} or below it. */
    boolean isWithin(long id, long ancestor) {
        for (long at = id; at != -1; at = get(at).parent()) {
            if (at == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** Every node with its path, a directory right before its entries, entries in the contract's order. */
    List<Map.Entry<String, Entry>> preorder() {
        List<Map.Entry<String, Entry>> out = new ArrayList<>();
        visit(root(), FsPaths.ROOT, out);
        return out;
    }

    private void visit(Entry e, String path, List<Map.Entry<String, Entry>> out) {
        out.add(Map.entry(path, e));
        for (long child : e.children().values()) {
            Entry c = get(child);
            visit(c, path.equals(FsPaths.ROOT) ? path + c.name() : path + FsPaths.ROOT + c.name(), out);
        }
    }
}
