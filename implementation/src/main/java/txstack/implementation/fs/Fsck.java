package txstack.implementation.fs;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The file-system check of a mounted volume. It walks the tree from the root and checks: every record and index block
 * decodes (magic, bounds, CRC32C); every directory entry points to a record reached once, whose parent and name agree;
 * index keys ascend, every key lies within its separators, every leaf at the same depth, every node names its
 * directory; every metadata block is owned once (bitmaps, records, index nodes, reparse data) and the block bitmap
 * is exactly those; the clusters of all extents do not overlap and the cluster bitmap on disk is exactly their union.
 * Quarantined clusters (freed by a transaction the log does not hold durably yet) are free on disk and in no file:
 * they count as neither allocated nor leaked.
 */
final class Fsck {
    private static final int PROBLEMS_MAX = 100;

    private final FileSystem fs;
    private final List<String> problems = new ArrayList<>();
    private final BitSet blocks = new BitSet();
    private final BitSet clusters = new BitSet();
    private int leafDepth = -1;

    Fsck(FileSystem fs) {
        this.fs = fs;
    }

    FsckReport run() {
        for (int b = 0; b < fs.rootRecord; b++) {
            own(b, "bitmap");
        }
        try {
            FileRecord root = fs.readRecord(fs.rootRecord);
            own(fs.rootRecord, "record");
            if (!root.directory) {
                problem("root is not a directory: record=" + fs.rootRecord);
            } else {
                checkNode(root, fs.rootRecord);
                checkDirectory(fs.rootRecord, root, 0);
            }
        } catch (CorruptVolumeException e) {
            problem(e.getMessage());
        }
        checkBitmaps();
        return new FsckReport(problems);
    }

    private void problem(String what) {
        if (problems.size() < PROBLEMS_MAX) {
            problems.add(what);
        }
    }

    private void own(int block, String what) {
        if (block <= 0 && !what.equals("bitmap") || block < 0 || block >= fs.meta.blockCount()) {
            problem("block out of range: block=" + block + " use=" + what);
        } else if (blocks.get(block)) {
            problem("block owned twice: block=" + block + " use=" + what);
        } else {
            blocks.set(block);
        }
    }

    private void checkNode(FileRecord r, int record) {
        for (int block : r.reparseBlocks) {
            own(block, "reparse record=" + record);
        }
        if (r.reparseBlocks.size() * (long) fs.meta.blockBytes() < r.reparseLength) {
            problem("reparse data longer than its blocks: record=" + record);
        }
        long needed = (r.size + fs.header.clusterBytes() - 1) / fs.header.clusterBytes();
        if (r.clusterCount() != needed) {
            problem("clusters do not match the size: record=" + record + " size=" + r.size + " clusters="
                    + r.clusterCount() + " needed=" + needed);
        }
        for (FileRecord.Extent e : r.extents) {
            if (e.start() + e.count() > fs.header.clusterCount()) {
                problem("extent out of the volume: record=" + record + " start=" + e.start());
                continue;
            }
            for (long c = e.start(); c < e.start() + e.count(); c++) {
                if (clusters.get((int) c)) {
                    problem("cluster allocated twice: cluster=" + c + " record=" + record);
                }
                clusters.set((int) c);
            }
        }
    }

    private void checkDirectory(int record, FileRecord dir, int depthGuard) {
        leafDepth = -1;
        List<IndexNode.Entry> entries = new ArrayList<>();
        walkIndex(record, dir.indexRoot, null, null, 0, entries);
        String previous = null;
        for (IndexNode.Entry e : entries) {
            String key = FileSystem.upcase(e.name());
            if (previous != null && previous.compareTo(key) >= 0) {
                problem("index keys not ascending: directory=" + record + " key=" + key);
            }
            previous = key;
            if (e.value() <= 0 || e.value() >= fs.meta.blockCount() || blocks.get(e.value())) {
                problem("entry points to a bad or already reached record: directory=" + record + " name="
                        + e.name() + " record=" + e.value());
                continue;
            }
            FileRecord child;
            try {
                child = fs.readRecord(e.value());
            } catch (CorruptVolumeException ex) {
                problem(ex.getMessage());
                continue;
            }
            own(e.value(), "record");
            if (child.parent != record || !child.name.equals(e.name())) {
                problem("record disagrees with its entry: record=" + e.value() + " parent=" + child.parent
                        + " directory=" + record + " name=" + child.name + " entryName=" + e.name());
            }
            checkNode(child, e.value());
            if (child.directory) {
                checkDirectory(e.value(), child, depthGuard + 1);
            }
        }
    }

    private void walkIndex(int dir, int block, String low, String high, int depth, List<IndexNode.Entry> out) {
        own(block, "index directory=" + dir);
        IndexNode node;
        try {
            node = fs.readNode(block);
        } catch (CorruptVolumeException e) {
            problem(e.getMessage());
            return;
        }
        if (node.entries.size() > fs.header.indexEntriesMax() || node.encodedBytes() > fs.meta.blockBytes()) {
            problem("index node over its limits: block=" + block + " entries=" + node.entries.size());
        }
        if (node.owner != dir) {
            problem("index block of another directory: block=" + block + " owner=" + node.owner + " directory="
                    + dir);
        }
        if (node.leaf) {
            if (leafDepth >= 0 && leafDepth != depth) {
                problem("leaves at different depths: directory=" + dir + " block=" + block);
            }
            leafDepth = depth;
            for (IndexNode.Entry e : node.entries) {
                String key = FileSystem.upcase(e.name());
                if ((low != null && key.compareTo(low) < 0) || (high != null && key.compareTo(high) >= 0)) {
                    problem("key outside its separators: directory=" + dir + " block=" + block + " key=" + key);
                }
            }
            out.addAll(node.entries);
            return;
        }
        for (int i = 0; i < node.childCount(); i++) {
            String childLow = i == 0 ? low : node.entries.get(i - 1).name();
            String childHigh = i < node.entries.size() ? node.entries.get(i).name() : high;
            walkIndex(dir, node.child(i), childLow, childHigh, depth + 1, out);
        }
    }

    private void checkBitmaps() {
        BitSet quarantined = fs.quarantinedClusters();
        if (!fs.blockUsed.equals(blocks)) {
            BitSet diff = (BitSet) fs.blockUsed.clone();
            diff.xor(blocks);
            problem("block bitmap differs from the blocks in use: blocks=" + diff);
        }
        if (!fs.clusterUsed.equals(clusters)) {
            BitSet diff = (BitSet) fs.clusterUsed.clone();
            diff.xor(clusters);
            problem("cluster bitmap differs from the union of extents: clusters=" + diff);
        }
        if (quarantined.intersects(clusters)) {
            problem("quarantined cluster in a file: clusters=" + quarantined);
        }
        FileSystem reread = fs;
        BitSet onDisk = reread.diskBitmap(true);
        if (!onDisk.equals(fs.clusterUsed)) {
            problem("cluster bitmap on disk differs from memory");
        }
        if (!reread.diskBitmap(false).equals(fs.blockUsed)) {
            problem("block bitmap on disk differs from memory");
        }
    }
}
