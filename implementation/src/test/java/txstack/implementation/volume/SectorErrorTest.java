package txstack.implementation.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import txstack.implementation.disk.FaultyDevice;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.MemoryBlockDevice;

/**
 * Latent sector errors (DISK-4) under a volume: with redundancy left, the sector is computed from the other members,
 * returned and rewritten, and the member stays (VOL-6); with none left, only the sectors that depended on it fail, with
 * {@link UnreadableDataException}, and the volume serves the rest. Also assembly's degraded mode: a member whose label
 * does not read, a blank replacement and a stale member are left out with a note.
 */
class SectorErrorTest {
    private static final int SECTOR = 512;
    private static final int UNIT = 2;

    private record Setup(Volume volume, List<MemoryBlockDevice> disks, List<FaultyDevice> devices,
                         byte[] reference) {
    }

    private static Setup setup(Layout layout, int memberCount, VolumeFault variant) {
        List<MemoryBlockDevice> disks = new ArrayList<>();
        List<FaultyDevice> devices = new ArrayList<>();
        for (int i = 0; i < memberCount; i++) {
            disks.add(MemoryBlockDevice.create(SECTOR, 41));
            devices.add(new FaultyDevice(disks.get(i)));
        }
        Volume volume = Volumes.create(layout, new ArrayList<>(devices), VolumeOptions.defaults()
                .withStripeUnitSectors(UNIT), variant);
        byte[] reference = new byte[(int) volume.sectorCount() * SECTOR];
        new SplittableRandom(7).nextBytes(reference);
        volume.write(0, ByteBuffer.wrap(reference.clone()), false);
        return new Setup(volume, disks, devices, reference);
    }

    private static byte[] read(Volume volume, long first, int sectors) {
        ByteBuffer buffer = ByteBuffer.allocate(sectors * SECTOR);
        volume.read(first, buffer);
        return buffer.array();
    }

    private static byte[] sectorOf(byte[] reference, long sector) {
        byte[] out = new byte[SECTOR];
        System.arraycopy(reference, (int) sector * SECTOR, out, 0, SECTOR);
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = Layout.class, names = {"MIRROR", "RAID5"})
    void withRedundancyLeftAnUnreadableSectorIsRebuiltAndRewritten(Layout layout) {
        Setup s = setup(layout, 3, VolumeFault.CORRECT);
        for (int member = 0; member < 3; member++) {
            for (long sector = Volume.DATA_START_SECTOR + member; sector < 41; sector += 3) {
                s.devices().get(member).markBad(sector);
            }
        }
        assertArrayEquals(s.reference(), read(s.volume(), 0, (int) s.volume().sectorCount()));
        assertEquals(0, s.volume().failedMask(), "no member may be dropped for a sector error");
        // The pattern puts every bad sector on a data unit (sector = member mod 3 never meets a RAID-5 parity row), so
        // a RAID-5 read of everything reads, and repairs, them all; an idle mirror reads only member 0.
        long repaired = s.volume().sectorsRepaired();
        // 38 data sectors per member: members 0 and 1 have 13 bad ones there, member 2 has 12.
        assertEquals(layout == Layout.RAID5 ? 13 + 13 + 12 : 13, repaired);
        for (int member = 0; member < 3; member++) {
            boolean read = layout == Layout.RAID5 || member == 0;
            assertEquals(read, badInDataArea(s.devices().get(member), s.volume()).isEmpty(), "member " + member);
        }
        // Repaired sectors hold the right data: with member 0 gone every block still reads right, and a mirror now
        // reads, and repairs, member 1.
        s.volume().removeMember(0);
        assertArrayEquals(s.reference(), read(s.volume(), 0, (int) s.volume().sectorCount()));
        if (layout == Layout.MIRROR) {
            assertTrue(s.volume().sectorsRepaired() > repaired);
            assertEquals(Set.of(), badInDataArea(s.devices().get(1), s.volume()));
        } else {
            assertEquals(repaired, s.volume().sectorsRepaired(), "nothing was left to repair");
        }
    }

    @Test
    void raid5PartialWritesRepairTheSectorsTheirParityNeeds() {
        Setup s = setup(Layout.RAID5, 3, VolumeFault.CORRECT);
        for (long sector = Volume.DATA_START_SECTOR; sector < 41; sector++) {
            s.devices().get(1).markBad(sector);
        }
        byte[] data = new byte[SECTOR];
        new SplittableRandom(3).nextBytes(data);
        for (long v = 0; v < s.volume().sectorCount(); v += 3) {
            s.volume().write(v, ByteBuffer.wrap(data.clone()), false);
            System.arraycopy(data, 0, s.reference(), (int) v * SECTOR, SECTOR);
        }
        assertEquals(0, s.volume().failedMask());
        assertTrue(s.volume().sectorsRepaired() > 0, "the writes' parity reads met the bad sectors");
        assertArrayEquals(s.reference(), read(s.volume(), 0, (int) s.volume().sectorCount()));
    }

    @ParameterizedTest
    @EnumSource(value = Layout.class, names = {"MIRROR", "RAID5"})
    void degradedOnlyTheSectorsThatNeededTheBadOneAreLost(Layout layout) {
        Setup s = setup(layout, layout == Layout.MIRROR ? 2 : 3, VolumeFault.CORRECT);
        s.volume().removeMember(0);
        long badMemberSector = Volume.DATA_START_SECTOR; // member data sector 0: stripe 0, row 0
        s.devices().get(1).markBad(badMemberSector);
        List<Long> lost = new ArrayList<>();
        for (long v = 0; v < s.volume().sectorCount(); v++) {
            try {
                assertArrayEquals(sectorOf(s.reference(), v), read(s.volume(), v, 1), "sector " + v);
            } catch (UnreadableDataException e) {
                assertTrue(e.getMessage().startsWith("data lost: volumeId=0x") && e.getMessage()
                        .contains("member=1 memberSector=0"), e.getMessage());
                lost.add(v);
            }
        }
        // RAID-5 with 3 members, 2-sector units: stripe 0 has its parity on member 2, data unit 0 (volume sectors 0,
        // 1) on member 0, which failed, and data unit 1 (volume sectors 2, 3) on member 1; row 0 of both needs member
        // 1's data sector 0.
        assertEquals(layout == Layout.MIRROR ? List.of(0L) : List.of(0L, 2L), lost);
        assertFalse(s.volume().isFailed());
        UnreadableDataException whole = assertThrows(UnreadableDataException.class,
                () -> read(s.volume(), 0, (int) s.volume().sectorCount()));
        assertTrue(whole.getMessage().contains("no redundancy is left"), whole.getMessage());
        byte[] fresh = new byte[SECTOR * 2];
        s.volume().write(20, ByteBuffer.wrap(fresh.clone()), false);
        assertArrayEquals(fresh, read(s.volume(), 20, 2), "the volume still takes writes elsewhere");
    }

    @Test
    void theBrokenVariantDropsTheMember() {
        Setup s = setup(Layout.RAID5, 3, VolumeFault.DROP_MEMBER_ON_SECTOR_ERROR);
        s.devices().get(1).markBad(Volume.DATA_START_SECTOR);
        s.devices().get(1).markBad(Volume.DATA_START_SECTOR + 1);
        assertArrayEquals(s.reference(), read(s.volume(), 0, (int) s.volume().sectorCount()));
        assertEquals(0b010, s.volume().failedMask());
    }

    @Test
    void aRebuildThatMeetsALostSectorIsAbortedAndTheVolumeGoesOn() {
        Setup s = setup(Layout.RAID5, 3, VolumeFault.CORRECT);
        s.volume().removeMember(0);
        s.devices().get(1).markBad(Volume.DATA_START_SECTOR + 10);
        VolumeException e = assertThrows(VolumeException.class,
                () -> s.volume().replaceMember(0, MemoryBlockDevice.create(SECTOR, 41)));
        assertTrue(e.getMessage().startsWith("rebuild aborted:") && e.getCause() instanceof UnreadableDataException,
                e.getMessage());
        assertEquals(0b001, s.volume().failedMask());
        assertArrayEquals(sectorOf(s.reference(), 1), read(s.volume(), 1, 1));
    }

    /** The members as a power loss leaves them (the labels still say open), each able to grow bad sectors. */
    private static List<FaultyDevice> crashed(Setup s) {
        List<FaultyDevice> out = new ArrayList<>();
        for (MemoryBlockDevice disk : s.disks()) {
            out.add(new FaultyDevice(MemoryBlockDevice.of(SECTOR, disk.image())));
        }
        return out;
    }

    /** Bad sectors of {@code device} inside the volume's data area (the last member sectors may lie outside it). */
    private static Set<Long> badInDataArea(FaultyDevice device, Volume volume) {
        Set<Long> out = new TreeSet<>(device.badSectors());
        out.removeIf(x -> x >= Volume.DATA_START_SECTOR + volume.memberDataSectors);
        return out;
    }

    @Test
    void aDirtyRaid5WithAnUnreadableSectorInADirtyStripeRefusesToStart() {
        Setup s = setup(Layout.RAID5, 3, VolumeFault.CORRECT);
        s.volume().write(0, ByteBuffer.allocate(SECTOR), false); // dirty region 0, never closed: a crash
        List<FaultyDevice> bad = crashed(s);
        List<BlockDevice> again = new ArrayList<>(bad);
        bad.get(1).markBad(Volume.DATA_START_SECTOR); // stripe 0, row 0 of data unit 1 (on member 1; parity on 2)
        VolumeFailedException e = assertThrows(VolumeFailedException.class,
                () -> Volumes.assemble(again, VolumeOptions.defaults()));
        assertTrue(e.getMessage().startsWith("dirty RAID-5 with an unreadable sector:"), e.getMessage());
    }

    @Test
    void aDirtyMirrorTakesAnUnreadableSectorFromTheOtherHalf() {
        Setup s = setup(Layout.MIRROR, 2, VolumeFault.CORRECT);
        List<FaultyDevice> bad = crashed(s);
        List<BlockDevice> again = new ArrayList<>(bad);
        bad.get(0).markBad(Volume.DATA_START_SECTOR + 1);
        Volume volume = Volumes.assemble(again, VolumeOptions.defaults());
        assertArrayEquals(s.reference(), read(volume, 0, (int) volume.sectorCount()));
        assertEquals(Set.of(), bad.get(0).badSectors());
    }

    /**
     * Regression (found by {@code conform volume --layout mirror --mode random --seed 5 --workload 655}): a sector
     * unreadable on both halves of a dirty mirror made the resync throw out of assembly, so one lost block took the
     * whole mirror down. Now that block alone is lost (DISK-4): assembly notes it, reads of it fail, all else reads.
     */
    @Test
    void aDirtyMirrorWithASectorLostOnEveryHalfLosesThatSectorAlone() {
        Setup s = setup(Layout.MIRROR, 2, VolumeFault.CORRECT);
        List<FaultyDevice> bad = crashed(s);
        long lostSector = 14;
        bad.get(0).markBad(Volume.DATA_START_SECTOR + lostSector);
        bad.get(1).markBad(Volume.DATA_START_SECTOR + lostSector);
        Volume volume = Volumes.assemble(new ArrayList<>(bad), VolumeOptions.defaults());
        assertEquals(0, volume.failedMask(), "no member is dropped for a lost sector");
        assertEquals(1, volume.assemblyNotes().size(), volume.assemblyNotes().toString());
        assertTrue(volume.assemblyNotes().getFirst().startsWith("data lost at resync: volumeId=0x")
                && volume.assemblyNotes().getFirst().contains(" memberSector=14 "), volume.assemblyNotes().toString());
        for (long v = 0; v < volume.sectorCount(); v++) {
            if (v == lostSector) {
                UnreadableDataException e = assertThrows(UnreadableDataException.class, () -> read(volume, 14, 1));
                assertTrue(e.getMessage().contains("memberSector=14"), e.getMessage());
            } else {
                assertArrayEquals(sectorOf(s.reference(), v), read(volume, v, 1), "sector " + v);
            }
        }
        assertEquals(Set.of(Volume.DATA_START_SECTOR + lostSector), bad.get(0).badSectors(), "no guess written");
        assertEquals(Set.of(Volume.DATA_START_SECTOR + lostSector), bad.get(1).badSectors(), "no guess written");
        byte[] fresh = new byte[SECTOR];
        new SplittableRandom(11).nextBytes(fresh);
        volume.write(lostSector, ByteBuffer.wrap(fresh.clone()), false);
        assertArrayEquals(fresh, read(volume, lostSector, 1), "a write makes the sector whole again");
        volume.close();
    }

    @Test
    void aDirtyThreeWayMirrorTakesASectorFromTheOneHalfThatStillHasIt() {
        Setup s = setup(Layout.MIRROR, 3, VolumeFault.CORRECT);
        List<FaultyDevice> bad = crashed(s);
        bad.get(0).markBad(Volume.DATA_START_SECTOR + 3);
        bad.get(1).markBad(Volume.DATA_START_SECTOR + 3);
        Volume volume = Volumes.assemble(new ArrayList<>(bad), VolumeOptions.defaults());
        assertEquals(List.of(), volume.assemblyNotes());
        assertArrayEquals(s.reference(), read(volume, 0, (int) volume.sectorCount()));
        for (FaultyDevice device : bad) {
            assertEquals(Set.of(), badInDataArea(device, volume));
        }
    }

    // ---- degraded assembly leaves out what it cannot use ----

    private static List<BlockDevice> closedImages(Setup s) {
        s.volume().close();
        List<BlockDevice> out = new ArrayList<>();
        for (MemoryBlockDevice disk : s.disks()) {
            out.add(MemoryBlockDevice.of(SECTOR, disk.image()));
        }
        return out;
    }

    private static BlockDevice copy(BlockDevice device) {
        return MemoryBlockDevice.of(SECTOR, ((MemoryBlockDevice) device).image());
    }

    @Test
    void aMemberWhoseLabelDoesNotReadIsLeftOutOfADegradedAssembly() {
        Setup s = setup(Layout.RAID5, 3, VolumeFault.CORRECT);
        List<BlockDevice> images = closedImages(s);
        FaultyDevice oneCopyBad = new FaultyDevice(copy(images.get(1)));
        oneCopyBad.markBad(0);
        Volume whole = Volumes.assemble(List.of(copy(images.get(0)), oneCopyBad, copy(images.get(2))),
                VolumeOptions.defaults());
        assertEquals(0, whole.failedMask(), "one unreadable label copy costs nothing");
        assertEquals(Set.of(), oneCopyBad.badSectors(), "assembly rewrote the labels, so the copy reads again");
        FaultyDevice unreadableLabel = new FaultyDevice(images.get(1));
        unreadableLabel.markBad(0);
        unreadableLabel.markBad(1);
        List<BlockDevice> devices = List.of(images.get(0), unreadableLabel, images.get(2));
        MemberMissingException strict = assertThrows(MemberMissingException.class,
                () -> Volumes.assemble(devices, VolumeOptions.defaults()));
        assertEquals("cannot read label: device=1", strict.getMessage());
        Volume volume = Volumes.assemble(devices, VolumeOptions.defaults().withAllowDegraded(true));
        assertEquals(0b010, volume.failedMask());
        assertEquals(List.of("left out: cannot read label: device=1"), volume.assemblyNotes());
        assertArrayEquals(s.reference(), read(volume, 0, (int) volume.sectorCount()));
    }

    @Test
    void aBlankDeviceAndAStaleMemberAreLeftOutOfADegradedAssembly() {
        Setup s = setup(Layout.MIRROR, 3, VolumeFault.CORRECT);
        List<BlockDevice> images = closedImages(s);
        byte[] oldImage = ((MemoryBlockDevice) images.get(2)).image();
        List<MemoryBlockDevice> running = new ArrayList<>();
        for (BlockDevice image : images) {
            running.add(MemoryBlockDevice.of(SECTOR, ((MemoryBlockDevice) image).image()));
        }
        Volume first = Volumes.assemble(new ArrayList<>(running), VolumeOptions.defaults());
        first.removeMember(2);
        first.flush(); // then power is lost: the survivors' labels count member 2 failed
        List<BlockDevice> devices = List.of(MemoryBlockDevice.of(SECTOR, running.get(0).image()),
                MemoryBlockDevice.create(SECTOR, 41), MemoryBlockDevice.of(SECTOR, oldImage));
        assertThrows(CorruptLabelException.class, () -> Volumes.assemble(devices, VolumeOptions.defaults()));
        Volume volume = Volumes.assemble(devices, VolumeOptions.defaults().withAllowDegraded(true));
        assertEquals(0b110, volume.failedMask());
        assertEquals(2, volume.assemblyNotes().size());
        assertTrue(volume.assemblyNotes().get(0).startsWith("left out: no valid label: device=1"),
                volume.assemblyNotes().toString());
        assertTrue(volume.assemblyNotes().get(1).startsWith("left out: stale member: volumeId=0x"),
                volume.assemblyNotes().toString());
        assertArrayEquals(s.reference(), read(volume, 0, (int) volume.sectorCount()));
    }

    @Test
    void noReadableLabelAtAllIsAClearError() {
        List<BlockDevice> blanks = List.of(MemoryBlockDevice.create(SECTOR, 41), MemoryBlockDevice.create(SECTOR, 41));
        MemberMissingException e = assertThrows(MemberMissingException.class,
                () -> Volumes.assemble(blanks, VolumeOptions.defaults().withAllowDegraded(true)));
        assertTrue(e.getMessage().startsWith("no device carries a readable volume label: devices=2 (left out: no "
                + "valid label: device=0"), e.getMessage());
    }
}
