package txstack.implementation.fs;

import java.util.ArrayList;
import java.util.List;

/**
 * A directory's index: a B+tree of its names, upcased for order and lookup (names compare case-insensitively, as
 * in NTFS), in metadata blocks of the file system. The root stays in the block the directory's record names; a
 * root that splits keeps its block and moves its left half to a new one. Changes are made inside the file system's
 * metadata operation ({@link FileSystem.Op}) and roll back with it.
 */
final class DirectoryIndex {
    private final FileSystem fs;

    DirectoryIndex(FileSystem fs) {
        this.fs = fs;
    }

    /** The record the directory names {@code name} with, 0 if none. */
    int lookup(FileRecord dir, String name) {
        String key = FileSystem.upcase(name);
        IndexNode node = fs.readNode(dir.indexRoot);
        while (!node.leaf) {
            node = fs.readNode(node.child(childIndex(node, key)));
        }
        for (IndexNode.Entry e : node.entries) {
            if (FileSystem.upcase(e.name()).equals(key)) {
                return e.value();
            }
        }
        return 0;
    }

    /** Which child of an internal node holds {@code key}: the number of separators at or below it. */
    static int childIndex(IndexNode node, String key) {
        int lo = 0;
        int hi = node.entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (node.entries.get(mid).name().compareTo(key) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private record Split(String separator, int right) {
    }

    void insertEntry(FileSystem.Op op, FileRecord dir, int dirRecord, String name, int record) {
        int root = dir.indexRoot;
        Split split = insertInto(op, root, dirRecord, FileSystem.upcase(name), new IndexNode.Entry(record, name));
        if (split != null) {
            // The root keeps its block: its left half moves to a new block under it.
            int left = fs.allocateBlock(op);
            fs.writeNode(op, left, fs.readNode(root));
            IndexNode newRoot = new IndexNode(false, dirRecord);
            newRoot.firstChild = left;
            newRoot.entries.add(new IndexNode.Entry(split.right(), split.separator()));
            fs.writeNode(op, root, newRoot);
        }
    }

    private Split insertInto(FileSystem.Op op, int block, int dirRecord, String key, IndexNode.Entry entry) {
        IndexNode node = fs.readNode(block);
        if (node.leaf) {
            int pos = 0;
            while (pos < node.entries.size() && FileSystem.upcase(node.entries.get(pos).name()).compareTo(key) < 0) {
                pos++;
            }
            node.entries.add(pos, entry);
        } else {
            int i = childIndex(node, key);
            Split split = insertInto(op, node.child(i), dirRecord, key, entry);
            if (split == null) {
                return null;
            }
            node.entries.add(i, new IndexNode.Entry(split.right(), split.separator()));
        }
        boolean tooMany = node.entries.size() > fs.header.indexEntriesMax();
        if (node.encodedBytes() <= fs.meta.blockBytes() && !tooMany) {
            fs.writeNode(op, block, node);
            return null;
        }
        return split(op, block, dirRecord, node, tooMany);
    }

    /**
     * Splits an overfull node, by bytes or (over the entry limit) by count: the left half stays in {@code block}, the
     * right goes to a new block.
     */
    private Split split(FileSystem.Op op, int block, int dirRecord, IndexNode node, boolean byCount) {
        int total = node.encodedBytes();
        int m = 0;
        int bytes = IndexNode.ENTRIES_OFFSET;
        while (m < node.entries.size() && bytes < total / 2) {
            bytes += node.entries.get(m).encodedBytes();
            m++;
        }
        if (byCount) {
            // The node fits its block: halving the entries keeps both halves within it and within the limit.
            m = node.entries.size() / 2;
        }
        IndexNode right = new IndexNode(node.leaf, dirRecord);
        String separator;
        if (node.leaf) {
            m = Math.max(1, Math.min(m, node.entries.size() - 1));
            right.entries.addAll(node.entries.subList(m, node.entries.size()));
            separator = FileSystem.upcase(right.entries.getFirst().name());
        } else {
            m = Math.min(m, node.entries.size() - 1);
            IndexNode.Entry middle = node.entries.get(m);
            right.firstChild = middle.value();
            right.entries.addAll(node.entries.subList(m + 1, node.entries.size()));
            separator = middle.name();
        }
        node.entries.subList(m, node.entries.size()).clear();
        int rightBlock = fs.allocateBlock(op);
        fs.writeNode(op, rightBlock, right);
        fs.writeNode(op, block, node);
        if (fs.fault == FsFault.INDEX_SPLIT_PARTIAL) {
            op.commitDurablyAndContinue();
        }
        return new Split(separator, rightBlock);
    }

    void removeEntry(FileSystem.Op op, FileRecord dir, String name) {
        removeFrom(op, dir.indexRoot, FileSystem.upcase(name), true);
    }

    /** Removes the key under {@code block}; returns true if the node became empty and was freed. */
    private boolean removeFrom(FileSystem.Op op, int block, String key, boolean isRoot) {
        IndexNode node = fs.readNode(block);
        if (node.leaf) {
            boolean removed = node.entries.removeIf(e -> FileSystem.upcase(e.name()).equals(key));
            if (!removed) {
                throw new CorruptVolumeException("index entry missing: block=" + block + " key=" + key);
            }
        } else {
            int i = childIndex(node, key);
            if (!removeFrom(op, node.child(i), key, false)) {
                return false;
            }
            if (i == 0) {
                if (node.entries.isEmpty()) {
                    node = new IndexNode(true, node.owner);
                } else {
                    node.firstChild = node.entries.removeFirst().value();
                }
            } else {
                node.entries.remove(i - 1);
            }
        }
        if (!isRoot && node.leaf && node.entries.isEmpty()) {
            fs.freeBlock(op, block);
            return true;
        }
        fs.writeNode(op, block, node);
        return false;
    }

    boolean isEmptyDirectory(FileRecord dir) {
        IndexNode root = fs.readNode(dir.indexRoot);
        return root.leaf && root.entries.isEmpty();
    }

    /** The directory's entries (record, name) in index order. */
    List<IndexNode.Entry> entries(FileRecord dir) {
        List<IndexNode.Entry> out = new ArrayList<>();
        collect(dir.indexRoot, out);
        return out;
    }

    private void collect(int block, List<IndexNode.Entry> out) {
        IndexNode node = fs.readNode(block);
        if (node.leaf) {
            out.addAll(node.entries);
            return;
        }
        for (int i = 0; i < node.childCount(); i++) {
            collect(node.child(i), out);
        }
    }
}
