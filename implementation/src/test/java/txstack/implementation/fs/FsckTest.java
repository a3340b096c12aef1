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

    @Test
    void uncheckedVolumeCanBeCheckedUnmounted() {
        FileSystem fs = populated();
        fs.close();
        assertTrue(FileSystem.check(fs.device, FileSystemTest.SMALL).clean());
    }
}
