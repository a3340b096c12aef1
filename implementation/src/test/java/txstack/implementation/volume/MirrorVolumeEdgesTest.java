package txstack.implementation.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.implementation.volume.ProbeMembers.SECTOR;
import static txstack.implementation.volume.ProbeMembers.assertLockReleased;
import static txstack.implementation.volume.ProbeMembers.read;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Mirror edge cases: a member lost in the middle of a read's sector-by-sector repair (DISK-4, VOL-2, VOL-6), and the
 * resync after an unclean shutdown at its edges: lost sectors beyond the note limit, a lost sector in the last
 * region, a last region shorter than the others, which regions it reads, and the broken variants that skip it.
 */
class MirrorVolumeEdgesTest {
    /** 2 label sectors + 32 data sectors: 8-sector units, one region each. */
    private static final long MEMBER_SECTORS = 2 + 32;

    private record Crashed(List<byte[]> images, byte[] reference, long volumeId) {
    }

    /** A mirror written everywhere (every region dirty), then its members as a power loss leaves them. */
    private static Crashed crashedAfterWritingEverything(int memberCount, VolumeFault fault) {
        ProbeMembers members = new ProbeMembers(memberCount, MEMBER_SECTORS);
        Volume volume = Volumes.create(Layout.MIRROR, members.list(), VolumeOptions.defaults(), fault);
        byte[] reference = ProbeMembers.fill(volume, memberCount);
        return new Crashed(members.images(), reference, volume.volumeId());
    }

    private static byte[] sectorOf(byte[] reference, long sector) {
        return Arrays.copyOfRange(reference, (int) sector * SECTOR, (int) (sector + 1) * SECTOR);
    }

    /**
     * A three-way mirror's member 0 has an unreadable sector, the last of a read; computing it, member 1 fails a read
     * and member 0 its label write, so both are dropped. The repair still has member 2, but member 0 is gone before
     * the rewrite: the read is served again by member 2 (readMember's contract: false once the member is dropped).
     */
    @Test
    void aReadWhoseMemberIsDroppedDuringTheRepairIsServedByAnother() {
        ProbeMembers members = new ProbeMembers(3, MEMBER_SECTORS);
        MirrorVolume volume = (MirrorVolume) Volumes.create(Layout.MIRROR, members.list(), VolumeOptions.defaults());
        byte[] reference = ProbeMembers.fill(volume, 1);
        members.probe(0).markBad(Volume.DATA_START_SECTOR + 3);
        members.probe(0).failWhen(a -> a.write() && a.isLabel(), false);
        members.probe(1).failWhen(a -> !a.write() && a.first() == Volume.DATA_START_SECTOR + 3, false);
        assertArrayEquals(Arrays.copyOf(reference, 4 * SECTOR), read(volume, 0, 4));
        assertEquals(0b011, volume.failedMask());
        assertEquals(1, volume.sectorsRepaired(), "computed from member 2");
        assertEquals(0, volume.readsServed(0), "member 0 was dropped before its read completed");
        assertEquals(0, volume.readsServed(1));
        assertEquals(1, volume.readsServed(2));
        assertLockReleased(volume);
    }

    /**
     * The sector-by-sector retry of a read meets member 0 removed between two sectors (an administrator's
     * removeMember, which a mirror's lock-free read does not exclude; put here right at the repair's rewrite): the
     * rest of the range is not read from it, and the whole read is served by member 1.
     */
    @Test
    void aMemberRemovedDuringASectorBySectorReadIsNotReadFurther() {
        ProbeMembers members = new ProbeMembers(2, MEMBER_SECTORS);
        MirrorVolume volume = (MirrorVolume) Volumes.create(Layout.MIRROR, members.list(), VolumeOptions.defaults());
        byte[] reference = ProbeMembers.fill(volume, 2);
        members.probe(0).markBad(Volume.DATA_START_SECTOR + 1);
        members.probe(0).hookOnce(a -> a.write() && a.first() == Volume.DATA_START_SECTOR + 1,
                () -> volume.removeMember(0));
        assertArrayEquals(Arrays.copyOf(reference, 4 * SECTOR), read(volume, 0, 4));
        assertEquals(0b01, volume.failedMask());
        assertEquals(0, volume.readsServed(0));
        assertEquals(1, volume.readsServed(1));
    }

    /**
     * A member that fails outright (not one bad sector) during a read's sector-by-sector retry is dropped (the
     * package documentation: any other DiskException drops the member) and the read is served by the other half.
     */
    @Test
    void aMemberThatFailsDuringTheSectorBySectorRetryIsDroppedAndTheReadServedElsewhere() {
        ProbeMembers members = new ProbeMembers(2, MEMBER_SECTORS);
        MirrorVolume volume = (MirrorVolume) Volumes.create(Layout.MIRROR, members.list(), VolumeOptions.defaults());
        byte[] reference = ProbeMembers.fill(volume, 7);
        members.probe(0).markBad(Volume.DATA_START_SECTOR + 1);
        members.probe(0).failWhen(a -> !a.write() && a.sectors() == 1 && a.first() == Volume.DATA_START_SECTOR + 2,
                false);
        assertArrayEquals(Arrays.copyOf(reference, 4 * SECTOR), read(volume, 0, 4));
        assertEquals(0b01, volume.failedMask());
        assertEquals(0, volume.readsServed(0));
        assertEquals(1, volume.readsServed(1));
        assertLockReleased(volume);
    }

    /** VOL-6: the sector comes from another member; one that fails to give it is dropped and the next one asked. */
    @Test
    void aRedundancySourceThatFailsIsDroppedAndTheNextOneGivesTheSector() {
        ProbeMembers members = new ProbeMembers(3, MEMBER_SECTORS);
        MirrorVolume volume = (MirrorVolume) Volumes.create(Layout.MIRROR, members.list(), VolumeOptions.defaults());
        byte[] reference = ProbeMembers.fill(volume, 8);
        members.probe(0).markBad(Volume.DATA_START_SECTOR + 3);
        members.probe(1).failWhen(a -> !a.write() && a.first() == Volume.DATA_START_SECTOR + 3, false);
        byte[] dirty = new byte[4 * SECTOR];
        Arrays.fill(dirty, (byte) 0xFF);
        volume.read(0, ByteBuffer.wrap(dirty));
        assertArrayEquals(Arrays.copyOf(reference, 4 * SECTOR), dirty);
        assertEquals(0b010, volume.failedMask());
        assertEquals(1, volume.sectorsRepaired());
        assertEquals(1, volume.readsServed(0), "member 0 kept, its sector rewritten");
        assertTrue(members.probe(0).badSectors().isEmpty());
    }

    /** Volume#repairSector: a member that fails the rewrite is dropped, and the read is served by another. */
    @Test
    void aMemberThatFailsTheRepairsRewriteIsDroppedAndTheReadServedElsewhere() {
        ProbeMembers members = new ProbeMembers(2, MEMBER_SECTORS);
        MirrorVolume volume = (MirrorVolume) Volumes.create(Layout.MIRROR, members.list(), VolumeOptions.defaults());
        byte[] reference = ProbeMembers.fill(volume, 9);
        members.probe(0).markBad(Volume.DATA_START_SECTOR + 3);
        members.probe(0).failWhen(a -> a.write() && !a.isLabel(), false);
        assertArrayEquals(Arrays.copyOf(reference, 4 * SECTOR), read(volume, 0, 4));
        assertEquals(0b01, volume.failedMask());
        assertEquals(0, volume.readsServed(0));
        assertEquals(1, volume.readsServed(1));
    }

    /** Volume#assemblyNotes: lost sectors are named one by one up to 16, the rest counted in one more line. */
    @Test
    void moreThanSixteenLostSectorsAreNamedUpToSixteenAndTheRestCounted() {
        Crashed crashed = crashedAfterWritingEverything(2, VolumeFault.CORRECT);
        ProbeMembers members = ProbeMembers.of(crashed.images());
        for (long s = 0; s < 18; s++) {
            members.probe(0).markBad(Volume.DATA_START_SECTOR + s);
            members.probe(1).markBad(Volume.DATA_START_SECTOR + s);
        }
        Volume volume = Volumes.assemble(members.list(), VolumeOptions.defaults());
        List<String> notes = volume.assemblyNotes();
        assertEquals(17, notes.size(), notes.toString());
        for (int s = 0; s < 16; s++) {
            assertEquals("data lost at resync: volumeId=" + LabelCodec.hex(crashed.volumeId()) + " memberSector=" + s
                    + " (unreadable on every member; reads of it fail until it is written again)", notes.get(s));
        }
        assertEquals("data lost at resync: 2 more sectors", notes.get(16));
        assertThrows(UnreadableDataException.class, () -> read(volume, 17, 1));
        assertArrayEquals(Arrays.copyOfRange(crashed.reference(), 18 * SECTOR, crashed.reference().length),
                read(volume, 18, 14));
    }

    /**
     * A lost sector in the last region (the very last data sector of exactly sized members) is left lost; the rest of
     * that region is still copied, so a sector the crash left different on the two halves agrees afterwards.
     */
    @Test
    void aLostSectorInTheLastRegionLeavesTheRestOfItResynchronised() {
        Crashed crashed = crashedAfterWritingEverything(2, VolumeFault.CORRECT);
        List<byte[]> images = new ArrayList<>(crashed.images());
        byte[] torn = images.get(1).clone();
        int at = (int) (Volume.DATA_START_SECTOR + 26) * SECTOR;
        Arrays.fill(torn, at, at + SECTOR, (byte) 0x77); // member 1 never got sector 26's last write
        images.set(1, torn);
        ProbeMembers members = ProbeMembers.of(images);
        members.probe(0).markBad(Volume.DATA_START_SECTOR + 31);
        members.probe(1).markBad(Volume.DATA_START_SECTOR + 31);
        Volume volume = Volumes.assemble(members.list(), VolumeOptions.defaults());
        assertEquals(1, volume.assemblyNotes().size(), volume.assemblyNotes().toString());
        assertTrue(volume.assemblyNotes().getFirst().contains(" memberSector=31 "), volume.assemblyNotes().toString());
        assertArrayEquals(sectorOf(crashed.reference(), 26), members.memberSector(1, 26),
                "the halves agree on the torn sector");
        assertArrayEquals(Arrays.copyOf(crashed.reference(), 31 * SECTOR), read(volume, 0, 31));
        assertThrows(UnreadableDataException.class, () -> read(volume, 31, 1));
    }

    /**
     * The resync reads exactly the dirty regions, once from the lowest member for each other member present: a
     * three-way mirror without member 2 (removed in the session) and one dirty region of eight reads that region once.
     */
    @Test
    void theResyncReadsOnlyTheDirtyRegionOncePerMemberPresent() {
        ProbeMembers first = new ProbeMembers(3, 2 + 64); // 8 regions: the bitmap is exactly one byte
        Volume volume = Volumes.create(Layout.MIRROR, first.list(), VolumeOptions.defaults());
        assertEquals(8, first.label(0).regionCount());
        volume.removeMember(2);
        byte[] data = ProbeMembers.random(3, SECTOR);
        volume.write(9, ByteBuffer.wrap(data.clone()), false); // region 1 (sectors 8..15), then a power loss
        ProbeMembers members = ProbeMembers.of(first.images().subList(0, 2));
        Volume again = Volumes.assemble(members.list(), VolumeOptions.defaults());
        assertEquals(0b100, again.failedMask());
        assertEquals(List.of(), again.assemblyNotes());
        assertEquals(8, members.probe(0).dataSectorsRead(), "region 1, once");
        assertEquals(List.of(Volume.DATA_START_SECTOR + 8), members.probe(0).dataReads().stream()
                .map(ProbeDevice.Access::first).toList());
        assertEquals(0, members.probe(1).dataSectorsRead());
        assertArrayEquals(data, read(again, 9, 1));
    }

    /**
     * 3521 data sectors (one-sector units) need two-sector regions (at most LabelCodec.MAX_REGIONS = 3520), so the
     * last region holds one sector: its resync copies that sector and nothing past the members' end.
     */
    @Test
    void aShortLastRegionIsResynchronisedUpToTheEndOfTheData() {
        long dataSectors = LabelCodec.MAX_REGIONS + 1;
        ProbeMembers first = new ProbeMembers(2, Volume.DATA_START_SECTOR + dataSectors);
        Volume volume = Volumes.create(Layout.MIRROR, first.list(), new VolumeOptions(1, false));
        MemberLabel label = first.label(0);
        assertEquals(2, label.regionSectors());
        assertEquals(LabelCodec.MAX_REGIONS / 2 + 1, label.regionCount());
        byte[] data = ProbeMembers.random(4, SECTOR);
        volume.write(dataSectors - 1, ByteBuffer.wrap(data.clone()), false);
        List<byte[]> images = new ArrayList<>(first.images());
        byte[] torn = images.get(1).clone();
        Arrays.fill(torn, torn.length - SECTOR, torn.length, (byte) 0x33);
        images.set(1, torn);
        ProbeMembers members = ProbeMembers.of(images);
        Volume again = Volumes.assemble(members.list(), VolumeOptions.defaults());
        assertArrayEquals(data, members.memberSector(1, dataSectors - 1), "the halves agree");
        assertArrayEquals(data, read(again, dataSectors - 1, 1));
    }

    /** Images of a crashed two- or three-way mirror whose member 1 missed the last write of sector 5. */
    private static Crashed tornAtSector5(int memberCount, VolumeFault fault) {
        Crashed crashed = crashedAfterWritingEverything(memberCount, fault);
        List<byte[]> images = new ArrayList<>(crashed.images());
        byte[] torn = images.get(1).clone();
        Arrays.fill(torn, (int) (Volume.DATA_START_SECTOR + 5) * SECTOR, (int) (Volume.DATA_START_SECTOR + 6) * SECTOR,
                (byte) 0x11);
        images.set(1, torn);
        return new Crashed(images, crashed.reference(), crashed.volumeId());
    }

    /**
     * VOL-1/VOL-2 in the resync: the lowest member fails its first read, so it is dropped while the region is copied
     * to the first other member; the copy to the next member must not take it for a source any more. Afterwards the
     * two survivors agree on every sector, each holding the old or the new content.
     */
    @Test
    void aResyncSourceLostPartWayIsReplacedForEveryLaterTarget() {
        Crashed crashed = tornAtSector5(3, VolumeFault.CORRECT);
        ProbeMembers members = ProbeMembers.of(crashed.images());
        members.probe(0).failWhen(a -> !a.write() && !a.isLabel(), false);
        Volume volume = Volumes.assemble(members.list(), VolumeOptions.defaults());
        assertEquals(0b001, volume.failedMask());
        byte[] torn = new byte[SECTOR];
        Arrays.fill(torn, (byte) 0x11);
        for (long s = 0; s < volume.sectorCount(); s++) {
            byte[] one = members.memberSector(1, s);
            assertArrayEquals(one, members.memberSector(2, s), "members 1 and 2 agree on sector " + s);
            assertTrue(Arrays.equals(sectorOf(crashed.reference(), s), one) || s == 5 && Arrays.equals(torn, one),
                    "sector " + s + " holds its old or new content");
        }
        assertArrayEquals(members.memberSector(1, 5), read(volume, 5, 1));
    }

    /** The correct assembly makes the halves agree (VOL-1); MIRROR_RESYNC_SKIPPED, by its definition, does not. */
    @Test
    void theResyncMakesTheHalvesAgreeUnlessTheBrokenVariantSkipsIt() {
        Crashed crashed = tornAtSector5(2, VolumeFault.CORRECT);
        byte[] expected = sectorOf(crashed.reference(), 5);
        ProbeMembers correct = ProbeMembers.of(crashed.images());
        Volume volume = Volumes.assemble(correct.list(), VolumeOptions.defaults());
        assertArrayEquals(expected, correct.memberSector(1, 5));
        volume.removeMember(0);
        assertArrayEquals(expected, read(volume, 5, 1));
        ProbeMembers skipped = ProbeMembers.of(crashed.images());
        Volumes.assemble(skipped.list(), VolumeOptions.defaults(), VolumeFault.MIRROR_RESYNC_SKIPPED);
        assertFalse(Arrays.equals(expected, skipped.memberSector(1, 5)), "the broken variant leaves them different");
        assertEquals(0, skipped.probe(0).dataSectorsRead(), "and reads nothing");
    }

    /**
     * RESYNC_LEFT_TO_READS, by its definition: no resync at assembly; a read of a healthy mirror copies what it read to
     * the other members with force-unit-access (not to the one it read from); a degraded one copies nothing.
     */
    @Test
    void theResyncLeftToReadsVariantCopiesWhatAHealthyMirrorReads() {
        Crashed crashed = tornAtSector5(3, VolumeFault.RESYNC_LEFT_TO_READS);
        byte[] expected = sectorOf(crashed.reference(), 5);
        ProbeMembers members = ProbeMembers.of(crashed.images());
        Volume volume = Volumes.assemble(members.list(), VolumeOptions.defaults(), VolumeFault.RESYNC_LEFT_TO_READS);
        assertFalse(Arrays.equals(expected, members.memberSector(1, 5)), "nothing resynchronised at assembly");
        members.resetProbes();
        assertArrayEquals(expected, read(volume, 5, 1));
        assertArrayEquals(expected, members.memberSector(1, 5), "copied to member 1");
        for (int i = 1; i < 3; i++) {
            List<ProbeDevice.Access> writes = members.probe(i).accesses.stream().filter(ProbeDevice.Access::write)
                    .toList();
            assertEquals(1, writes.size(), "member " + i + ": " + writes);
            assertTrue(writes.getFirst().forceUnitAccess() && writes.getFirst().touches(Volume.DATA_START_SECTOR + 5));
        }
        assertTrue(members.probe(0).accesses.stream().noneMatch(ProbeDevice.Access::write), "not to the source");
        assertLockReleased(volume);

        ProbeMembers degraded = ProbeMembers.of(crashed.images().subList(0, 2));
        Volume without2 = Volumes.assemble(degraded.list(), VolumeOptions.defaults().withAllowDegraded(true),
                VolumeFault.RESYNC_LEFT_TO_READS);
        assertEquals(0b100, without2.failedMask());
        assertArrayEquals(expected, read(without2, 5, 1));
        assertFalse(Arrays.equals(expected, degraded.memberSector(1, 5)), "a degraded mirror copies nothing");
    }

    /**
     * The resync's whole-range copy loses its only source (member 0 fails its first read): as above, member 1 is the
     * last copy of every dirty region, and the volume starts with it, every sector as the crash left it there.
     */
    @Test
    void aResyncWhoseSourceFailsAtOnceStartsWithTheOtherHalf() {
        Crashed crashed = crashedAfterWritingEverything(2, VolumeFault.CORRECT);
        ProbeMembers members = ProbeMembers.of(crashed.images());
        members.probe(0).failWhen(a -> !a.write() && a.first() >= Volume.DATA_START_SECTOR, false);
        Volume volume = Volumes.assemble(members.list(), VolumeOptions.defaults());
        assertEquals(0b01, volume.failedMask(), "member 0 dropped by its failed read");
        assertArrayEquals(crashed.reference(), read(volume, 0, (int) volume.sectorCount()));
    }

    /**
     * The resync's sector-by-sector copy loses its only source (member 0 fails a read) after a sector lost on both
     * halves. One member lost is what a 2-way mirror tolerates (VOL-2: half a mirror is a whole disk), and the model
     * never lets such a mirror report failed: assembly starts with member 1, whose sectors are one of the contents the
     * crash may leave; only the sector lost on both halves stays unreadable. It refused before ("no in-sync mirror
     * member to copy from").
     */
    @Test
    void aResyncThatLosesItsOnlySourceStartsWithTheLastCopy() {
        Crashed crashed = crashedAfterWritingEverything(2, VolumeFault.CORRECT);
        ProbeMembers members = ProbeMembers.of(crashed.images());
        members.probe(0).markBad(Volume.DATA_START_SECTOR + 3);
        members.probe(1).markBad(Volume.DATA_START_SECTOR + 3);
        members.probe(0).failWhen(a -> !a.write() && a.first() == Volume.DATA_START_SECTOR + 5 && a.sectors() == 1,
                false);
        Volume volume = Volumes.assemble(members.list(), VolumeOptions.defaults());
        assertEquals(0b01, volume.failedMask(), "member 0 dropped by its failed read");
        assertArrayEquals(sectorOf(crashed.reference(), 5), read(volume, 5, 1));
        assertThrows(UnreadableDataException.class, () -> read(volume, 3, 1), "lost on both halves");
    }
}
