package txstack.implementation.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.implementation.cluster.ClusterFixture.payload;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Coordinator failover, the durable fence registers and boot counts (CSV-3, CSV-6, CSV-7). */
class ClusterFailoverTest {

    @Test
    void aNewCoordinatorRecoversTheNamespaceAndTheOldOneIsRefused() {
        ClusterFixture c = new ClusterFixture();
        c.createOwnedBy(0, 1);
        RequestId resized = c.node(1).requestMeta(MetaOp.RESIZE, 0, 4096);
        c.coordinator.poll();
        c.node(1).poll();
        assertTrue(c.node(1).isAcknowledged(resized));

        Coordinator next = Coordinator.takeOver(c.node(2), c.disk, c.network);
        assertEquals(FencedDisk.FIRST_TERM + 1, next.term());
        assertEquals(c.coordinator.namespace().file(0), next.namespace().file(0), "the file table is recovered");
        assertTrue(next.namespace().isApplied(resized), "the applied requests are recovered");

        // The old coordinator is alive and does not know: the disk refuses its fence and its namespace write.
        assertThrows(FencedWriteException.class, () -> c.coordinator.takeback(0));
        assertTrue(c.coordinator.isDeposed());
        assertEquals(c.disk.epoch(0), c.node(1).epochOf(0), "the owner's token is still current");

        // The request is sent again to the new coordinator: applied once, acked.
        c.node(1).followCoordinator(2);
        c.node(1).retry();
        RequestId again = c.node(1).requestMeta(MetaOp.RESIZE, 0, 2048);
        next.poll();
        c.node(1).poll();
        assertTrue(c.node(1).isAcknowledged(again));
        Namespace durable = c.durableNamespace();
        assertEquals(2048, durable.file(0).sizeBytes());
        assertEquals(1, durable.applied().stream().filter(resized::equals).count(), "applied once");
    }

    @Test
    void aFailoverWithoutRecoveryLosesTheNamespace() {
        ClusterFixture c = new ClusterFixture(1, 3, 4, 8, ClusterFault.FAILOVER_WITHOUT_RECOVERY);
        c.createOwnedBy(0, 1);
        Coordinator next = Coordinator.takeOver(c.node(2), c.disk, c.network,
                ClusterFault.FAILOVER_WITHOUT_RECOVERY);
        assertFalse(next.namespace().file(0).exists(), "the broken variant forgets the file it should recover");
    }

    @Test
    void aDiskIgnoringTheTermTakesTheDeposedCoordinatorsWrite() {
        ClusterFixture c = new ClusterFixture(1, 3, 4, 8, ClusterFault.LOG_IGNORES_TERM);
        c.createOwnedBy(0, 1);
        Coordinator.takeOver(c.node(2), c.disk, c.network);
        c.coordinator.change(MetaOp.RESIZE, 0, 512);
        assertFalse(c.coordinator.isDeposed(), "the broken disk lets the old coordinator write");
        assertEquals(FencedDisk.FIRST_TERM, c.durableNamespace().term(), "a stale term's record on the disk");
    }

    @Test
    void aRefusedFlushIsReportedUnlessTheNodeIsBroken() {
        for (ClusterFault fault : List.of(ClusterFault.CORRECT, ClusterFault.ACK_REFUSED_WRITE)) {
            ClusterFixture c = new ClusterFixture(1, 3, 4, 8, fault);
            c.createOwnedBy(0, 1);
            c.node(1).write(0, 0, payload(1, 1, c.node(1).epochOf(0)));
            c.coordinator.takeback(0);
            if (fault == ClusterFault.CORRECT) {
                assertThrows(FencedWriteException.class, () -> c.node(1).flush(0));
            } else {
                c.node(1).flush(0); // the broken node acknowledges a flush the disk refused
            }
            assertEquals(0, c.node(1).epochOf(0), "either way the data did not land");
        }
    }

    @Test
    void epochsTermsAndBootCountsSurviveAPowerLossOfTheDisk() {
        ClusterFixture c = new ClusterFixture();
        c.createOwnedBy(0, 1);
        long epoch = c.disk.epoch(0);
        Coordinator.takeOver(c.node(2), c.disk, c.network);
        RequestId before = c.node(1).requestMeta(MetaOp.RESIZE, 0, 512);

        FencedDisk reopened = FencedDisk.open(c.device);
        assertEquals(epoch, reopened.epoch(0));
        assertEquals(FencedDisk.FIRST_TERM + 1, reopened.term());
        assertThrows(FencedWriteException.class, () -> reopened.writeBlock(0, epoch - 1, 0,
                ByteBuffer.wrap(payload(1, 1, epoch - 1))), "a lowered epoch would let a zombie write");
        assertArrayEquals(c.disk.readNamespace(), reopened.readNamespace());

        Node rebooted = new Node(1, 2, reopened, c.network);
        assertNotEquals(before, rebooted.requestMeta(MetaOp.RESIZE, 0, 512), "a new boot never reuses an id");
    }

    @Test
    void aTornNamespaceWriteLeavesThePreviousRecord() {
        ClusterFixture c = new ClusterFixture();
        c.createOwnedBy(0, 1);
        byte[] previous = c.disk.readNamespace();
        c.coordinator.change(MetaOp.RESIZE, 0, 1024);
        byte[] latest = c.disk.readNamespace();
        assertNotEquals(previous.length, 0);
        // Tear the latest record: a sector of it never made it (here: its bytes are not the ones written).
        FencedDisk reopened = FencedDisk.open(c.device);
        assertArrayEquals(latest, reopened.readNamespace());
        int torn = 0;
        for (long s = 0; s < c.device.sectorCount(); s++) {
            ByteBuffer b = ByteBuffer.allocate(ClusterFixture.SECTOR_BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            c.device.read(s, b);
            if (b.getLong(0) == 4 && b.getInt(8) == latest.length) { // the slot header of sequence 4: the latest
                b.put(16 + latest.length - 1, (byte) ~b.get(16 + latest.length - 1));
                c.device.write(s, b.clear(), true);
                torn++;
            }
        }
        assertEquals(1, torn, "the test found the latest record's slot");
        assertArrayEquals(previous, FencedDisk.open(c.device).readNamespace(), "the older slot's record");
    }

    @Test
    void aDamagedRegisterIsACorruptDiskNotAZeroEpoch() {
        ClusterFixture c = new ClusterFixture();
        c.createOwnedBy(0, 1);
        c.device.write(2, ByteBuffer.allocate(ClusterFixture.SECTOR_BYTES), true); // file 0's epoch register
        CorruptNamespaceException e = assertThrows(CorruptNamespaceException.class, () -> FencedDisk.open(c.device));
        assertTrue(e.getMessage().startsWith("damaged fence register: sector=2"), e.getMessage());
        c.device.write(0, ByteBuffer.allocate(ClusterFixture.SECTOR_BYTES), true);
        assertThrows(CorruptNamespaceException.class, () -> FencedDisk.open(c.device), "not a fenced disk");
    }
}
