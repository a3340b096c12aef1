package txstack.model.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import txstack.model.Bytes;
import txstack.model.ModelException;

class VolumeStateTest {
    private static final VolumeLayout RAID5 = new VolumeLayout(VolumeLayout.Kind.RAID5, 3);
    private static final VolumeLayout MIRROR = new VolumeLayout(VolumeLayout.Kind.MIRROR, 2);

    private static Bytes block(int value) {
        return Bytes.of(new byte[] {(byte) value, 0});
    }

    private static final Bytes ZERO = block(0);

    @Test
    void layoutsNeedEnoughMembersAndTolerateTheirRedundancy() {
        assertThrows(ModelException.class, () -> new VolumeLayout(VolumeLayout.Kind.RAID5, 2));
        assertThrows(ModelException.class, () -> new VolumeLayout(VolumeLayout.Kind.SIMPLE, 2));
        assertEquals(1, RAID5.tolerance());
        assertEquals(2, new VolumeLayout(VolumeLayout.Kind.MIRROR, 3).tolerance());
        assertEquals(0, new VolumeLayout(VolumeLayout.Kind.STRIPED, 4).tolerance());
    }

    @Test
    void readsSeeWritesAndMemberFailuresChangeNothingWithinTolerance() {
        VolumeState s = VolumeState.created(RAID5, 4, 2).write(1, List.of(block(1), block(2)), false);
        assertEquals(block(2), s.read(2));
        VolumeState degraded = s.failMember(0);
        assertFalse(degraded.failed());
        assertEquals(block(1), degraded.read(1), "VOL-6: a degraded volume still serves");
        VolumeState lost = degraded.failMember(2);
        assertTrue(lost.failed());
        assertThrows(ModelException.class, () -> lost.read(1));
    }

    @Test
    void aCrashKeepsTheDurableValueOrAnyWrittenSince() {
        VolumeState s = VolumeState.created(MIRROR, 3, 2)
                .write(0, List.of(block(1)), false).flush()
                .write(0, List.of(block(2)), false).write(0, List.of(block(3)), false)
                .write(1, List.of(block(4)), true);
        CrashedVolume crashed = s.crash();
        assertEquals(Set.of(block(1), block(2), block(3)), crashed.blockOutcomes().get(0));
        assertEquals(Set.of(block(4)), crashed.blockOutcomes().get(1), "DISK-2: force-unit-access is durable");
        assertEquals(Set.of(ZERO), crashed.blockOutcomes().get(2));
        assertTrue(crashed.allows(List.of(block(2), block(4), ZERO)));
        assertFalse(crashed.allows(List.of(block(2), ZERO, ZERO)));
        VolumeState recovered = crashed.recover(List.of(block(2), block(4), ZERO));
        assertEquals(Set.of(block(2)), recovered.crash().blockOutcomes().get(0), "recovery makes its choice durable");
    }

    @Test
    void aWriteInFlightMayOrMayNotLand() {
        VolumeState s = VolumeState.created(RAID5, 2, 2);
        CrashedVolume crashed = s.crashDuring(new Operation.Write(0, List.of(block(7), block(8)), true));
        assertTrue(crashed.allows(List.of(block(7), ZERO)), "DISK-3: a multi-block write may tear");
        assertTrue(crashed.allows(List.of(ZERO, ZERO)));
    }

    @Test
    void aMemberLostAfterACrashKeepsTheOutcomesOrLetsRaid5Refuse() {
        VolumeState s = VolumeState.created(RAID5, 2, 2).write(0, List.of(block(5)), false);
        CrashedVolume lostOne = s.crash().failMember(1);
        assertFalse(lostOne.mustReportFailed());
        assertTrue(lostOne.mayReportFailed(), "a dirty degraded RAID-5 may refuse to start");
        assertTrue(lostOne.allows(List.of(block(5), ZERO)));
        assertFalse(lostOne.allows(List.of(block(6), ZERO)), "VOL-8: never a value nobody wrote");
        CrashedVolume lostTwo = lostOne.failMember(2);
        assertTrue(lostTwo.mustReportFailed());
        assertFalse(lostTwo.allows(List.of(block(5), ZERO)));
        CrashedVolume mirror = VolumeState.created(MIRROR, 1, 2).crash().failMember(0);
        assertFalse(mirror.mayReportFailed(), "VOL-2: half a mirror is a whole disk");
    }

    @Test
    void aReplacementCountsAsFailedUntilRebuiltAndRestartsAfterACrash() {
        VolumeState s = VolumeState.created(RAID5, 2, 2).failMember(1).replaceMember(1);
        assertEquals(MemberState.REBUILDING, s.members().get(1));
        assertTrue(s.failMember(0).failed(), "a rebuilding member holds nothing to reconstruct from");
        assertEquals(MemberState.HEALTHY, s.completeRebuild(1).members().get(1));
        VolumeState recovered = s.crash().recover(List.of(ZERO, ZERO));
        assertEquals(MemberState.FAILED, recovered.members().get(1));
        assertThrows(ModelException.class, () -> s.completeRebuild(0));
        CrashedVolume crashed = s.crashDuring(new Operation.Rebuild(1));
        assertEquals(Set.of(MemberState.FAILED, MemberState.HEALTHY), crashed.memberOutcomes().get(1));
        List<MemberState> rebuilt = List.of(MemberState.HEALTHY, MemberState.HEALTHY, MemberState.HEALTHY);
        assertFalse(crashed.recover(List.of(ZERO, ZERO), rebuilt).failed());
        assertThrows(ModelException.class, () -> crashed.recover(List.of(ZERO, ZERO),
                List.of(MemberState.FAILED, MemberState.HEALTHY, MemberState.HEALTHY)));
    }

    @Test
    void aSectorErrorCostsRedundancyAndBoundsTheBlocksThatMayBeLost() {
        VolumeState s = VolumeState.created(RAID5, 8, 2).write(0, List.of(block(1)), false);
        VolumeState bad = s.loseSector(1);
        assertFalse(bad.lossy(), "one sector error on a healthy RAID-5 is reconstructed (VOL-6)");
        assertEquals(0, bad.lossBound());
        assertEquals(block(1), bad.read(0));
        VolumeState degraded = bad.failMember(0);
        assertTrue(degraded.lossy());
        assertEquals(2, degraded.lossBound(), "the bad sector's block and the failed member's block of its row");
        assertFalse(degraded.failed(), "the volume goes on serving the other blocks");
        assertThrows(ModelException.class, () -> degraded.write(0, List.of(block(2)), false));
        assertThrows(ModelException.class, () -> degraded.loseSector(0), "member 0 is out of the volume");
        assertFalse(bad.failMember(1).lossy(), "the errors of a member that failed no longer count");
        assertEquals(0, bad.failMember(1).replaceMember(1).completeRebuild(1).failMember(0).lossBound(),
                "a rebuild rewrites the member whole");
        VolumeState mirror = VolumeState.created(MIRROR, 4, 2).loseSector(0).loseSector(1);
        assertEquals(2, mirror.lossBound(), "a mirror loses at most the block of each bad sector");
    }

    @Test
    void aCrashWithSectorErrorsLetsRaid5RefuseAndBoundsLostBlocks() {
        CrashedVolume raid5 = VolumeState.created(RAID5, 2, 2).loseSector(2).crash();
        assertTrue(raid5.mayReportFailed(), "a torn stripe around an unreadable sector cannot be rebuilt");
        assertEquals(0, raid5.lossBound());
        assertEquals(2, raid5.failMember(0).lossBound());
        CrashedVolume mirror = VolumeState.created(MIRROR, 2, 2).loseSector(1).crash();
        assertFalse(mirror.mayReportFailed());
        List<MemberState> healthy = List.of(MemberState.HEALTHY, MemberState.HEALTHY);
        assertThrows(ModelException.class, () -> mirror.recover(java.util.Arrays.asList(ZERO, null), healthy),
                "with redundancy left no block may be lost");
        CrashedVolume lost = VolumeState.created(MIRROR, 2, 2).loseSector(1).loseSector(0).crash();
        assertEquals(healthy, lost.recover(java.util.Arrays.asList(ZERO, null), healthy).members());
    }
}
