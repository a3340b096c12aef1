package txstack.implementation.fs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import txstack.implementation.recovery.Transaction;

/** fsck bites: each kind of damage, made with a raw store transaction behind the file system's back, is reported. */
class FsckTest {

    private static FileSystem populated() {
        FileSystem fs = FileSystemTest.small();
        fs.createDirectory("\\d");
        fs.createFile("\\d\\f");
        fs.write("\\d\\f", 0, new byte[2000]);
        assertTrue(fs.check().clean(), fs.check().problems().toString());
        return fs;
    }

    private static void damage(FileSystem fs, int block, int offset, byte[] bytes) {
        Transaction tx = fs.store.begin();
        fs.meta.write(tx, block, offset, bytes);
        tx.commit();
    }

    @Test
    void leakedClusterIsReported() {
        FileSystem fs = populated();
        // Cluster bitmap byte 100 (clusters 800..807) marked used, owned by no file; the memory copy follows the disk.
        damage(fs, 0, 100, new byte[] {(byte) 0xFF});
        fs.clusterUsed.set(800, 808);
        FsckReport report = fs.check();
        assertFalse(report.clean());
        assertTrue(report.problems().toString().contains("cluster bitmap"), report.problems().toString());
    }

    @Test
    void corruptRecordIsReported() {
        FileSystem fs = populated();
        int record = fs.index().lookup(fs.readRecord(fs.rootRecord), "d");
        damage(fs, record, FileRecord.CREATION_OFFSET, new byte[] {42});
        FsckReport report = fs.check();
        assertFalse(report.clean());
        assertTrue(report.problems().toString().contains("crc32c"), report.problems().toString());
    }

    @Test
    void entryWithWrongNameIsReported() {
        FileSystem fs = populated();
        int dir = fs.index().lookup(fs.readRecord(fs.rootRecord), "d");
        int index = fs.readRecord(dir).indexRoot;
        IndexNode node = fs.readNode(index);
        node.entries.set(0, new IndexNode.Entry(node.entries.getFirst().value(), "g"));
        damage(fs, index, 0, node.encode());
        FsckReport report = fs.check();
        assertFalse(report.clean());
        assertTrue(report.problems().toString().contains("disagrees"), report.problems().toString());
    }

    private static String problemsAfter(FileSystem fs) {
        FsckReport report = fs.check();
        assertFalse(report.clean(), "the damage was not reported");
        return report.problems().toString();
    }

    private static int recordOf(FileSystem fs, String dirName, String name) {
        FileRecord dir = fs.readRecord(dirName == null ? fs.rootRecord : fs.index().lookup(fs.readRecord(fs.rootRecord),
                dirName));
        return fs.index().lookup(dir, name);
    }

    private static void rewrite(FileSystem fs, int record, java.util.function.Consumer<FileRecord> change) {
        FileRecord r = fs.readRecord(record);
        change.accept(r);
        damage(fs, record, 0, r.encode());
    }

    @Test
    void leakedBlockIsReported() {
        FileSystem fs = populated();
        int free = fs.blockUsed.nextClearBit(fs.rootRecord);
        fs.blockUsed.set(free);
        String problems = problemsAfter(fs);
        assertTrue(problems.contains("block bitmap differs from the blocks in use: blocks={" + free + "}"), problems);
        assertTrue(problems.contains("block bitmap on disk differs from memory"), problems);
    }

    @Test
    void clusterBitmapInMemoryAheadOfTheDiskIsReported() {
        FileSystem fs = populated();
        int free = fs.clusterUsed.nextClearBit(0);
        fs.clusterUsed.set(free);
        String problems = problemsAfter(fs);
        assertTrue(problems.contains("cluster bitmap differs from the union of extents: clusters={" + free + "}"),
                problems);
        assertTrue(problems.contains("cluster bitmap on disk differs from memory"), problems);
    }

    @Test
    void sizeWithoutItsClustersIsReported() {
        FileSystem fs = populated();
        rewrite(fs, recordOf(fs, "d", "f"), r -> r.size = 1_000_000);
        assertTrue(problemsAfter(fs).contains("clusters do not match the size"), problemsAfter(fs));
    }

    @Test
    void extentOutOfTheVolumeIsReported() {
        FileSystem fs = populated();
        rewrite(fs, recordOf(fs, "d", "f"), r -> r.extents.set(0, new FileRecord.Extent(fs.header.clusterCount() - 1,
                r.extents.getFirst().count())));
        assertTrue(problemsAfter(fs).contains("extent out of the volume"), problemsAfter(fs));
    }

    @Test
    void clusterOfTwoFilesIsReported() {
        FileSystem fs = populated();
        fs.createFile("\\g");
        fs.write("\\g", 0, new byte[100]);
        FileRecord.Extent shared = fs.readRecord(recordOf(fs, "d", "f")).extents.getFirst();
        rewrite(fs, recordOf(fs, null, "g"), r -> r.extents.set(0, new FileRecord.Extent(shared.start(), 1)));
        assertTrue(problemsAfter(fs).contains("cluster allocated twice: cluster=" + shared.start()),
                problemsAfter(fs));
    }

    @Test
    void entryToARecordOutOfRangeOrReachedTwiceIsReported() {
        FileSystem fs = populated();
        int dir = fs.index().lookup(fs.readRecord(fs.rootRecord), "d");
        int index = fs.readRecord(dir).indexRoot;
        IndexNode node = fs.readNode(index);
        node.entries.set(0, new IndexNode.Entry(fs.meta.blockCount() + 5, node.entries.getFirst().name()));
        damage(fs, index, 0, node.encode());
        assertTrue(problemsAfter(fs).contains("entry points to a bad or already reached record"), problemsAfter(fs));

        node.entries.set(0, new IndexNode.Entry(dir, node.entries.getFirst().name()));
        damage(fs, index, 0, node.encode());
        String twice = problemsAfter(fs);
        assertTrue(twice.contains("entry points to a bad or already reached record: directory=" + dir + " name="
                + node.entries.getFirst().name() + " record=" + dir), twice);
    }

    @Test
    void indexNodeOfAnotherDirectoryIsReported() {
        FileSystem fs = populated();
        int dir = fs.index().lookup(fs.readRecord(fs.rootRecord), "d");
        int index = fs.readRecord(dir).indexRoot;
        IndexNode node = fs.readNode(index);
        node.owner = fs.rootRecord;
        damage(fs, index, 0, node.encode());
        assertTrue(problemsAfter(fs).contains("index block of another directory: block=" + index), problemsAfter(fs));
    }

    @Test
    void keysOutOfOrderAreReported() {
        FileSystem fs = populated();
        fs.createFile("\\d\\a");
        int dir = fs.index().lookup(fs.readRecord(fs.rootRecord), "d");
        int index = fs.readRecord(dir).indexRoot;
        IndexNode node = fs.readNode(index);
        java.util.Collections.reverse(node.entries);
        damage(fs, index, 0, node.encode());
        assertTrue(problemsAfter(fs).contains("index keys not ascending: directory=" + dir), problemsAfter(fs));
    }

    @Test
    void uncheckedVolumeCanBeCheckedUnmounted() {
        FileSystem fs = populated();
        fs.close();
        assertTrue(FileSystem.check(fs.device, FileSystemTest.SMALL).clean());
    }
}
