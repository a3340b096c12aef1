package txstack.implementation.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.implementation.cluster.ClusterFixture.payload;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The protocol's scenarios, one by one (CSV-2..7). */
class ClusterTest {
    private final ClusterFixture c = new ClusterFixture();

    @Test
    void aWriteThroughTheOwnerLandsOnTheSharedDisk() {
        c.createOwnedBy(0, 1);
        long epoch = c.node(1).epochOf(0);
        assertEquals(c.disk.epoch(0), epoch);
        c.node(1).write(0, 3, payload(7, 1, epoch));
        assertEquals(0, ClusterFixture.stamp(c.onDisk(0, 3)), "write-back: not on disk before the flush");
        c.node(1).flush(0);
        assertEquals(7, ClusterFixture.stamp(c.onDisk(0, 3)));
        assertEquals(0, c.node(1).dirtyBlocks(0));
    }

    @Test
    void aNodeWithoutTheTokenCannotWrite() {
        c.createOwnedBy(0, 1);
        assertThrows(NotOwnerException.class, () -> c.node(2).write(0, 0, payload(1, 2, 1)));
    }

    @Test
    void aStaleEpochWriteAfterMigrationIsRefusedByTheDisk() {
        c.createOwnedBy(0, 1);
        long oldEpoch = c.node(1).epochOf(0);
        c.coordinator.migrate(0, c.node(1), c.node(2));
        FencedWriteException e = assertThrows(FencedWriteException.class,
                () -> c.disk.writeBlock(0, oldEpoch, 0, ByteBuffer.wrap(payload(9, 1, oldEpoch))));
        assertTrue(e.getMessage().contains("expected=" + c.disk.epoch(0) + " actual=" + oldEpoch), e.getMessage());
        assertEquals(0, ClusterFixture.stamp(c.onDisk(0, 0)));
    }

    @Test
    void aZombieOwnerLearnsItWasFencedWhenTheDiskRefusesItsFlush() {
        c.createOwnedBy(0, 1);
        c.node(1).write(0, 0, payload(1, 1, c.node(1).epochOf(0)));
        c.coordinator.takeback(0); // a wrong suspicion: node 1 is alive and still holds its token
        c.node(1).write(0, 1, payload(2, 1, c.node(1).epochOf(0)));
        assertThrows(FencedWriteException.class, () -> c.node(1).flush(0));
        assertEquals(0, c.node(1).epochOf(0), "the fenced node drops its token");
        assertEquals(0, c.node(1).dirtyBlocks(0));
        assertEquals(0, ClusterFixture.stamp(c.onDisk(0, 0)));
        assertEquals(0, ClusterFixture.stamp(c.onDisk(0, 1)));
        assertThrows(NotOwnerException.class, () -> c.node(1).write(0, 0, payload(3, 1, 1)));
    }

    @Test
    void aMigrationFlushesDirtyDataFirstSoTheTargetSeesEveryAcknowledgedWrite() {
        c.createOwnedBy(0, 1);
        long epoch = c.node(1).epochOf(0);
        for (int b = 0; b < 3; b++) {
            c.node(1).write(0, b, payload(10 + b, 1, epoch));
        }
        c.coordinator.migrate(0, c.node(1), c.node(2));
        for (int b = 0; b < 3; b++) {
            assertEquals(10 + b, ClusterFixture.stamp(c.node(2).read(0, b)));
        }
        assertEquals(2, c.coordinator.namespace().file(0).owner());
        assertEquals(c.disk.epoch(0), c.node(2).epochOf(0));
        assertTrue(c.node(2).epochOf(0) > epoch);
        assertThrows(NotOwnerException.class, () -> c.node(1).write(0, 0, payload(20, 1, epoch)));
    }

    @Test
    void aMigrationWithoutTheFlushLosesAcknowledgedWrites() {
        ClusterFixture broken = new ClusterFixture(1, 3, 4, 8, ClusterFault.MIGRATE_WITHOUT_FLUSH);
        broken.createOwnedBy(0, 1);
        broken.node(1).write(0, 0, payload(10, 1, broken.node(1).epochOf(0)));
        broken.coordinator.migrate(0, broken.node(1), broken.node(2));
        assertEquals(0, ClusterFixture.stamp(broken.node(2).read(0, 0)));
    }

    @Test
    void aMigrationNeverMovesTheNamespace() {
        c.createOwnedBy(0, 1);
        long term = c.disk.term();
        c.coordinator.migrate(0, c.node(1), c.node(2));
        c.coordinator.migrate(0, c.node(2), c.node(0));
        assertEquals(term, c.disk.term());
        assertEquals(term, c.durableNamespace().term());
        c.node(1).requestMeta(MetaOp.RESIZE, 0, 512);
        c.coordinator.poll();
        assertEquals(512, c.durableNamespace().file(0).sizeBytes(), "the same coordinator still writes it");
    }

    @Test
    void aDuplicatedRequestIsAppliedOnceAndAcknowledgedOnce() {
        c.createOwnedBy(0, 1);
        RequestId id = c.node(1).requestMeta(MetaOp.RESIZE, 0, 1024);
        c.network.duplicate(0);
        c.network.duplicate(0);
        assertEquals(3, c.coordinator.poll());
        assertEquals(1, c.durableNamespace().applied().stream().filter(id::equals).count());
        assertEquals(1024, c.durableNamespace().file(0).sizeBytes());
        assertEquals(3, c.network.inFlight().size(), "each copy is answered");
        c.network.reorder();
        assertEquals(3, c.node(1).poll());
        assertTrue(c.node(1).isAcknowledged(id));
        assertEquals(List.of(), c.node(1).pending());
    }

    @Test
    void withoutDedupADuplicatedRequestIsAppliedTwice() {
        ClusterFixture broken = new ClusterFixture(1, 3, 4, 8, ClusterFault.NO_DEDUP);
        RequestId id = broken.node(1).requestMeta(MetaOp.CREATE, 0, 0);
        broken.network.duplicate(0);
        broken.coordinator.poll();
        assertEquals(2, broken.durableNamespace().applied().stream().filter(id::equals).count());
    }

    @Test
    void aDroppedRequestIsAppliedAfterARetryAndNotAckedBefore() {
        RequestId id = c.node(1).requestMeta(MetaOp.CREATE, 2, 0);
        c.network.drop(0);
        c.coordinator.poll();
        c.node(1).poll();
        assertFalse(c.node(1).isAcknowledged(id));
        assertFalse(c.durableNamespace().file(2).exists());
        c.node(1).retry();
        c.coordinator.poll();
        assertTrue(c.durableNamespace().isApplied(id), "applied durably before the ack is sent");
        c.node(1).poll();
        assertTrue(c.node(1).isAcknowledged(id));
        assertTrue(c.durableNamespace().file(2).exists());
    }

    @Test
    void anAckIsSentOnlyOnceTheNamespaceRecordIsDurable() {
        c.node(1).requestMeta(MetaOp.CREATE, 1, 0);
        c.disk.fenceNamespace(FencedDisk.FIRST_TERM + 1); // the coordinator is deposed: its write is refused
        assertEquals(1, c.coordinator.poll());
        assertTrue(c.coordinator.isDeposed(), "the refused write tells the coordinator it was deposed");
        assertEquals(List.of(), c.network.inFlight(), "no ack for a request not applied durably");
        assertThrows(FencedWriteException.class, () -> c.coordinator.change(MetaOp.CREATE, 2, 0));
    }

    @Test
    void aNodeCrashLosesOnlyItsUnflushedDataAndItsLateWritesAreRefused() {
        c.createOwnedBy(0, 1);
        c.createOwnedBy(1, 2);
        long epoch = c.node(1).epochOf(0);
        c.node(1).write(0, 0, payload(1, 1, epoch));
        c.node(1).flush(0);
        c.node(1).write(0, 1, payload(2, 1, epoch));
        c.node(2).write(1, 0, payload(3, 2, c.node(2).epochOf(1)));
        c.node(1).crash();
        assertEquals(List.of(0), c.coordinator.nodeFailed(1));
        assertEquals(1, ClusterFixture.stamp(c.node(0).read(0, 0)), "flushed data survives");
        assertEquals(0, ClusterFixture.stamp(c.node(0).read(0, 1)), "unflushed data of the dead node is lost");
        assertEquals(3, ClusterFixture.stamp(c.node(2).read(1, 0)), "another node's data is untouched");
        assertThrows(FencedWriteException.class,
                () -> c.disk.writeBlock(0, epoch, 1, ByteBuffer.wrap(payload(2, 1, epoch))));
        assertEquals(0, c.coordinator.namespace().file(0).owner());
        assertThrows(NodeDownException.class, () -> c.node(1).flush(0));
        c.node(1).restart();
        assertEquals(0, c.node(1).epochOf(0), "a restarted node holds no token");
    }

    @Test
    void requestIdsAreNotReusedAfterACrash() {
        RequestId before = c.node(1).requestMeta(MetaOp.CREATE, 0, 0);
        c.node(1).crash();
        c.node(1).restart();
        RequestId after = c.node(1).requestMeta(MetaOp.CREATE, 3, 0);
        assertFalse(before.equals(after));
        c.coordinator.poll();
        assertTrue(c.durableNamespace().file(3).exists(), "the new request is not taken for the old one");
    }

    @Test
    void aDeletedFileIsFencedFromItsLastOwner() {
        c.createOwnedBy(0, 1);
        c.node(1).write(0, 0, payload(1, 1, c.node(1).epochOf(0)));
        c.node(2).requestMeta(MetaOp.DELETE, 0, 0);
        c.coordinator.poll();
        assertFalse(c.durableNamespace().file(0).exists());
        assertThrows(FencedWriteException.class, () -> c.node(1).flush(0));
        assertArrayEquals(new byte[ClusterFixture.SECTOR_BYTES], c.onDisk(0, 0));
    }

    @Test
    void aFlushWritesRunsOfConsecutiveBlocksAndLandsEveryOne() {
        ClusterFixture big = new ClusterFixture(1, 3, 1, 300, ClusterFault.CORRECT);
        big.createOwnedBy(0, 1);
        long epoch = big.node(1).epochOf(0);
        List<Long> written = new java.util.ArrayList<>();
        for (long b = 0; b < 300; b++) {
            if (b % 97 != 5) { // runs longer than FLUSH_RUN_BLOCKS, and gaps
                big.node(1).write(0, b, payload(1000 + b, 1, epoch));
                written.add(b);
            }
        }
        big.node(1).flush(0);
        assertEquals(0, big.node(1).dirtyBlocks(0));
        for (long b : written) {
            assertEquals(1000 + b, ClusterFixture.stamp(big.onDisk(0, b)), "block " + b);
        }
        assertEquals(0, ClusterFixture.stamp(big.onDisk(0, 5)), "a block never written stays zero");
    }

    @Test
    void aLiveMigrationFlushesWhileTheMemoryIsCopiedAndHandsOverOnlyAfterBoth() throws Exception {
        c.createOwnedBy(0, 1);
        c.createOwnedBy(1, 1);
        long epoch0 = c.node(1).epochOf(0);
        c.node(1).write(0, 0, payload(1, 1, epoch0));
        c.node(1).write(1, 2, payload(2, 1, c.node(1).epochOf(1)));
        long[] ownerEpochDuringCopy = new long[1];
        boolean[] sawTheFlushWhileCopying = new boolean[1];
        List<Integer> moved = c.coordinator.migrateLive(c.node(1), c.node(2), () -> {
            ownerEpochDuringCopy[0] = c.disk.epoch(0);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!sawTheFlushWhileCopying[0] && System.nanoTime() < deadline) { // the flush runs meanwhile
                sawTheFlushWhileCopying[0] = ClusterFixture.stamp(c.onDisk(0, 0)) == 1
                        && ClusterFixture.stamp(c.onDisk(1, 2)) == 2;
                Thread.onSpinWait();
            }
        });
        assertEquals(List.of(0, 1), moved);
        assertEquals(epoch0, ownerEpochDuringCopy[0], "nothing is fenced while the memory is copied");
        assertEquals(1, ClusterFixture.stamp(c.onDisk(0, 0)), "the dirty data was flushed");
        assertEquals(2, ClusterFixture.stamp(c.onDisk(1, 2)));
        assertEquals(c.disk.epoch(0), c.node(2).epochOf(0));
        assertEquals(0, c.node(1).epochOf(0));
        assertEquals(2, c.coordinator.namespace().file(1).owner());
        assertTrue(sawTheFlushWhileCopying[0], "the flush overlapped with the memory copy");

        RuntimeException boom = new IllegalStateException("copy failed");
        RuntimeException thrown = assertThrows(IllegalStateException.class,
                () -> c.coordinator.migrateLive(c.node(2), c.node(1), () -> {
                    throw boom;
                }));
        assertEquals(boom, thrown);
        assertEquals(1, c.coordinator.namespace().file(0).owner(), "handed over all the same: the data is safe");
    }
}
