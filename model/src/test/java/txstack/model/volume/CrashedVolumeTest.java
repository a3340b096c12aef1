package txstack.model.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.model.volume.VolumeFixtures.MIRROR;
import static txstack.model.volume.VolumeFixtures.RAID5;
import static txstack.model.volume.VolumeFixtures.STRIPED;
import static txstack.model.volume.VolumeFixtures.THREE_HEALTHY;
import static txstack.model.volume.VolumeFixtures.TWO_HEALTHY;
import static txstack.model.volume.VolumeFixtures.ZERO;
import static txstack.model.volume.VolumeFixtures.block;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.model.Bytes;
import txstack.model.ModelException;

/** What assembly may do after a power loss: exact outcome sets and the preconditions of {@code recover}. */
class CrashedVolumeTest {

    @Test
    void aCleanRaid5MustStartButADegradedOneMayRefuse() {
        VolumeState written = VolumeState.created(RAID5, 2, 2).write(0, List.of(block(1)), false);
        assertFalse(written.crash().mayReportFailed(), "nothing lost: no stripe needs reconstructing");
        CrashedVolume degraded = written.failMember(2).crash();
        assertFalse(degraded.mustReportFailed());
        assertTrue(degraded.mayReportFailed(), "md's dirty degraded array");
        CrashedVolume rebuilding = written.failMember(2).replaceMember(2).crash();
        assertTrue(rebuilding.mayReportFailed(), "a rebuilding member counts as failed until it completes");
        assertFalse(written.failMember(2).replaceMember(2).completeRebuild(2).crash().mayReportFailed());
        CrashedVolume sectorError = written.loseSector(0).crash();
        assertTrue(sectorError.mayReportFailed(), "DISK-4: the stripe around an unreadable sector may be torn");
        assertTrue(written.loseSector(0).failMember(0).crash().mayReportFailed());
    }

    /**
     * A sector lost while the volume is down is one more unreadable sector on its member: a mirror keeps the member
     * for one (a second may cost it), loses nothing while the other half is there, and the block of that row only once
     * it is not; a member that is not healthy has no sector to lose.
     */
    @Test
    void aSectorLostWhileTheVolumeIsDownCountsAsOneMoreUnreadableSector() {
        VolumeState written = VolumeState.created(MIRROR, 2, 2).write(0, List.of(block(1)), false);
        CrashedVolume one = written.crash().loseSector(0);
        assertEquals(List.of(1, 0), one.before().sectorErrors());
        assertEquals(List.of(Set.of(MemberState.HEALTHY), Set.of(MemberState.HEALTHY)), one.memberOutcomes());
        assertEquals(0, one.lossBound(), "the other half holds every block");
        assertFalse(one.mayReportFailed());
        assertEquals(written.crash().blockOutcomes(), one.blockOutcomes(), "no block changes");
        CrashedVolume two = one.loseSector(0);
        assertEquals(Set.of(MemberState.FAILED, MemberState.HEALTHY), two.memberOutcomes().get(0),
                "two unreadable sectors may hide the engine's own record of the member");
        CrashedVolume halfLost = written.failMember(1).crash().loseSector(0);
        assertEquals(1, halfLost.lossBound(), "no redundancy left: the row of the bad sector");
        assertTrue(written.shutDown().loseSector(1).clean(), "a clean shutdown stays clean");
        assertThrows(ModelException.class, () -> written.failMember(1).crash().loseSector(1));
    }

    @Test
    void aCleanShutdownKeepsEveryWriteAndADegradedRaid5MustStart() {
        VolumeState written = VolumeState.created(RAID5, 2, 2).write(0, List.of(block(1)), false);
        CrashedVolume closed = written.shutDown();
        assertTrue(closed.clean());
        assertFalse(written.crash().clean(), "a power loss is no clean shutdown");
        assertEquals(List.of(Set.of(block(1)), Set.of(ZERO)), closed.blockOutcomes(), "the close flushed first");
        assertFalse(closed.mayReportFailed());
        CrashedVolume lost = closed.failMember(1);
        assertTrue(lost.clean(), "a member lost after the close leaves it clean");
        assertFalse(lost.mayReportFailed(), "no stripe can be torn: a clean degraded RAID-5 starts");
        assertFalse(written.failMember(2).shutDown().mayReportFailed(), "closed degraded, assembled degraded");
        assertTrue(written.loseSector(0).shutDown().mayReportFailed(),
                "a bad sector may still cost its row once a member is lost");
        assertTrue(written.failMember(0).shutDown().failMember(1).mustReportFailed(), "two of three lost");
    }

    @Test
    void aCrashInsideTheAssemblyAfterACleanShutdownIsACrash() {
        VolumeState written = VolumeState.created(RAID5, 2, 2).write(0, List.of(block(1)), false);
        CrashedVolume lost = written.shutDown().failMember(1);
        CrashedVolume reopened = lost.reopened();
        assertFalse(reopened.clean());
        assertTrue(reopened.mayReportFailed(), "the assembly may have marked its members open: it may refuse again");
        assertEquals(lost.blockOutcomes(), reopened.blockOutcomes(), "no block changed");
        assertEquals(lost.lostBeforeRecovery(), reopened.lostBeforeRecovery());
        CrashedVolume crashed = written.crash();
        assertSame(crashed, crashed.reopened(), "a crash state stays as it is");
    }

    @Test
    void aCleanShutdownWithAWriteNotYetDurableIsRefused() {
        VolumeState written = VolumeState.created(MIRROR, 1, 2).write(0, List.of(block(1)), false);
        assertThrows(ModelException.class, () -> new CrashedVolume(written, List.of(), true));
        assertFalse(new CrashedVolume(written.flush(), List.of(), true).mayReportFailed());
    }

    @Test
    void onlyRaid5MayRefuseAVolumeThatStillHasItsData() {
        VolumeState mirror = VolumeState.created(MIRROR, 2, 2).write(0, List.of(block(1)), false);
        assertFalse(mirror.crash().mayReportFailed());
        assertFalse(mirror.failMember(0).crash().mayReportFailed(), "VOL-2: half a mirror is a whole disk");
        assertFalse(mirror.loseSector(1).crash().mayReportFailed());
        VolumeState three = VolumeState.created(new VolumeLayout(VolumeLayout.Kind.MIRROR, 3), 1, 2);
        assertFalse(three.failMember(0).failMember(1).crash().mayReportFailed(), "one copy is enough");
        // A striped volume with a bad sector is lossy but still up: a read may fail, assembly may not refuse.
        CrashedVolume striped = VolumeState.created(STRIPED, 2, 2).loseSector(0).crash();
        assertFalse(striped.mustReportFailed());
        assertFalse(striped.mayReportFailed());
        assertEquals(1, striped.lossBound());
    }

    @Test
    void aVolumeThatMustReportFailedMayToo() {
        CrashedVolume striped = VolumeState.created(STRIPED, 1, 2).crash().failMember(1);
        assertTrue(striped.mustReportFailed());
        assertTrue(striped.mayReportFailed());
        CrashedVolume mirror = VolumeState.created(MIRROR, 1, 2).failMember(0).crash().failMember(1);
        assertTrue(mirror.mustReportFailed());
        assertTrue(mirror.mayReportFailed());
    }

    @Test
    void aBlockAllowsExactlyItsDurableValueAndTheWritesSince() {
        VolumeState s = VolumeState.created(MIRROR, 3, 2)
                .write(0, List.of(block(1)), false).flush()
                .write(0, List.of(block(2)), false)
                .write(1, List.of(block(3)), true);
        CrashedVolume crashed = s.crash();
        assertTrue(crashed.allows(0, block(1)), "the durable value");
        assertTrue(crashed.allows(0, block(2)), "a write since the flush");
        assertFalse(crashed.allows(0, ZERO), "overwritten before the flush: gone for good");
        assertFalse(crashed.allows(0, block(3)), "VOL-8: never another block's value");
        assertTrue(crashed.allows(1, block(3)));
        assertFalse(crashed.allows(1, ZERO), "DISK-2: a force-unit-access write is durable");
        assertTrue(crashed.allows(2, ZERO));
        assertFalse(crashed.allows(2, block(2)));
    }

    @Test
    void aBlockTheVolumeLacksIsRefusedNotReadAsAnother() {
        CrashedVolume crashed = VolumeState.created(MIRROR, 2, 2).crash();
        assertTrue(crashed.allows(1, ZERO), "the last block");
        assertThrows(ModelException.class, () -> crashed.allows(2, ZERO), "one past the last");
        assertThrows(ModelException.class, () -> crashed.allows(-1, ZERO));
        // 2^32 truncated to an int is block 0: it must not be taken for it.
        assertThrows(ModelException.class, () -> crashed.allows(1L << 32, ZERO));
    }

    @Test
    void aFailedVolumeAllowsNoBlockValue() {
        CrashedVolume failed = VolumeState.created(MIRROR, 2, 2).write(0, List.of(block(1)), true)
                .crash().failMember(0).failMember(1);
        assertTrue(failed.mustReportFailed());
        assertFalse(failed.allows(0, block(1)), "even the durable value: assembly must report the failure");
        assertFalse(failed.allows(1, ZERO));
        assertFalse(failed.allows(List.of(block(1), ZERO)));
    }

    @Test
    void anOutcomeNeedsExactlyOneValuePerBlock() {
        CrashedVolume crashed = VolumeState.created(MIRROR, 2, 2).crash();
        assertTrue(crashed.allows(List.of(ZERO, ZERO)));
        assertFalse(crashed.allows(List.of(ZERO, ZERO, ZERO)), "one value too many");
        assertFalse(crashed.allows(List.of(ZERO)), "one value too few");
    }

    @Test
    void memberOutcomesLetOnlyARebuildingMemberComeBackEitherWay() {
        VolumeState s = VolumeState.created(new VolumeLayout(VolumeLayout.Kind.MIRROR, 3), 1, 2)
                .failMember(1).failMember(2).replaceMember(2);
        assertEquals(List.of(Set.of(MemberState.HEALTHY), Set.of(MemberState.FAILED),
                Set.of(MemberState.FAILED, MemberState.HEALTHY)), s.crash().memberOutcomes());
        assertEquals(List.of(MemberState.HEALTHY, MemberState.FAILED, MemberState.FAILED),
                s.crash().recover(List.of(ZERO)).members(), "a rebuild starts over after a crash");
    }

    @Test
    void aMemberWithTwoBadSectorsMayBeDroppedWhileToleratedNeverForOne() {
        VolumeState three = VolumeState.created(new VolumeLayout(VolumeLayout.Kind.MIRROR, 3), 1, 2);
        Set<MemberState> healthy = Set.of(MemberState.HEALTHY);
        Set<MemberState> either = Set.of(MemberState.FAILED, MemberState.HEALTHY);
        assertEquals(List.of(healthy, healthy, healthy), three.loseSector(1).crash().memberOutcomes(),
                "one bad sector never costs a member");
        CrashedVolume two = three.loseSector(1).loseSector(1).crash();
        assertEquals(List.of(healthy, either, healthy), two.memberOutcomes());
        assertFalse(two.mayReportFailed(), "one member fewer is tolerated");
        List<MemberState> dropped = List.of(MemberState.HEALTHY, MemberState.FAILED, MemberState.HEALTHY);
        assertFalse(two.droppedBeyondTolerance(dropped));
        assertEquals(dropped, two.recover(List.of(ZERO), dropped).members());

        // Both halves of a mirror with two bad sectors each: either may go, not both; so assembly may refuse.
        CrashedVolume halves = VolumeState.created(MIRROR, 1, 2).loseSector(0).loseSector(0).loseSector(1)
                .loseSector(1).crash();
        assertEquals(List.of(either, either), halves.memberOutcomes());
        assertTrue(halves.mayReportFailed());
        List<MemberState> both = List.of(MemberState.FAILED, MemberState.FAILED);
        assertTrue(halves.droppedBeyondTolerance(both));
        assertFalse(halves.droppedBeyondTolerance(List.of(MemberState.HEALTHY, MemberState.FAILED)));
        assertThrows(ModelException.class, () -> halves.recover(Arrays.asList((Bytes) null), both));

        // The other half already failed: the last one is kept whatever its sectors, but assembly may refuse.
        CrashedVolume last = VolumeState.created(MIRROR, 1, 2).failMember(0).loseSector(1).loseSector(1).crash();
        assertEquals(List.of(Set.of(MemberState.FAILED), healthy), last.memberOutcomes());
        assertTrue(last.mayReportFailed());
        assertFalse(VolumeState.created(MIRROR, 1, 2).failMember(0).loseSector(1).crash().mayReportFailed(),
                "one bad sector on the last half: it must start");
    }

    @Test
    void recoverMakesTheChosenValuesDurableAndKeepsTheSectorErrors() {
        VolumeState s = VolumeState.created(RAID5, 2, 2).loseSector(1)
                .write(0, List.of(block(1), block(2)), false);
        VolumeState recovered = s.crash().recover(List.of(block(1), ZERO), THREE_HEALTHY);
        assertEquals(List.of(Set.of(block(1)), Set.of(ZERO)), recovered.crash().blockOutcomes());
        assertEquals(List.of(0, 1, 0), recovered.sectorErrors(), "a crash repairs no sector");
        assertEquals(s.layout(), recovered.layout());
    }

    @Test
    void recoverRefusesAValueTheCrashCannotLeave() {
        CrashedVolume crashed = VolumeState.created(MIRROR, 2, 2).write(0, List.of(block(1)), false).crash();
        assertThrows(ModelException.class, () -> crashed.recover(List.of(block(2), ZERO), TWO_HEALTHY));
        assertThrows(ModelException.class, () -> crashed.recover(List.of(block(2), ZERO)));
        assertThrows(ModelException.class, () -> crashed.recover(List.of(ZERO, ZERO, ZERO), TWO_HEALTHY));
        CrashedVolume failed = crashed.failMember(0).failMember(1);
        assertThrows(ModelException.class, () -> failed.recover(List.of(ZERO, ZERO),
                List.of(MemberState.FAILED, MemberState.FAILED)), "a failed volume is not assembled");
    }

    @Test
    void recoverNeedsOneStateForEachMember() {
        CrashedVolume crashed = VolumeState.created(MIRROR, 1, 2).crash();
        assertEquals(TWO_HEALTHY, crashed.recover(List.of(ZERO), TWO_HEALTHY).members());
        assertThrows(ModelException.class, () -> crashed.recover(List.of(ZERO), THREE_HEALTHY));
        assertThrows(ModelException.class, () -> crashed.recover(List.of(ZERO), List.of(MemberState.HEALTHY)));
    }

    @Test
    void recoverLosesAtMostLossBoundBlocksAndStillNeedsOneValuePerBlock() {
        // Both halves of a mirror have a bad sector: each may take its block with it (DISK-4).
        CrashedVolume crashed = VolumeState.created(MIRROR, 3, 2).write(1, List.of(block(1)), false)
                .loseSector(0).loseSector(1).crash();
        assertEquals(2, crashed.lossBound());
        VolumeState recovered = crashed.recover(Arrays.asList(null, null, ZERO), TWO_HEALTHY);
        assertEquals(List.of(Set.of(ZERO), Set.of(block(1)), Set.of(ZERO)), recovered.crash().blockOutcomes(),
                "a lost block keeps the value it had at the crash");
        assertThrows(ModelException.class, () -> crashed.recover(Arrays.asList(null, null, null), TWO_HEALTHY),
                "three lost blocks, two bad sectors");
        assertThrows(ModelException.class, () -> crashed.recover(Arrays.asList(ZERO, ZERO, ZERO, null),
                TWO_HEALTHY), "a lost block past the end is still one value too many");
    }
}
