package txstack.implementation.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.implementation.volume.ProbeMembers.SECTOR;
import static txstack.implementation.volume.ProbeMembers.assertLockReleased;
import static txstack.implementation.volume.ProbeMembers.readAll;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * RAID-5 writes (VOL-5) by the member sectors they read: a full stripe none, a partial one what the cheaper of
 * read-modify-write and reconstruct-write needs, a degraded stripe reconstruct-write, a stripe whose parity member is
 * missing only its data; a pre-read that fails; reconstruction into a caller's dirty buffer; the resync losing a
 * member; the RESYNC_LEFT_TO_READS variant. Every case ends with the data read back and the parity consistent.
 */
class Raid5WritePathTest {
    /** Five members, 4-sector units: stripes of 16 data sectors, 10 stripes. */
    private static final long MEMBER_SECTORS = 2 + 40;

    private record Setup(Raid5Volume volume, ProbeMembers members, byte[] reference) {
    }

    private static Setup setup(int memberCount, long memberSectors, int unit) {
        ProbeMembers members = new ProbeMembers(memberCount, memberSectors);
        Raid5Volume volume = (Raid5Volume) Volumes.create(Layout.RAID5, members.list(),
                VolumeOptions.defaults().withStripeUnitSectors(unit));
        byte[] reference = ProbeMembers.fill(volume, memberCount * 100L + unit);
        members.resetProbes();
        return new Setup(volume, members, reference);
    }

    /** Member -> the data reads it served, as "first+sectors" of member data sectors. */
    private static Map<Integer, List<String>> readsByMember(ProbeMembers members) {
        Map<Integer, List<String>> out = new TreeMap<>();
        for (int i = 0; i < members.probes.size(); i++) {
            List<String> reads = members.probe(i).dataReads().stream()
                    .map(a -> (a.first() - Volume.DATA_START_SECTOR) + "+" + a.sectors()).toList();
            if (!reads.isEmpty()) {
                out.put(i, reads);
            }
        }
        members.resetProbes();
        return out;
    }

    private static void write(Setup s, long first, int sectors, long seed) {
        ProbeMembers.write(s.volume(), s.reference(), first, ProbeMembers.random(seed, sectors * SECTOR));
    }

    private static void assertAllRowsConsistent(Setup s, long memberDataSectors) {
        for (long row = 0; row < memberDataSectors; row++) {
            assertTrue(s.members().rowConsistent(row), "VOL-3: parity of member row " + row);
        }
    }

    @Test
    void eachPartialWriteReadsWhatTheCheaperPathNeeds() {
        Setup s = setup(5, MEMBER_SECTORS, 4);
        Raid5Volume v = s.volume();
        write(s, 16, 16, 1); // stripe 1, whole: the parity comes from the new data alone
        assertEquals(Map.of(), readsByMember(s.members()));
        // Stripe 2, unit 0, row 1: read-modify-write reads 2 sectors (old data, old parity), reconstruct-write 3.
        write(s, 33, 1, 2);
        assertEquals(Map.of(v.dataMember(2, 0), List.of("9+1"), v.parityMember(2), List.of("9+1")),
                readsByMember(s.members()));
        // Stripe 5, unit 0, rows 1..2: RMW 4 sectors, RCW 6.
        write(s, 81, 2, 3);
        assertEquals(Map.of(v.dataMember(5, 0), List.of("21+2"), v.parityMember(5), List.of("21+2")),
                readsByMember(s.members()));
        // Stripe 3, units 0..2 whole: RCW reads unit 3 (4 sectors), RMW would read 16.
        write(s, 48, 12, 4);
        assertEquals(Map.of(v.dataMember(3, 3), List.of("12+4")), readsByMember(s.members()));
        // Stripe 4, units 0..1 whole and rows 0..1 of unit 2: RCW reads units 2 and 3 (8 sectors), RMW 14.
        write(s, 64, 10, 5);
        assertEquals(Map.of(v.dataMember(4, 2), List.of("16+4"), v.dataMember(4, 3), List.of("16+4")),
                readsByMember(s.members()));
        assertArrayEquals(s.reference(), readAll(v));
        assertAllRowsConsistent(s, 40);
        assertLockReleased(v);
    }

    /** Degraded: reconstruct-write reads the row of each other data unit and the parity, never the lost unit. */
    @Test
    void aDegradedStripeWritesByReconstruction() {
        Setup s = setup(5, MEMBER_SECTORS, 4);
        Raid5Volume v = s.volume();
        int lost = v.dataMember(6, 1);
        v.removeMember(lost);
        s.members().resetProbes();
        write(s, 96, 1, 6); // stripe 6, unit 0, row 0
        Map<Integer, List<String>> expected = new TreeMap<>();
        for (int k : new int[] {0, 2, 3}) {
            expected.put(v.dataMember(6, k), List.of("24+1"));
        }
        expected.put(v.parityMember(6), List.of("24+1"));
        assertEquals(expected, readsByMember(s.members()));
        assertArrayEquals(s.reference(), readAll(v), "the lost unit reconstructs from the new parity");
    }

    /** The class Javadoc: a full stripe computes the parity from the new data with no read, degraded or not. */
    @Test
    void aFullStripeWriteReadsNothingEvenOnADegradedStripe() {
        Setup s = setup(5, MEMBER_SECTORS, 4);
        Raid5Volume v = s.volume();
        v.removeMember(v.dataMember(7, 2));
        s.members().resetProbes();
        write(s, 7 * 16, 16, 11);
        assertEquals(Map.of(), readsByMember(s.members()));
        assertArrayEquals(s.reference(), readAll(v));
    }

    /** The class Javadoc: if the parity's member is the one missing, only the data is written (nothing is read). */
    @Test
    void aStripeWhoseParityMemberIsMissingWritesOnlyItsData() {
        Setup s = setup(5, MEMBER_SECTORS, 4);
        Raid5Volume v = s.volume();
        v.removeMember(v.parityMember(0));
        s.members().resetProbes();
        write(s, 1, 1, 7);
        write(s, 5, 6, 8);
        assertEquals(Map.of(), readsByMember(s.members()));
        assertArrayEquals(s.reference(), readAll(v));
        assertLockReleased(v);
    }

    /** A pre-read that fails drops its member (VOL-2); the write is tried again on the now degraded stripe. */
    @Test
    void aFailedPreReadDropsItsMemberAndTheWriteGoesOn() {
        Setup rmw = setup(5, MEMBER_SECTORS, 4);
        int oldData = rmw.volume().dataMember(2, 0);
        rmw.members().probe(oldData).failWhen(a -> !a.write() && !a.isLabel(), true);
        write(rmw, 33, 1, 9);
        assertEquals(1 << oldData, rmw.volume().failedMask());
        assertArrayEquals(rmw.reference(), readAll(rmw.volume()));

        Setup parity = setup(5, MEMBER_SECTORS, 4);
        int oldParity = parity.volume().parityMember(2);
        parity.members().probe(oldParity).failWhen(a -> !a.write() && !a.isLabel(), true);
        write(parity, 33, 1, 12);
        assertEquals(1 << oldParity, parity.volume().failedMask());
        assertArrayEquals(parity.reference(), readAll(parity.volume()));

        Setup rcw = setup(5, MEMBER_SECTORS, 4);
        int otherUnit = rcw.volume().dataMember(3, 3);
        rcw.members().probe(otherUnit).failWhen(a -> !a.write() && !a.isLabel(), true);
        write(rcw, 48, 12, 10);
        assertEquals(1 << otherUnit, rcw.volume().failedMask());
        assertArrayEquals(rcw.reference(), readAll(rcw.volume()));
        assertLockReleased(rcw.volume());
    }

    /**
     * A read overwrites the caller's buffer, whatever it held: an unreadable data sector computed from the other
     * members (VOL-6) into a buffer full of 0xFF reads right, and is rewritten (sectorsRepaired).
     */
    @Test
    void aRepairedSectorReadsRightIntoADirtyBuffer() {
        Setup s = setup(3, 2 + 32, 2);
        Raid5Volume v = s.volume();
        int member = v.dataMember(1, 0);
        s.members().probe(member).markBad(Volume.DATA_START_SECTOR + 3); // stripe 1, row 1 of unit 0
        byte[] dirty = new byte[8 * SECTOR];
        Arrays.fill(dirty, (byte) 0xFF);
        v.read(0, ByteBuffer.wrap(dirty));
        assertArrayEquals(Arrays.copyOf(s.reference(), 8 * SECTOR), dirty);
        assertEquals(1, v.sectorsRepaired());
        assertEquals(0, v.failedMask(), "a bad sector drops no member");
        assertTrue(s.members().probe(member).badSectors().isEmpty(), "rewritten, so remapped");
        assertLockReleased(v);
    }

    /**
     * The package documentation: a RAID-5 that loses a member between the crash and the resync cannot tell which
     * stripes were torn, and assembly refuses it. Losing it during the resync is no better.
     */
    @Test
    void aDirtyRaid5ThatLosesAMemberDuringTheResyncRefusesToStart() {
        Setup s = setup(3, 2 + 32, 8);
        ProbeMembers crashed = ProbeMembers.of(s.members().images()); // every region dirty, never closed
        crashed.probe(1).failWhen(a -> !a.write() && !a.isLabel(), false);
        VolumeFailedException e = assertThrows(VolumeFailedException.class,
                () -> Volumes.assemble(crashed.list(), VolumeOptions.defaults()));
        assertTrue(e.getMessage().contains("member=1"), e.getMessage());
    }

    /**
     * The package documentation's "dirty degraded array": after an unclean shutdown, a RAID-5 missing a member cannot
     * tell which stripes were torn and refuses to start; the same members after a clean close start degraded.
     */
    @Test
    void aDirtyRaid5MissingAMemberRefusesToStartAndACleanOneStarts() {
        Setup s = setup(3, 2 + 32, 8); // written, never closed
        VolumeOptions degraded = VolumeOptions.defaults().withAllowDegraded(true);
        List<byte[]> crashed = s.members().images();
        VolumeFailedException e = assertThrows(VolumeFailedException.class,
                () -> Volumes.assemble(ProbeMembers.of(crashed.subList(0, 2)).list(), degraded));
        assertTrue(e.getMessage().startsWith("dirty degraded RAID-5: volumeId=" + LabelCodec.hex(s.volume().volumeId())
                + " failedMask=0x4 "), e.getMessage());
        s.volume().close();
        Volume clean = Volumes.assemble(ProbeMembers.of(s.members().images().subList(0, 2)).list(), degraded);
        assertEquals(0b100, clean.failedMask());
        assertArrayEquals(s.reference(), readAll(clean));
    }

    /**
     * RESYNC_LEFT_TO_READS, by its definition: no resync at assembly; a read of a healthy RAID-5 recomputes the parity
     * of exactly the stripes it read; a degraded one only reads (and reconstructs).
     */
    @Test
    void theResyncLeftToReadsVariantRecomputesTheParityOfTheStripesRead() {
        VolumeOptions unit2 = new VolumeOptions(2, false);
        ProbeMembers first = new ProbeMembers(3, 2 + 32);
        Raid5Volume created = (Raid5Volume) Volumes.create(Layout.RAID5, first.list(), unit2,
                VolumeFault.RESYNC_LEFT_TO_READS);
        byte[] reference = ProbeMembers.fill(created, 11);
        List<byte[]> images = new ArrayList<>(first.images());
        int[] torn = {2, 3, 4, 5};
        for (int stripe : torn) { // the data landed, the parity did not (both rows of the stripe)
            int parity = created.parityMember(stripe);
            byte[] image = images.get(parity).clone();
            Arrays.fill(image, (int) (Volume.DATA_START_SECTOR + 2 * stripe) * SECTOR,
                    (int) (Volume.DATA_START_SECTOR + 2 * stripe + 2) * SECTOR, (byte) 0x6D);
            images.set(parity, image);
        }
        ProbeMembers members = ProbeMembers.of(images);
        Volume volume = Volumes.assemble(members.list(), unit2, VolumeFault.RESYNC_LEFT_TO_READS);
        for (int stripe : torn) {
            assertFalse(stripeConsistent(members, stripe), "not resynchronised at assembly: stripe " + stripe);
        }
        // Four-sector stripes: volume sectors 13..19 lie in stripes 3 and 4 only (19 is stripe 4's last).
        assertArrayEquals(Arrays.copyOfRange(reference, 13 * SECTOR, 20 * SECTOR), ProbeMembers.read(volume, 13, 7));
        assertTrue(stripeConsistent(members, 3) && stripeConsistent(members, 4), "the stripes read");
        assertFalse(stripeConsistent(members, 2), "a stripe not read stays torn");
        assertFalse(stripeConsistent(members, 5), "a stripe not read stays torn");
        assertArrayEquals(reference, readAll(volume));
        for (int stripe = 0; stripe < 16; stripe++) {
            assertTrue(stripeConsistent(members, stripe), "stripe " + stripe);
        }
        volume.removeMember(0);
        assertArrayEquals(reference, readAll(volume), "a degraded volume reads by reconstruction, no resync");
        assertLockReleased(volume);
    }

    private static boolean stripeConsistent(ProbeMembers members, int stripe) {
        return members.rowConsistent(2L * stripe) && members.rowConsistent(2L * stripe + 1);
    }

    /**
     * Like the refusal above, with the member lost at the resync's very last read (stripe 3's data on member 1):
     * no parity is written from a unit that was never read, the volume does not start.
     */
    @Test
    void aDirtyRaid5ThatLosesAMemberAtTheResyncsLastReadRefusesToStart() {
        Setup s = setup(3, 2 + 32, 8);
        assertEquals(1, s.volume().dataMember(3, 1));
        ProbeMembers crashed = ProbeMembers.of(s.members().images());
        crashed.probe(1).failWhen(a -> !a.write() && a.first() == Volume.DATA_START_SECTOR + 24, false);
        VolumeFailedException e = assertThrows(VolumeFailedException.class,
                () -> Volumes.assemble(crashed.list(), VolumeOptions.defaults()));
        assertTrue(e.getMessage().contains("member=1"), e.getMessage());
    }
}
