package txstack.implementation.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import txstack.implementation.disk.MemoryBlockDevice;

/** The fence at the disk (CSV-6) and the namespace record (CSV-1). */
class FencedDiskTest {
    private final FencedDisk disk = FencedDisk.create(MemoryBlockDevice.create(512, 64), 2, 4);

    private static ByteBuffer block(int value) {
        byte[] b = new byte[512];
        b[0] = (byte) value;
        return ByteBuffer.wrap(b);
    }

    @Test
    void aFileNobodyWasFencedForTakesNoWrite() {
        assertThrows(FencedWriteException.class, () -> disk.writeBlock(0, 0, 0, block(1)));
    }

    @Test
    void onlyTheCurrentEpochWritesAndTheMessageSaysExpectedAndActual() {
        disk.fence(FencedDisk.FIRST_TERM, 0, 1);
        disk.writeBlock(0, 1, 2, block(5));
        disk.fence(FencedDisk.FIRST_TERM, 0, 2);
        FencedWriteException e = assertThrows(FencedWriteException.class, () -> disk.writeBlock(0, 1, 2, block(6)));
        assertEquals("stale epoch: file=0 block=2 expected=2 actual=1", e.getMessage());
        assertThrows(FencedWriteException.class, () -> disk.writeBlock(0, 3, 2, block(6)));
        ByteBuffer dst = ByteBuffer.allocate(512);
        disk.readBlock(0, 2, dst);
        assertEquals(5, dst.get(0));
        disk.writeBlock(0, 2, 2, block(7));
        assertThrows(FencedWriteException.class, () -> disk.writeBlock(1, 2, 2, block(7)), "epochs are per file");
    }

    @Test
    void epochsAndTermsOnlyGrow() {
        disk.fence(FencedDisk.FIRST_TERM, 1, 5);
        assertThrows(IllegalArgumentException.class, () -> disk.fence(FencedDisk.FIRST_TERM, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> disk.fenceNamespace(FencedDisk.FIRST_TERM));
    }

    @Test
    void aDeposedCoordinatorsNamespaceWriteIsRefused() {
        Namespace ns = new Namespace(2, FencedDisk.FIRST_TERM);
        disk.writeNamespace(FencedDisk.FIRST_TERM, ns.encode());
        disk.fenceNamespace(2);
        FencedWriteException e = assertThrows(FencedWriteException.class,
                () -> disk.writeNamespace(FencedDisk.FIRST_TERM, ns.encode()));
        assertEquals("stale term: namespace write expected=2 actual=1", e.getMessage());
    }

    @Test
    void everythingIsBounded() {
        assertThrows(ClusterLimitException.class,
                () -> FencedDisk.create(MemoryBlockDevice.create(512, 1 << 20), FencedDisk.FILES_MAX + 1, 1));
        assertThrows(ClusterLimitException.class, () -> FencedDisk.create(MemoryBlockDevice.create(512, 8), 2, 4));
        disk.fence(FencedDisk.FIRST_TERM, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> disk.writeBlock(0, 1, 4, block(1)));
        assertThrows(IllegalArgumentException.class, () -> disk.writeBlock(2, 1, 0, block(1)));
    }

    @Test
    void theNamespaceRecordReadsBackAsWritten() {
        Namespace ns = new Namespace(2, FencedDisk.FIRST_TERM);
        ns.setFile(1, new FileEntry(true, 1234, 3, 7));
        ns.markApplied(new RequestId(3, 2, 99));
        disk.writeNamespace(FencedDisk.FIRST_TERM, ns.encode());
        Namespace back = Namespace.decode(disk.readNamespace());
        assertEquals(ns.file(1), back.file(1));
        assertEquals(FileEntry.ABSENT, back.file(0));
        assertEquals(ns.applied(), back.applied());
        assertArrayEquals(ns.encode(), back.encode());
    }

    @Test
    void aCorruptNamespaceRecordIsRejectedWithTheOffset() {
        Namespace ns = new Namespace(2, FencedDisk.FIRST_TERM);
        byte[] record = ns.encode();
        record[Namespace.HEADER_BYTES + 8] ^= 1;
        CorruptNamespaceException e = assertThrows(CorruptNamespaceException.class, () -> Namespace.decode(record));
        assertTrue(e.getMessage().startsWith("crc32c mismatch: offset=0x48 calculated=0x"), e.getMessage());
        assertThrows(CorruptNamespaceException.class, () -> Namespace.decode(disk.readNamespace()), "never written");
    }

    @Test
    void aVolumeAppliesAnyNumberOfRequestsEachOnceAndListsTheRecentOnes() {
        Namespace ns = new Namespace(1, FencedDisk.FIRST_TERM);
        int total = 3 * Namespace.APPLIED_MAX;
        for (int i = 0; i < total; i++) {
            // Out of order inside the window, as a lossy network delivers them: pairs swapped.
            RequestId id = new RequestId(1, 1, i % 2 == 0 ? i + 1 : i - 1);
            assertEquals(Namespace.Status.NEW, ns.status(id));
            ns.markApplied(id);
            assertEquals(Namespace.Status.APPLIED, ns.status(id));
        }
        assertEquals(Namespace.APPLIED_MAX, ns.applied().size(), "the recent list slides");
        Namespace back = Namespace.decode(ns.encode());
        for (int i = 0; i < total; i++) {
            assertEquals(Namespace.Status.APPLIED, back.status(new RequestId(1, 1, i)), "seq " + i);
        }
        assertEquals(Namespace.Status.NEW, back.status(new RequestId(1, 1, total)));
        assertEquals(Namespace.Status.NEW, back.status(new RequestId(2, 0, 0)), "another node");
        assertEquals(Namespace.Status.STALE, back.status(new RequestId(1, 1, total + Namespace.WINDOW)),
                "further ahead than a node can have requests in flight");
        back.markApplied(new RequestId(1, 2, 5)); // the node restarted: a new session
        assertEquals(Namespace.Status.STALE, back.status(new RequestId(1, 1, total)), "its old incarnation's");
        assertEquals(Namespace.Status.NEW, back.status(new RequestId(1, 2, 0)));
        assertThrows(ClusterLimitException.class, () -> back.markApplied(new RequestId(1, 1, total)));
        assertArrayEquals(back.encode(), Namespace.decode(back.encode()).encode());
    }

    @Test
    void consecutiveBlocksGoInOneCheckedWrite() {
        disk.fence(FencedDisk.FIRST_TERM, 1, 3);
        ByteBuffer three = ByteBuffer.allocate(3 * 512);
        for (int b = 0; b < 3; b++) {
            three.put(block(10 + b));
        }
        three.flip();
        FencedWriteException e = assertThrows(FencedWriteException.class, () -> disk.writeBlocks(1, 2, 1, three));
        assertTrue(e.getMessage().startsWith("stale epoch: file=1 block=1"), e.getMessage());
        ByteBuffer dst = ByteBuffer.allocate(512);
        disk.readBlock(1, 1, dst);
        assertEquals(0, dst.get(0), "a refused write writes nothing");
        disk.writeBlocks(1, 3, 1, three);
        for (int b = 0; b < 3; b++) {
            dst.clear();
            disk.readBlock(1, 1 + b, dst);
            assertEquals(10 + b, dst.get(0));
        }
        assertThrows(IllegalArgumentException.class, () -> disk.writeBlocks(1, 3, 2, ByteBuffer.allocate(3 * 512)),
                "past the file's last block");
        assertThrows(IllegalArgumentException.class, () -> disk.writeBlocks(1, 3, 0, ByteBuffer.allocate(700)),
                "not whole blocks");
        assertThrows(IllegalArgumentException.class, () -> disk.writeBlocks(1, 3, 0, ByteBuffer.allocate(0)));
    }
}
