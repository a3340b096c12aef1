package txstack.implementation.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.implementation.cluster.ClusterFixture.payload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

import txstack.implementation.disk.MemoryBlockDevice;

/** Every bound and every check of the cluster layer's on-disk formats, each by the value on either side of it. */
class ClusterBoundsTest {

    @Test
    void aFormatOverAUsedDeviceForgetsItsNamespace() {
        ClusterFixture c = new ClusterFixture();
        c.createOwnedBy(0, 1);
        c.coordinator.change(MetaOp.RESIZE, 0, 512);
        FencedDisk again = FencedDisk.create(c.device, 4, 8);
        assertEquals(0, again.readNamespace().length, "no record of the earlier use");
        assertEquals(0, FencedDisk.open(c.device).readNamespace().length);
        assertEquals(0, FencedDisk.open(c.device).epoch(0), "the earlier use's fence registers are overwritten");
        assertEquals(FencedDisk.FIRST_TERM, FencedDisk.open(c.device).term());
    }

    @Test
    void theGeometryIsCheckedWhenOpened() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, FencedDisk.sectorsNeeded(512, 2, 4));
        FencedDisk.create(device, 2, 4);
        assertEquals(2, FencedDisk.open(device).fileCount());
        assertEquals(4, FencedDisk.open(device).sectorsPerFile());
        for (int offset : new int[] {4, 8, 16}) { // version, file count, sectors per file
            MemoryBlockDevice copy = copy(device);
            ByteBuffer g = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
            copy.read(0, g);
            g.put(offset, (byte) (g.get(offset) + 1));
            copy.write(0, g.clear(), true);
            CorruptNamespaceException e = assertThrows(CorruptNamespaceException.class, () -> FencedDisk.open(copy));
            assertTrue(e.getMessage().startsWith(offset == 4 ? "bad version" : "geometry crc32c mismatch"),
                    e.getMessage());
        }
        // A geometry with a good CRC but impossible values.
        for (long[] bad : new long[][] {{0, 4}, {FencedDisk.FILES_MAX + 1, 4}, {2, 0}}) {
            MemoryBlockDevice copy = copy(device);
            ByteBuffer g = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
            g.putInt(FencedDisk.MAGIC).putShort(FencedDisk.VERSION).putShort((short) 0).putInt((int) bad[0]).putInt(0)
                    .putLong(bad[1]);
            CRC32C crc = new CRC32C();
            crc.update(g.array(), 0, 24);
            g.putInt((int) crc.getValue());
            copy.write(0, g.clear(), true);
            CorruptNamespaceException e = assertThrows(CorruptNamespaceException.class, () -> FencedDisk.open(copy));
            assertTrue(e.getMessage().startsWith("bad geometry"), e.getMessage());
        }
    }

    @Test
    void formatChecksItsArgumentsAndTheDeviceSize() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, FencedDisk.sectorsNeeded(512, 2, 4));
        assertEquals(2, FencedDisk.create(device, 2, 4).fileCount(), "exactly the sectors needed");
        MemoryBlockDevice small = MemoryBlockDevice.create(512, FencedDisk.sectorsNeeded(512, 2, 4) - 1);
        assertThrows(ClusterLimitException.class, () -> FencedDisk.create(small, 2, 4));
        assertThrows(ClusterLimitException.class, () -> FencedDisk.create(device, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> FencedDisk.create(device, 1, 0));
        MemoryBlockDevice big = MemoryBlockDevice.create(512, FencedDisk.sectorsNeeded(512, FencedDisk.FILES_MAX, 1));
        assertEquals(FencedDisk.FILES_MAX, FencedDisk.create(big, FencedDisk.FILES_MAX, 1).fileCount());
    }

    @Test
    void aRecordOfTheLargestNamespaceFitsItsSlot() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, FencedDisk.sectorsNeeded(512, 3, 1));
        FencedDisk disk = FencedDisk.create(device, 3, 1);
        Namespace ns = new Namespace(3, FencedDisk.FIRST_TERM);
        for (int node = 0; node < Namespace.SESSIONS_MAX; node++) {
            for (int seq = 0; seq < Namespace.APPLIED_MAX / Namespace.SESSIONS_MAX + 1; seq++) {
                ns.markApplied(new RequestId(node, 1, seq));
            }
        }
        assertEquals(Namespace.APPLIED_MAX, ns.applied().size());
        byte[] record = ns.encode();
        assertEquals(Namespace.maxRecordBytes(3), record.length, "the bound is exact");
        disk.writeNamespace(FencedDisk.FIRST_TERM, record);
        assertArrayEquals(record, FencedDisk.open(device).readNamespace());
        assertThrows(ClusterLimitException.class, () -> disk.writeNamespace(FencedDisk.FIRST_TERM,
                new byte[record.length + 512]));
        assertThrows(ClusterLimitException.class, () -> ns.markApplied(new RequestId(Namespace.SESSIONS_MAX, 0, 0)),
                "one session per node, at most SESSIONS_MAX");
    }

    @Test
    void bootCountsStopAtTheLargestIncarnation() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, FencedDisk.sectorsNeeded(512, 1, 1));
        FencedDisk disk = FencedDisk.create(device, 1, 1);
        assertEquals(1, disk.registerBoot(FencedDisk.NODES_MAX - 1));
        assertThrows(ClusterLimitException.class, () -> disk.registerBoot(FencedDisk.NODES_MAX));
        assertThrows(ClusterLimitException.class, () -> disk.registerBoot(-1));
        for (int i = 1; i < RequestId.INCARNATION_MAX; i++) {
            disk.registerBoot(0);
        }
        assertEquals(RequestId.INCARNATION_MAX, FencedDisk.open(device).registerBoot(0), "the count survives a reopen");
        FencedDisk reopened = FencedDisk.open(device);
        assertThrows(ClusterLimitException.class, () -> reopened.registerBoot(0));
    }

    @Test
    void theNamespaceDecoderChecksEveryField() {
        Namespace ns = new Namespace(2, 3);
        ns.setFile(1, new FileEntry(true, 4096, 2, 5));
        ns.markApplied(new RequestId(2, 1, 0));
        ns.markApplied(new RequestId(2, 1, 2));
        byte[] good = ns.encode();
        assertArrayEquals(good, Namespace.decode(good).encode());
        int files = Namespace.HEADER_BYTES;
        int session = files + 2 * Namespace.ENTRY_BYTES;
        // {offset, value}: each makes one field wrong; the CRC is made good again.
        int[][] bad = {
            {Namespace.VERSION_OFFSET, 9}, {Namespace.FILE_COUNT_OFFSET, 0}, {Namespace.APPLIED_COUNT_OFFSET + 3, 0x7F},
            {Namespace.SESSION_COUNT_OFFSET, Namespace.SESSIONS_MAX + 1}, {Namespace.TERM_OFFSET + 7, 0x80},
            {Namespace.SESSION_COUNT_OFFSET + 2, 1}, {files + Namespace.ENTRY_BYTES, 2},
            {files + Namespace.ENTRY_BYTES + 1, 1}, {files + Namespace.ENTRY_BYTES + 4 + 3, 0x80},
            {files + Namespace.ENTRY_BYTES + 8 + 7, 0x80}, {files + Namespace.ENTRY_BYTES + 16 + 7, 0x80},
            {session + 4, 1}, {session + 8 + 7, 0x80}, {session + 16, 1},
        };
        for (int[] b : bad) {
            byte[] record = good.clone();
            record[b[0]] = (byte) b[1];
            resign(record, good.length);
            assertThrows(CorruptNamespaceException.class, () -> Namespace.decode(record), "offset " + b[0]);
        }
        assertThrows(CorruptNamespaceException.class, () -> Namespace.decode(java.util.Arrays.copyOf(good,
                good.length - 1)), "truncated");
        byte[] twice = concatSession(good, session);
        resign(twice, twice.length);
        assertThrows(CorruptNamespaceException.class, () -> Namespace.decode(twice), "a node's session twice");
    }

    @Test
    void aDeposedCoordinatorChangesNothing() {
        ClusterFixture c = new ClusterFixture();
        c.createOwnedBy(0, 1);
        c.createOwnedBy(1, 1);
        Coordinator next = Coordinator.takeOver(c.node(2), c.disk, c.network);
        assertThrows(FencedWriteException.class, () -> c.coordinator.takeback(0));
        long epoch = c.disk.epoch(1);
        assertThrows(FencedWriteException.class, () -> c.coordinator.migrate(1, c.node(1), c.node(2)));
        assertThrows(FencedWriteException.class, () -> c.coordinator.change(MetaOp.RESIZE, 1, 512));
        assertThrows(FencedWriteException.class, () -> c.coordinator.takeback(1));
        assertEquals(epoch, c.disk.epoch(1));
        assertFalse(c.node(1).isStopped(1), "the owner was not even asked to stop");
        assertEquals(c.disk.epoch(1), c.node(1).epochOf(1));
        assertEquals(java.util.List.of(0, 1), next.migrateAll(c.node(1), c.node(2)));
        assertEquals(java.util.List.of(), next.migrateAll(c.node(1), c.node(2)), "nothing left to move");
    }

    @Test
    void aNodeKeepsItsBounds() {
        ClusterFixture c = new ClusterFixture(1, 3, 2, 8, ClusterFault.CORRECT);
        c.createOwnedBy(0, 1);
        long epoch = c.node(1).epochOf(0);
        assertThrows(IllegalArgumentException.class, () -> c.node(1).write(0, 8, payload(1, 1, epoch)));
        assertThrows(IllegalArgumentException.class, () -> c.node(1).write(0, -1, payload(1, 1, epoch)));
        assertThrows(IllegalArgumentException.class, () -> c.node(1).write(0, 0, new byte[511]));
        c.node(1).write(0, 7, payload(1, 1, epoch));
        assertThrows(NotOwnerException.class, () -> c.node(1).write(1, 0, payload(1, 1, epoch)));
        for (int i = 0; i < Node.PENDING_MAX; i++) {
            c.node(1).requestMeta(MetaOp.RESIZE, 0, 0);
        }
        assertThrows(ClusterLimitException.class, () -> c.node(1).requestMeta(MetaOp.RESIZE, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> c.node(1).followCoordinator(-1));
        assertThrows(IllegalArgumentException.class, () -> c.node(1).followCoordinator(RequestId.NODE_MAX + 1));
        c.node(1).followCoordinator(RequestId.NODE_MAX);
        assertEquals(RequestId.NODE_MAX, c.node(1).coordinatorId());
        assertThrows(IllegalArgumentException.class, () -> new Node(-1, 0, c.disk, c.network));
        assertThrows(IllegalArgumentException.class, () -> new Node(0, RequestId.NODE_MAX + 1, c.disk, c.network));
        c.node(1).crash();
        assertThrows(NodeDownException.class, () -> c.node(1).accept(new Message.MetaAck(new RequestId(0, 0, 0), 0,
                1)));
        assertThrows(IllegalStateException.class, () -> c.node(2).restart());
    }

    @Test
    void anAckSettlesOnlyItsOwnNodesPendingRequest() {
        ClusterFixture c = new ClusterFixture();
        RequestId id = c.node(1).requestMeta(MetaOp.CREATE, 0, 0);
        assertFalse(c.node(2).accept(new Message.MetaAck(id, 0, 2)), "not node 2's request");
        assertFalse(c.node(1).accept(new Message.MetaAck(id, 0, 2)), "addressed to another node");
        assertFalse(c.node(1).accept(new Message.MetaRequest(id, 1, 1, MetaOp.CREATE, 0, 0)), "a request");
        assertTrue(c.node(1).accept(new Message.MetaAck(id, 0, 1)));
        assertTrue(c.node(1).isAcknowledged(id));
        assertFalse(c.node(1).accept(new Message.MetaAck(id, 0, 1)), "settled already");
    }

    private static MemoryBlockDevice copy(MemoryBlockDevice device) {
        MemoryBlockDevice c = MemoryBlockDevice.create(device.sectorSizeBytes(), device.sectorCount());
        ByteBuffer all = ByteBuffer.allocate((int) (device.sectorCount() * device.sectorSizeBytes()));
        device.read(0, all);
        c.write(0, all.flip(), true);
        return c;
    }

    /** Puts a good CRC over the first {@code length - 4} bytes. */
    private static void resign(byte[] record, int length) {
        CRC32C crc = new CRC32C();
        crc.update(record, 0, length - Namespace.CRC_BYTES);
        ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).putInt(length - Namespace.CRC_BYTES,
                (int) crc.getValue());
    }

    /** The record with its one session written twice (session count 2). */
    private static byte[] concatSession(byte[] good, int session) {
        byte[] out = new byte[good.length + Namespace.SESSION_BYTES];
        System.arraycopy(good, 0, out, 0, session + Namespace.SESSION_BYTES);
        System.arraycopy(good, session, out, session + Namespace.SESSION_BYTES, good.length - session);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putShort(Namespace.SESSION_COUNT_OFFSET, (short) 2);
        return out;
    }
}
