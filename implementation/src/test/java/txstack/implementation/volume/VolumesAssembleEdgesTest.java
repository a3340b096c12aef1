package txstack.implementation.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.implementation.volume.ProbeMembers.SECTOR;
import static txstack.implementation.volume.ProbeMembers.readAll;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.FaultyDevice;
import txstack.implementation.disk.MemoryBlockDevice;

/**
 * {@link Volumes#create} and {@link Volumes#assemble} at their edges: member counts and sizes, the data area's
 * zeroing, the dirty regions' geometry, label copies, a device that does not fit its label, a member missing but
 * already recorded failed; {@link VolumeOptions} and {@link Layout}; and the assembly-side broken variants, each
 * against its documented behaviour.
 */
class VolumesAssembleEdgesTest {
    private static List<BlockDevice> blanks(int count, long sectors) {
        List<BlockDevice> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(MemoryBlockDevice.create(SECTOR, sectors));
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"SIMPLE,1,1", "STRIPED,2,32", "MIRROR,2,32", "RAID5,3,32"})
    void createTakesExactlyTheMemberCountsItsLayoutAllows(Layout layout, int min, int max) {
        assertEquals(min, layout.minMembers());
        assertEquals(layout, Volumes.create(layout, blanks(min, 10), VolumeOptions.defaults()).layout());
        assertEquals(max, Volumes.create(layout, blanks(max, 10), VolumeOptions.defaults()).memberCount());
        for (int count : new int[] {min - 1, max + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Volumes.create(layout, blanks(count, 10), VolumeOptions.defaults()));
            assertEquals("wrong member count: layout=" + layout + " memberCount=" + count + " min=" + min
                    + " max=32", e.getMessage());
        }
    }

    @Test
    void createRefusesMembersOfDifferentSectorSizes() {
        List<BlockDevice> mixed = List.of(MemoryBlockDevice.create(SECTOR, 80), MemoryBlockDevice.create(4096, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Volumes.create(Layout.MIRROR, mixed, VolumeOptions.defaults()));
        assertEquals("members differ in sector size: sectorSizeBytes=4096 expected=512", e.getMessage());
    }

    /** The smallest member decides; its data area (after the 2 label sectors) is cut to whole stripe units. */
    @Test
    void createSizesTheVolumeByItsSmallestMemberInWholeUnits() {
        VolumeOptions unit4 = VolumeOptions.defaults().withStripeUnitSectors(4);
        List<BlockDevice> tooSmall = List.of(MemoryBlockDevice.create(SECTOR, 2 + 3),
                MemoryBlockDevice.create(SECTOR, 100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Volumes.create(Layout.MIRROR, tooSmall, unit4));
        assertEquals("members too small: sectorCount=5 stripeUnitSectors=4", e.getMessage());
        Volume smallest = Volumes.create(Layout.MIRROR, List.of(MemoryBlockDevice.create(SECTOR, 100),
                MemoryBlockDevice.create(SECTOR, 2 + 4)), unit4);
        assertEquals(4, smallest.sectorCount(), "one unit");
        Volume raid5 = Volumes.create(Layout.RAID5, List.of(MemoryBlockDevice.create(SECTOR, 2 + 4 * 5 + 3),
                MemoryBlockDevice.create(SECTOR, 2 + 4 * 7), MemoryBlockDevice.create(SECTOR, 90)), unit4);
        assertEquals(2 * 20, raid5.sectorCount(), "two data units of 20 sectors each");
    }

    /**
     * LabelCodec's diagram: regions are whole stripe units, at most MAX_REGIONS, ceil(memberDataSectors /
     * regionSectors) of them; and no bigger than needed to fit (or they would cost resync reads for nothing).
     */
    @ParameterizedTest
    @CsvSource({"1,8", "1,3520", "1,3521", "1,7041", "8,8", "8,3528", "8,28168", "3,10000"})
    void theDirtyRegionsCoverTheDataInFewestSectorsThatFit(int unit, long dataSectors) {
        List<BlockDevice> devices = List.of(MemoryBlockDevice.create(SECTOR, 2 + dataSectors),
                MemoryBlockDevice.create(SECTOR, 2 + dataSectors));
        Volume volume = Volumes.create(Layout.MIRROR, devices, new VolumeOptions(unit, false));
        long data = dataSectors / unit * unit;
        assertEquals(data, volume.sectorCount());
        MemberLabel label = Volumes.readLabel(devices.getFirst(), 0);
        int regionSectors = label.regionSectors();
        assertEquals(0, regionSectors % unit, "whole units");
        assertTrue(label.regionCount() <= LabelCodec.MAX_REGIONS);
        assertEquals((data + regionSectors - 1) / regionSectors, label.regionCount());
        boolean smallerFits = regionSectors > unit
                && (data + regionSectors - unit - 1) / (regionSectors - unit) <= LabelCodec.MAX_REGIONS;
        assertFalse(smallerFits, "regionSectors=" + regionSectors + " is not the smallest that fits");
    }

    /** Volumes#create: every member's data area is zeroed (also past the first 256 KiB chunk) and durable first. */
    @Test
    void createZeroesTheDataAreaDurablyBeforeTheLabels() {
        ProbeMembers members = new ProbeMembers(3, 2 + 1200);
        members.disks.forEach(disk -> disk.fill((byte) 0x5A));
        Volume volume = Volumes.create(Layout.RAID5, members.list(), VolumeOptions.defaults());
        assertEquals(2 * 1200, volume.sectorCount());
        assertArrayEquals(new byte[(int) volume.sectorCount() * SECTOR], readAll(volume), "reads as zeros");
        for (int i = 0; i < 3; i++) {
            byte[] image = members.disks.get(i).image();
            byte[] dataArea = Arrays.copyOfRange(image, 2 * SECTOR, (2 + 1200) * SECTOR);
            assertArrayEquals(new byte[dataArea.length], dataArea, "member " + i);
            ProbeDevice probe = members.probe(i);
            assertTrue(probe.flushes > 0, "member " + i + " flushed");
        }
        // Flushed before the first label: a label that says "created" never sits over unzeroed (garbage) parity.
        ProbeMembers ordered = new ProbeMembers(3, 2 + 1200);
        List<String> journal = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProbeDevice probe = ordered.probe(i);
            probe.journal("m" + i, journal);
            probe.hookOnce(a -> a.write() && a.isLabel(), () -> journal.add("flushes=" + probe.flushes));
        }
        Volumes.create(Layout.RAID5, ordered.list(), VolumeOptions.defaults());
        assertFalse(journal.contains("flushes=0"), journal.toString());
        assertTrue(journal.stream().filter(entry -> entry.startsWith("flushes=")).count() == 3, journal.toString());
    }

    @Test
    void assemblyOfNoDevicesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Volumes.assemble(List.of(), VolumeOptions.defaults()));
        assertEquals("no devices to assemble", e.getMessage());
    }

    /** A device one sector shorter than its label's data area needs is refused; exactly the size is accepted. */
    @Test
    void aDeviceSmallerThanItsLabelIsForeign() {
        ProbeMembers members = new ProbeMembers(2, 2 + 32);
        Volume volume = Volumes.create(Layout.MIRROR, members.list(), VolumeOptions.defaults());
        byte[] data = ProbeMembers.random(1, 32 * SECTOR);
        volume.write(0, ByteBuffer.wrap(data.clone()), false);
        volume.close();
        List<byte[]> images = members.images();
        Volume exact = Volumes.assemble(List.of(MemoryBlockDevice.of(SECTOR, images.get(0)),
                MemoryBlockDevice.of(SECTOR, images.get(1))), VolumeOptions.defaults());
        assertArrayEquals(data, readAll(exact));
        BlockDevice shorter = MemoryBlockDevice.of(SECTOR, Arrays.copyOf(images.get(1), 33 * SECTOR));
        ForeignMemberException e = assertThrows(ForeignMemberException.class, () -> Volumes.assemble(
                List.of(MemoryBlockDevice.of(SECTOR, images.get(0)), shorter), VolumeOptions.defaults()));
        assertTrue(e.getMessage().startsWith("device does not fit its label: device=1 sectorSizeBytes=512"
                + " sectorCount=33 label="), e.getMessage());
    }

    /** A member's image on a device of another sector size does not fit its label, however big the device. */
    @Test
    void aDeviceOfAnotherSectorSizeThanItsLabelIsForeign() {
        List<byte[]> images = closedMirror(2 + 32);
        BlockDevice big4096 = MemoryBlockDevice.of(4096, Arrays.copyOf(images.get(1), 40 * 4096));
        assertEquals(1, Volumes.readLabel(big4096, 1).memberIndex(), "its label still reads");
        ForeignMemberException e = assertThrows(ForeignMemberException.class, () -> Volumes.assemble(
                List.of(MemoryBlockDevice.of(SECTOR, images.get(0)), big4096), VolumeOptions.defaults()));
        assertTrue(e.getMessage().startsWith("device does not fit its label: device=1 sectorSizeBytes=4096 "
                + "sectorCount=40 "), e.getMessage());
    }

    /** checkMembers: a member the newest label already counts failed is not "missing": a strict assembly starts. */
    @Test
    void aMemberAlreadyRecordedFailedMayBeAbsentFromAStrictAssembly() {
        ProbeMembers members = new ProbeMembers(3, 2 + 32);
        Volume volume = Volumes.create(Layout.RAID5, members.list(), VolumeOptions.defaults());
        byte[] data = ProbeMembers.fill(volume, 2);
        volume.removeMember(2);
        volume.close();
        Volume again = Volumes.assemble(ProbeMembers.of(members.images().subList(0, 2)).list(),
                VolumeOptions.defaults());
        assertEquals(0b100, again.failedMask());
        assertEquals(List.of(), again.assemblyNotes());
        assertArrayEquals(data, readAll(again));
    }

    /**
     * Volumes#readLabel: the newer of the two copies that reads and decodes, whichever copy it is; a torn label write
     * (DISK-3) leaves one copy old and one new.
     */
    @Test
    void readLabelTakesTheNewerCopyWhicheverItIs() {
        List<byte[]> created = closedMirror(2 + 32);
        byte[] older = created.get(0);
        ProbeMembers members = ProbeMembers.of(created);
        Volume again = Volumes.assemble(members.list(), VolumeOptions.defaults());
        again.close();
        byte[] newer = members.disks.get(0).image();
        long newest = again.generation();
        assertTrue(newest > Volumes.readLabel(MemoryBlockDevice.of(SECTOR, older), 0).generation());
        for (int newCopy = 0; newCopy < 2; newCopy++) {
            byte[] torn = older.clone();
            System.arraycopy(newer, newCopy * SECTOR, torn, newCopy * SECTOR, SECTOR);
            assertEquals(newest, Volumes.readLabel(MemoryBlockDevice.of(SECTOR, torn), 0).generation(),
                    "new copy " + newCopy);
        }
        FaultyDevice oneUnreadable = new FaultyDevice(MemoryBlockDevice.of(SECTOR, newer));
        oneUnreadable.markBad(0);
        assertEquals(newest, Volumes.readLabel(oneUnreadable, 0).generation());
        FaultyDevice unreadable = new FaultyDevice(MemoryBlockDevice.of(SECTOR, newer));
        unreadable.markBad(0);
        unreadable.markBad(1);
        MemberMissingException missing = assertThrows(MemberMissingException.class,
                () -> Volumes.readLabel(unreadable, 7));
        assertEquals("cannot read label: device=7", missing.getMessage());
        byte[] blankSecond = newer.clone();
        Arrays.fill(blankSecond, SECTOR, 2 * SECTOR, (byte) 0);
        FaultyDevice corruptAndUnreadable = new FaultyDevice(MemoryBlockDevice.of(SECTOR, blankSecond));
        corruptAndUnreadable.markBad(0);
        CorruptLabelException corrupt = assertThrows(CorruptLabelException.class,
                () -> Volumes.readLabel(corruptAndUnreadable, 3));
        assertTrue(corrupt.getMessage().startsWith("no valid label: device=3 "), corrupt.getMessage());
    }

    /**
     * A member whose first label sector stopped reading while the volume was down is assembled from its second copy
     * (one unreadable sector never costs a member); the broken variant {@link VolumeFault#LABEL_FIRST_COPY_ONLY}
     * leaves it out, degraded, or refuses the volume without degraded assembly.
     */
    @Test
    void aMemberWhoseFirstLabelSectorIsUnreadableIsAssembledFromItsSecondCopyUnlessTheBrokenVariantReadsOnlyTheFirst() {
        List<MemoryBlockDevice> disks = List.of(MemoryBlockDevice.create(SECTOR, 25),
                MemoryBlockDevice.create(SECTOR, 25));
        Volume created = Volumes.create(Layout.MIRROR, new ArrayList<>(disks), VolumeOptions.defaults());
        byte[] reference = ProbeMembers.fill(created, 5);
        created.close();
        for (VolumeFault fault : List.of(VolumeFault.CORRECT, VolumeFault.LABEL_FIRST_COPY_ONLY)) {
            for (boolean allowDegraded : new boolean[] {true, false}) {
                FaultyDevice firstLabelBad = new FaultyDevice(MemoryBlockDevice.of(SECTOR, disks.get(0).image()));
                firstLabelBad.markBad(Volume.LABEL_SECTOR);
                List<BlockDevice> members = List.of(firstLabelBad, MemoryBlockDevice.of(SECTOR, disks.get(1).image()));
                VolumeOptions options = VolumeOptions.defaults().withAllowDegraded(allowDegraded);
                String what = fault + (allowDegraded ? ", degraded allowed" : "");
                if (fault == VolumeFault.CORRECT) {
                    Volume volume = Volumes.assemble(members, options, fault);
                    assertEquals(0, volume.failedMask(), what);
                    assertArrayEquals(reference, readAll(volume), what);
                } else if (allowDegraded) {
                    Volume volume = Volumes.assemble(members, options, fault);
                    assertEquals(0b01, volume.failedMask(), what + ": member 0 left out");
                    assertArrayEquals(reference, readAll(volume), what);
                } else {
                    assertThrows(MemberMissingException.class, () -> Volumes.assemble(members, options, fault), what);
                }
            }
        }
    }

    @Test
    void stripeUnitSectorsAreCheckedAtTheirEdges() {
        assertEquals(1, new VolumeOptions(1, false).stripeUnitSectors());
        assertEquals(4096, new VolumeOptions(VolumeOptions.MAX_STRIPE_UNIT_SECTORS, true).stripeUnitSectors());
        for (int unit : new int[] {0, -1, VolumeOptions.MAX_STRIPE_UNIT_SECTORS + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new VolumeOptions(unit, false));
            assertEquals("stripeUnitSectors out of range: stripeUnitSectors=" + unit + " min=1 max=4096",
                    e.getMessage());
        }
    }

    @Test
    void regionsMaxIsCheckedAtItsEdgesAndSplitsTheDataIntoWholeUnits() {
        assertEquals(VolumeOptions.MAX_REGIONS, VolumeOptions.defaults().regionsMax());
        for (int regions : new int[] {0, -1, VolumeOptions.MAX_REGIONS + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> VolumeOptions.defaults().withRegionsMax(regions));
            assertEquals("regionsMax out of range: regionsMax=" + regions + " min=1 max=" + VolumeOptions.MAX_REGIONS,
                    e.getMessage());
        }
        // 22 data sectors of 2-sector units in at most 4 regions: 6 sectors (3 units) each, the last 4.
        List<BlockDevice> devices = List.of(MemoryBlockDevice.create(SECTOR, 25), MemoryBlockDevice.create(SECTOR, 25));
        Volume volume = Volumes.create(Layout.MIRROR, devices, new VolumeOptions(2, false).withRegionsMax(4));
        MemberLabel label = Volumes.readLabel(devices.get(0), 0);
        assertEquals(22, label.memberDataSectors());
        assertEquals(6, label.regionSectors());
        assertEquals(4, label.regionCount());
        assertEquals(22, volume.sectorCount());
    }

    /** Layout#tolerance: a mirror survives all but one member failing; RAID-5 one; no redundancy none. */
    @Test
    void eachLayoutToleratesWhatItsDocumentationSays() {
        assertEquals(2, Layout.MIRROR.tolerance(3));
        assertEquals(1, Layout.MIRROR.tolerance(2));
        assertEquals(1, Layout.RAID5.tolerance(5));
        assertEquals(0, Layout.STRIPED.tolerance(4));
        ProbeMembers members = new ProbeMembers(3, 2 + 32);
        Volume mirror = Volumes.create(Layout.MIRROR, members.list(), VolumeOptions.defaults());
        byte[] data = ProbeMembers.random(3, 32 * SECTOR);
        mirror.write(0, ByteBuffer.wrap(data.clone()), false);
        mirror.removeMember(0);
        mirror.removeMember(1);
        assertFalse(mirror.isFailed());
        assertArrayEquals(data, readAll(mirror));
        assertThrows(VolumeFailedException.class, () -> mirror.removeMember(2));
        assertTrue(mirror.isFailed());
    }

    // ---- the assembly-side broken variants, each as VolumeFault documents it ----

    /**
     * ABSENT_MEMBER_NOT_RECORDED: a member missing at assembly is not recorded failed in the survivors' labels. Only
     * that: a member removed in the session is recorded, as is one the labels already counted failed before, and a
     * member missing at assembly but rebuilt since and then removed.
     */
    @Test
    void theAbsentMemberVariantOmitsOnlyTheMemberAbsentAtAssembly() {
        ProbeMembers members = new ProbeMembers(3, 2 + 32);
        Volumes.create(Layout.MIRROR, members.list(), VolumeOptions.defaults()).close();
        List<byte[]> closed = members.images();
        VolumeOptions degraded = VolumeOptions.defaults().withAllowDegraded(true);
        for (VolumeFault fault : List.of(VolumeFault.CORRECT, VolumeFault.ABSENT_MEMBER_NOT_RECORDED)) {
            ProbeMembers two = ProbeMembers.of(closed.subList(0, 2));
            Volume volume = Volumes.assemble(two.list(), degraded, fault);
            assertEquals(0b100, volume.failedMask());
            volume.removeMember(1);
            volume.close();
            assertEquals(fault == VolumeFault.CORRECT ? 0b110 : 0b010, two.label(0).failedMask(), fault.name());
        }
        // Already failed in the labels, then absent: still recorded.
        ProbeMembers session = ProbeMembers.of(closed);
        Volume first = Volumes.assemble(session.list(), VolumeOptions.defaults());
        first.removeMember(2);
        first.close();
        ProbeMembers two = ProbeMembers.of(session.images().subList(0, 2));
        Volumes.assemble(two.list(), VolumeOptions.defaults(), VolumeFault.ABSENT_MEMBER_NOT_RECORDED).close();
        assertEquals(0b100, two.label(0).failedMask());
        // Absent at assembly, then rebuilt, then removed: recorded.
        ProbeMembers rebuilt = ProbeMembers.of(closed.subList(0, 2));
        Volume volume = Volumes.assemble(rebuilt.list(), degraded, VolumeFault.ABSENT_MEMBER_NOT_RECORDED);
        volume.replaceMember(2, MemoryBlockDevice.create(SECTOR, 2 + 32));
        assertEquals(0, volume.failedMask());
        volume.removeMember(2);
        volume.close();
        assertEquals(0b100, rebuilt.label(0).failedMask());
    }

    /**
     * MEMBERS_TAKEN_IN_ORDER_GIVEN: with every member given out of order, a RAID-5 serves the wrong units; with one
     * left out (degraded) the members are still placed by their labels.
     */
    @Test
    void theInOrderVariantMisplacesMembersOnlyWhenAllAreGiven() {
        ProbeMembers members = new ProbeMembers(3, 2 + 32);
        Volume volume = Volumes.create(Layout.RAID5, members.list(), VolumeOptions.defaults());
        byte[] data = ProbeMembers.fill(volume, 4);
        volume.close();
        List<byte[]> images = members.images();
        List<BlockDevice> rotated = ProbeMembers.of(images).list();
        Collections.rotate(rotated, 1);
        assertArrayEquals(data, readAll(Volumes.assemble(rotated, VolumeOptions.defaults())));
        List<BlockDevice> rotatedAgain = ProbeMembers.of(images).list();
        Collections.rotate(rotatedAgain, 1);
        Volume misplaced = Volumes.assemble(rotatedAgain, VolumeOptions.defaults(),
                VolumeFault.MEMBERS_TAKEN_IN_ORDER_GIVEN);
        assertFalse(Arrays.equals(data, readAll(misplaced)), "the broken variant serves the wrong units");
        List<BlockDevice> twoReversed = ProbeMembers.of(images.subList(1, 3)).list().reversed();
        Volume degraded = Volumes.assemble(twoReversed, VolumeOptions.defaults().withAllowDegraded(true),
                VolumeFault.MEMBERS_TAKEN_IN_ORDER_GIVEN);
        assertEquals(0b001, degraded.failedMask());
        assertArrayEquals(data, readAll(degraded));
    }

    /**
     * FOREIGN_MEMBER_ACCEPTED compares the geometry but not the volume id, so another volume's member of the same
     * geometry is taken; one of another geometry is refused by it too. DUPLICATE_MEMBER_ACCEPTED takes two devices
     * for one slot.
     */
    @Test
    void theForeignAndDuplicateVariantsAcceptWhatTheyAreDocumentedToAccept() {
        List<byte[]> ours = closedMirror(2 + 32);
        List<byte[]> theirs = closedMirror(2 + 32);
        List<byte[]> bigger = closedMirror(2 + 40);
        List<BlockDevice> mixed = List.of(MemoryBlockDevice.of(SECTOR, ours.get(0)),
                MemoryBlockDevice.of(SECTOR, theirs.get(1)));
        assertThrows(ForeignMemberException.class, () -> Volumes.assemble(mixed, VolumeOptions.defaults()));
        assertEquals(0, Volumes.assemble(mixed, VolumeOptions.defaults(), VolumeFault.FOREIGN_MEMBER_ACCEPTED)
                .failedMask());
        List<BlockDevice> otherGeometry = List.of(MemoryBlockDevice.of(SECTOR, ours.get(0)),
                MemoryBlockDevice.of(SECTOR, bigger.get(1)));
        ForeignMemberException e = assertThrows(ForeignMemberException.class, () -> Volumes.assemble(otherGeometry,
                VolumeOptions.defaults(), VolumeFault.FOREIGN_MEMBER_ACCEPTED));
        assertTrue(e.getMessage().startsWith("foreign member: device=1 "), e.getMessage());
        List<BlockDevice> duplicated = List.of(MemoryBlockDevice.of(SECTOR, ours.get(0)),
                MemoryBlockDevice.of(SECTOR, ours.get(1)), MemoryBlockDevice.of(SECTOR, ours.get(1)));
        assertThrows(DuplicateMemberException.class, () -> Volumes.assemble(duplicated, VolumeOptions.defaults()));
        assertEquals(0, Volumes.assemble(duplicated, VolumeOptions.defaults(), VolumeFault.DUPLICATE_MEMBER_ACCEPTED)
                .failedMask());
    }

    private static List<byte[]> closedMirror(long memberSectors) {
        ProbeMembers members = new ProbeMembers(2, memberSectors);
        Volumes.create(Layout.MIRROR, members.list(), VolumeOptions.defaults()).close();
        return members.images();
    }
}
