package txstack.model.volume;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.model.volume.VolumeFixtures.MIRROR;
import static txstack.model.volume.VolumeFixtures.RAID5;
import static txstack.model.volume.VolumeFixtures.STRIPED;
import static txstack.model.volume.VolumeFixtures.THREE_HEALTHY;
import static txstack.model.volume.VolumeFixtures.ZERO;
import static txstack.model.volume.VolumeFixtures.block;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.model.Bytes;
import txstack.model.ModelException;

/** The preconditions of the volume model at their edges: the last valid value accepted, the first invalid refused. */
class VolumeStateEdgesTest {

    @Test
    void eachLayoutAcceptsItsMinimumMemberCountAndRefusesOneLess() {
        assertEquals(1, new VolumeLayout(VolumeLayout.Kind.SIMPLE, 1).memberCount(), "a simple volume is one disk");
        assertThrows(ModelException.class, () -> new VolumeLayout(VolumeLayout.Kind.SIMPLE, 0));
        assertThrows(ModelException.class, () -> new VolumeLayout(VolumeLayout.Kind.SIMPLE, 2));
        assertDoesNotThrow(() -> new VolumeLayout(VolumeLayout.Kind.STRIPED, 2));
        assertThrows(ModelException.class, () -> new VolumeLayout(VolumeLayout.Kind.STRIPED, 1));
        assertDoesNotThrow(() -> new VolumeLayout(VolumeLayout.Kind.MIRROR, 2));
        assertThrows(ModelException.class, () -> new VolumeLayout(VolumeLayout.Kind.MIRROR, 1));
        assertDoesNotThrow(() -> new VolumeLayout(VolumeLayout.Kind.RAID5, 3));
        assertDoesNotThrow(() -> new VolumeLayout(VolumeLayout.Kind.RAID5, 4), "VOL-3: three or more partitions");
        assertThrows(ModelException.class, () -> new VolumeLayout(VolumeLayout.Kind.RAID5, 2));
    }

    @Test
    void aBlockMustBeAbleToKeepItsCurrentValueThroughACrash() {
        // DISK-3: the last value written is always one a crash may leave.
        assertThrows(ModelException.class, () -> new Block(block(1), Set.of(block(2))));
        Block torn = new Block(block(1), Set.of(block(1), block(2)));
        assertEquals(Set.of(block(1), block(2)), torn.crashValues());
    }

    @Test
    void aStateNeedsPositiveBlockBytesAndAtLeastOneBlock() {
        List<Block> one = List.of(Block.durable(Bytes.of(new byte[1])));
        List<Integer> noErrors = List.of(0, 0, 0);
        assertEquals(1, new VolumeState(RAID5, 1, one, THREE_HEALTHY, noErrors).blockBytes());
        assertThrows(ModelException.class, () -> new VolumeState(RAID5, 0, one, THREE_HEALTHY, noErrors));
        assertThrows(ModelException.class, () -> new VolumeState(RAID5, 1, List.of(), THREE_HEALTHY, noErrors));
        assertThrows(ModelException.class, () -> VolumeState.created(RAID5, 1, 0));
    }

    @Test
    void aStateNeedsOneNonNegativeSectorErrorCountPerMemberAndOneMemberPerLayoutSlot() {
        List<Block> one = List.of(Block.durable(ZERO));
        assertEquals(0, new VolumeState(RAID5, 2, one, THREE_HEALTHY, List.of(0, 0, 0)).liveSectorErrors());
        assertThrows(ModelException.class, () -> new VolumeState(RAID5, 2, one, THREE_HEALTHY, List.of(0, -1, 0)));
        assertThrows(ModelException.class, () -> new VolumeState(RAID5, 2, one, THREE_HEALTHY, List.of(0, 0)));
        assertThrows(ModelException.class, () -> new VolumeState(RAID5, 2, one,
                List.of(MemberState.HEALTHY, MemberState.HEALTHY), List.of(0, 0)), "RAID5 here has 3 members");
    }

    @Test
    void createdRefusesABlockSizeBelowOneAsAModelError() {
        assertEquals(1, VolumeState.created(RAID5, 1, 1).blockBytes());
        assertThrows(ModelException.class, () -> VolumeState.created(RAID5, 1, 0));
        assertThrows(ModelException.class, () -> VolumeState.created(RAID5, 1, -1), "not NegativeArraySizeException");
    }

    @Test
    void aWriteFarPastTheEndIsRefusedEvenWhereTheEndWouldOverflow() {
        VolumeState s = VolumeState.created(MIRROR, 2, 2);
        assertEquals(List.of(Set.of(ZERO), Set.of(ZERO, block(1))),
                s.write(1, List.of(block(1)), false).crash().blockOutcomes(), "the last block");
        assertThrows(ModelException.class, () -> s.write(2, List.of(block(1)), false));
        // firstBlock + 1 overflows to a negative number: the check must not pass it.
        assertThrows(ModelException.class, () -> s.write(Long.MAX_VALUE, List.of(block(1)), false));
    }

    @Test
    void createdNeedsAtLeastOneBlockAndCountsItsBlocks() {
        assertEquals(1, VolumeState.created(RAID5, 1, 2).blockCount());
        assertEquals(5, VolumeState.created(RAID5, 5, 2).blockCount());
        assertThrows(ModelException.class, () -> VolumeState.created(RAID5, 0, 2));
        assertThrows(ModelException.class, () -> VolumeState.created(RAID5, -1, 2));
        // A bad block count is refused as such, before anything is built from the other arguments.
        assertThrows(ModelException.class, () -> VolumeState.created(RAID5, 0, -1));
    }

    @Test
    void aWriteMustLieInsideTheVolumeAndCoverAtLeastOneBlock() {
        VolumeState s = VolumeState.created(MIRROR, 3, 2);
        assertEquals(block(9), s.write(2, List.of(block(9)), false).read(2), "the last block is writable");
        VolumeState tail = s.write(1, List.of(block(1), block(2)), false);
        assertEquals(List.of(ZERO, block(1), block(2)), List.of(tail.read(0), tail.read(1), tail.read(2)));
        assertThrows(ModelException.class, () -> s.write(2, List.of(block(1), block(2)), false),
                "one block past the end");
        assertThrows(ModelException.class, () -> s.write(3, List.of(block(1)), false));
        assertThrows(ModelException.class, () -> s.write(-1, List.of(block(1)), false));
        assertThrows(ModelException.class, () -> s.write(-1, List.of(block(1), block(2)), false),
                "ends inside the volume but starts before it");
        assertThrows(ModelException.class, () -> s.write(0, List.of(), false), "an empty write is a caller error");
    }

    @Test
    void aWriteMustCoverWholeBlocks() {
        VolumeState s = VolumeState.created(MIRROR, 2, 2);
        assertThrows(ModelException.class, () -> s.write(0, List.of(Bytes.of(new byte[1])), false));
        assertThrows(ModelException.class, () -> s.write(0, List.of(Bytes.of(new byte[3])), true));
        assertThrows(ModelException.class, () -> s.write(0, List.of(ZERO, Bytes.of(new byte[1])), false),
                "every block of the write is checked");
    }

    @Test
    void readsAreRefusedOutsideTheVolume() {
        VolumeState s = VolumeState.created(MIRROR, 3, 2).write(0, List.of(block(1)), false)
                .write(2, List.of(block(3)), false);
        assertEquals(block(1), s.read(0));
        assertEquals(block(3), s.read(2));
        assertThrows(ModelException.class, () -> s.read(3));
        assertThrows(ModelException.class, () -> s.read(-1));
    }

    @Test
    void memberNumbersAreCheckedAtBothEnds() {
        VolumeState s = VolumeState.created(RAID5, 2, 2);
        assertEquals(MemberState.FAILED, s.failMember(0).members().get(0));
        assertEquals(MemberState.FAILED, s.failMember(2).members().get(2));
        assertThrows(ModelException.class, () -> s.failMember(3));
        assertThrows(ModelException.class, () -> s.failMember(-1));
        assertThrows(ModelException.class, () -> s.loseSector(3));
        assertThrows(ModelException.class, () -> s.loseSector(-1));
        VolumeState degraded = s.failMember(0);
        assertThrows(ModelException.class, () -> degraded.replaceMember(3));
        assertThrows(ModelException.class, () -> degraded.replaceMember(-1));
        VolumeState rebuilding = degraded.replaceMember(0);
        assertThrows(ModelException.class, () -> rebuilding.completeRebuild(3));
        assertThrows(ModelException.class, () -> rebuilding.completeRebuild(-1));
    }

    @Test
    void aMemberFailsOnlyOnce() {
        VolumeState degraded = VolumeState.created(RAID5, 2, 2).failMember(1);
        assertThrows(ModelException.class, () -> degraded.failMember(1));
        // A rebuilding replacement may fail again: it is not FAILED.
        assertEquals(MemberState.FAILED, degraded.replaceMember(1).failMember(1).members().get(1));
    }

    @Test
    void aFailedVolumeServesNothing() {
        // Striped tolerates no loss: one failed member fails the volume (VOL-2 has no counterpart here).
        VolumeState failed = VolumeState.created(STRIPED, 2, 2).failMember(0);
        assertTrue(failed.failed());
        assertThrows(ModelException.class, failed::flush);
        assertThrows(ModelException.class, () -> failed.read(0));
        assertThrows(ModelException.class, () -> failed.write(0, List.of(block(1)), false));
        assertThrows(ModelException.class, () -> failed.loseSector(1), "member 1 is healthy, the volume is not");
        assertThrows(ModelException.class, () -> failed.replaceMember(0));
    }

    @Test
    void aRebuildCannotCompleteOnceTheVolumeHasFailed() {
        VolumeState rebuilding = VolumeState.created(RAID5, 2, 2).failMember(1).replaceMember(1);
        assertEquals(MemberState.HEALTHY, rebuilding.completeRebuild(1).members().get(1));
        VolumeState failed = rebuilding.failMember(0);
        assertTrue(failed.failed());
        assertThrows(ModelException.class, () -> failed.completeRebuild(1),
                "nothing is left to rebuild from (VOL-7)");
    }

    @Test
    void onlyAFailedMemberIsReplacedAndNeverAfterDataLoss() {
        VolumeState s = VolumeState.created(RAID5, 2, 2);
        assertThrows(ModelException.class, () -> s.replaceMember(0), "a healthy member is not replaced");
        VolumeState rebuilding = s.failMember(0).replaceMember(0);
        assertThrows(ModelException.class, () -> rebuilding.replaceMember(0), "already being replaced");
        VolumeState lossy = s.loseSector(1).failMember(0);
        assertTrue(lossy.lossy());
        assertFalse(lossy.failed(), "still serving, but a sector's row is gone");
        assertThrows(ModelException.class, () -> lossy.replaceMember(0));
        // Without the sector error the same replacement is fine.
        assertEquals(MemberState.REBUILDING, s.failMember(0).replaceMember(0).members().get(0));
    }
}
