package txstack.implementation.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.implementation.volume.ProbeMembers.SECTOR;
import static txstack.implementation.volume.ProbeMembers.assertLockReleased;
import static txstack.implementation.volume.ProbeMembers.read;
import static txstack.implementation.volume.ProbeMembers.readAll;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import txstack.implementation.disk.DeviceClosedException;
import txstack.implementation.disk.MemoryBlockDevice;

/**
 * The online rebuild (VOL-7), with I/O put at exact points between or inside its steps (a {@link ProbeDevice} hook on
 * the replacement, in the rebuilding thread): reads and writes meanwhile, the rebuild cursor's edge, labels, a
 * replacement or a survivor failing part way.
 */
class VolumeRebuildTest {
    /** Stripe units of one sector: a rebuild step is 16 member sectors, so 48 data sectors take three steps. */
    private static final VolumeOptions UNIT_1 = new VolumeOptions(1, false);
    private static final long MEMBER_SECTORS = 2 + 48;
    private static final long STEP_SECTORS = 16;

    private static MemoryBlockDevice garbage(long sectors) {
        MemoryBlockDevice disk = MemoryBlockDevice.create(SECTOR, sectors);
        disk.fill((byte) 0x5A);
        return disk;
    }

    /**
     * RAID-5 member 2 rebuilt with I/O at the start of step 1 (cursor 16): writes below the cursor, up to a range
     * ending exactly at it, reach the replacement (Volume#replaceMember's Javadoc); reads never take the replacement's
     * unrebuilt sectors; every member's loss afterwards still reads back all data.
     */
    @Test
    void raid5IoDuringARebuildSeesTheCursorExactly() {
        ProbeMembers members = new ProbeMembers(3, MEMBER_SECTORS);
        Raid5Volume volume = (Raid5Volume) Volumes.create(Layout.RAID5, members.list(), UNIT_1);
        byte[] reference = ProbeMembers.fill(volume, 1);
        volume.removeMember(2);
        MemoryBlockDevice disk = garbage(MEMBER_SECTORS);
        ProbeDevice replacement = new ProbeDevice(disk);
        List<Long> touched = new ArrayList<>();
        replacement.hookOnce(a -> a.write() && a.first() == Volume.DATA_START_SECTOR + STEP_SECTORS, () -> {
            assertEquals(0b100, volume.failedMask(), "a member still rebuilding counts as failed");
            IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                    () -> volume.replaceMember(2, garbage(MEMBER_SECTORS)));
            assertEquals("member is not failed: member=2 failedMask=0x4", twice.getMessage());
            assertArrayEquals(reference, readAll(volume), "no read takes the replacement's unrebuilt sectors");
            // Stripe s is member sector s (one-sector units). Member 2 holds: stripe 15's parity (the range ends at
            // the cursor), stripe 3's parity, data of stripes 4 and 13 (below), 20 (this step) and 40 (beyond).
            assertEquals(2, volume.parityMember(15));
            assertEquals(2, volume.parityMember(3));
            assertEquals(2, volume.dataMember(4, 0));
            assertEquals(2, volume.dataMember(13, 0));
            assertEquals(2, volume.dataMember(20, 1));
            assertEquals(2, volume.dataMember(40, 0));
            long[] sectors = {30, 7, 8, 26, 41, 80};
            for (int i = 0; i < sectors.length; i++) {
                ProbeMembers.write(volume, reference, sectors[i], ProbeMembers.random(10 + i, SECTOR));
                touched.add(sectors[i]);
            }
            ProbeMembers.write(volume, reference, 12, ProbeMembers.random(20, 2 * SECTOR)); // stripe 6, whole
            assertArrayEquals(reference, readAll(volume));
        });
        volume.replaceMember(2, replacement);
        assertEquals(6, touched.size(), "the hook ran");
        assertEquals(0, volume.failedMask());
        assertArrayEquals(reference, readAll(volume));
        assertLockReleased(volume);
        volume.close();
        assertEachMemberLossReadsBack(members, disk, reference);
    }

    /**
     * Volume#writeLabels and #replaceMember: a member still rebuilding gets no label; the complete replacement gets
     * its label before any survivor's label counts it in; then every member carries the new generation.
     */
    @Test
    void theReplacementGetsItsLabelOnlyWhenCompleteAndBeforeTheSurvivors() {
        ProbeMembers first = new ProbeMembers(3, MEMBER_SECTORS);
        Volume created = Volumes.create(Layout.RAID5, first.list(), UNIT_1);
        byte[] reference = ProbeMembers.fill(created, 2);
        created.close();
        List<String> journal = new ArrayList<>();
        ProbeMembers members = ProbeMembers.of(first.images());
        for (int i = 0; i < 3; i++) {
            members.probe(i).journal("m" + i, journal);
        }
        Volume volume = Volumes.assemble(members.list(), UNIT_1); // a fresh session: no region dirty
        volume.removeMember(2);
        MemoryBlockDevice disk = garbage(MEMBER_SECTORS);
        ProbeDevice replacement = new ProbeDevice(disk).journal("new", journal);
        replacement.hookOnce(a -> a.write() && a.first() == Volume.DATA_START_SECTOR + STEP_SECTORS,
                () -> ProbeMembers.write(volume, reference, 60, ProbeMembers.random(3, SECTOR))); // dirties a region
        journal.clear();
        volume.replaceMember(2, replacement);
        assertEquals(2, journal.stream().filter("m0:W0"::equals).count(), "the dirty bit, then the rebuilt member");
        int lastRebuildWrite = -1;
        for (int i = 0; i < journal.size(); i++) {
            if (journal.get(i).startsWith("new:W") && !journal.get(i).equals("new:W0")) {
                lastRebuildWrite = i;
            }
        }
        assertTrue(journal.indexOf("new:W0") > lastRebuildWrite, "no label on the replacement before it is complete: "
                + journal);
        String firstLabelAfter = journal.subList(lastRebuildWrite, journal.size()).stream()
                .filter(entry -> entry.endsWith(":W0")).findFirst().orElseThrow();
        assertEquals("new:W0", firstLabelAfter, "the replacement's label goes first: " + journal);
        assertEquals(0, volume.failedMask());
        List<MemberLabel> labels = List.of(members.label(0), members.label(1),
                Volumes.readLabel(MemoryBlockDevice.of(SECTOR, disk.image()), 2));
        for (MemberLabel label : labels) {
            assertEquals(volume.generation(), label.generation(), label.toString());
            assertEquals(0, label.failedMask(), label.toString());
        }
        assertLockReleased(volume);
        volume.close();
        assertEachMemberLossReadsBack(members, disk, reference);
    }

    @Test
    void aReplacementThatFailsAbortsTheRebuildAndTheSlotCanBeFilledAgain() {
        ProbeMembers members = new ProbeMembers(2, MEMBER_SECTORS);
        Volume volume = Volumes.create(Layout.MIRROR, members.list(), UNIT_1);
        byte[] reference = ProbeMembers.fill(volume, 4);
        volume.removeMember(1);
        ProbeDevice broken = new ProbeDevice(garbage(MEMBER_SECTORS)).failWhen(a -> a.write(), false);
        VolumeException e = assertThrows(VolumeException.class, () -> volume.replaceMember(1, broken));
        assertEquals("rebuild aborted: volumeId=" + LabelCodec.hex(volume.volumeId()) + " member=1 cursorSectors=16"
                + " (the replacement failed)", e.getMessage());
        assertEquals(0b10, volume.failedMask());
        assertLockReleased(volume);
        assertArrayEquals(reference, readAll(volume));
        MemoryBlockDevice good = garbage(MEMBER_SECTORS);
        volume.replaceMember(1, good);
        assertEquals(0, volume.failedMask());
        volume.removeMember(0);
        assertArrayEquals(reference, readAll(volume), "the second replacement holds everything");
    }

    /**
     * A three-way mirror whose copy source fails in the middle of a rebuild step (at its second 64-sector chunk):
     * the rest of the step comes from the other survivor and the rebuild completes, with a last step shorter than
     * a chunk (200 data sectors, 8-sector units: steps of 128 and 72 sectors) on devices of exactly the needed size.
     */
    @Test
    void aMirrorRebuildGoesOnFromAnotherSurvivorWhenItsSourceFails() {
        long memberSectors = 2 + 200;
        ProbeMembers members = new ProbeMembers(3, memberSectors);
        Volume volume = Volumes.create(Layout.MIRROR, members.list(), VolumeOptions.defaults());
        byte[] reference = ProbeMembers.fill(volume, 5);
        volume.removeMember(2);
        members.probe(0).failWhen(a -> !a.write() && a.first() == Volume.DATA_START_SECTOR + 64, false);
        MemoryBlockDevice disk = garbage(memberSectors);
        volume.replaceMember(2, disk);
        assertEquals(0b001, volume.failedMask(), "the failed source is dropped, the replacement is in");
        volume.removeMember(1);
        assertArrayEquals(reference, readAll(volume), "the replacement alone holds everything");
        assertLockReleased(volume);
    }

    /**
     * VOL-1 during a rebuild: the replacement is in sync below the cursor, so an idle mirror's read of a range
     * ending at or below it goes to member 0, the replacement (lowest index on a tie); a read reaching past it goes
     * to the survivor.
     */
    @Test
    void mirrorReadsUseTheReplacementBelowTheCursorOnly() {
        ProbeMembers members = new ProbeMembers(2, MEMBER_SECTORS);
        MirrorVolume volume = (MirrorVolume) Volumes.create(Layout.MIRROR, members.list(), UNIT_1);
        byte[] reference = ProbeMembers.fill(volume, 6);
        volume.removeMember(0);
        ProbeDevice replacement = new ProbeDevice(garbage(MEMBER_SECTORS));
        long[] served = new long[4];
        replacement.hookOnce(a -> a.write() && a.first() == Volume.DATA_START_SECTOR + 2 * STEP_SECTORS, () -> {
            long before0 = volume.readsServed(0);
            long before1 = volume.readsServed(1);
            assertArrayEquals(slice(reference, 0, 16), read(volume, 0, 16));
            assertArrayEquals(slice(reference, 16, 16), read(volume, 16, 16)); // ends exactly at the cursor
            served[0] = volume.readsServed(0) - before0;
            served[1] = volume.readsServed(1) - before1;
            assertArrayEquals(slice(reference, 30, 4), read(volume, 30, 4));
            assertArrayEquals(slice(reference, 40, 8), read(volume, 40, 8));
            served[2] = volume.readsServed(0) - before0;
            served[3] = volume.readsServed(1) - before1;
        });
        volume.replaceMember(0, replacement);
        assertEquals(2, served[0], "below the cursor: the replacement");
        assertEquals(0, served[1]);
        assertEquals(2, served[2], "past the cursor: never the replacement");
        assertEquals(2, served[3]);
    }

    /**
     * During a RAID-5 rebuild the replacement is no redundancy past its cursor: a sector unreadable there on a
     * survivor has none left (the package documentation: the read fails with UnreadableDataException, for that
     * sector only); the rebuild that reaches its row stops with the replacement left out, so the slot takes another
     * replacement, which completes once the row is written whole again.
     */
    @Test
    void aRebuildThatMeetsASectorOnlyTheReplacementCouldGiveStopsAndFreesTheSlot() {
        ProbeMembers members = new ProbeMembers(3, MEMBER_SECTORS);
        Raid5Volume volume = (Raid5Volume) Volumes.create(Layout.RAID5, members.list(), UNIT_1);
        byte[] reference = ProbeMembers.fill(volume, 7);
        volume.removeMember(2);
        assertEquals(0, volume.dataMember(40, 1), "stripe 40's unit 1 (volume sector 81) is on member 0");
        ProbeDevice replacement = new ProbeDevice(garbage(MEMBER_SECTORS));
        replacement.hookOnce(a -> a.write() && a.first() == Volume.DATA_START_SECTOR + STEP_SECTORS, () -> {
            members.probe(0).markBad(Volume.DATA_START_SECTOR + 40);
            UnreadableDataException lost = assertThrows(UnreadableDataException.class, () -> read(volume, 81, 1));
            assertTrue(lost.getMessage().contains("member=0 memberSector=40"), lost.getMessage());
            assertArrayEquals(slice(reference, 82, 14), read(volume, 82, 14), "only that sector is lost");
        });
        VolumeException aborted = assertThrows(VolumeException.class, () -> volume.replaceMember(2, replacement));
        assertTrue(aborted.getMessage().startsWith("rebuild aborted: volumeId=" + LabelCodec.hex(volume.volumeId())
                + " member=2 cursorSectors=32 (a survivor's sector is unreadable"), aborted.getMessage());
        assertTrue(aborted.getCause() instanceof UnreadableDataException);
        assertEquals(0b100, volume.failedMask());
        assertLockReleased(volume);
        VolumeException again = assertThrows(VolumeException.class,
                () -> volume.replaceMember(2, garbage(MEMBER_SECTORS)));
        assertTrue(again.getMessage().startsWith("rebuild aborted:"), "the slot was free: " + again.getMessage());
        ProbeMembers.write(volume, reference, 80, ProbeMembers.random(8, 2 * SECTOR)); // stripe 40, whole
        MemoryBlockDevice disk = garbage(MEMBER_SECTORS);
        volume.replaceMember(2, disk);
        assertEquals(0, volume.failedMask());
        assertArrayEquals(reference, readAll(volume));
        volume.close();
        assertEachMemberLossReadsBack(members, disk, reference);
    }

    /**
     * A volume closed while it rebuilds (here by a close between the replacement's writes; its devices, like real
     * disks, stay usable) does no further rebuild I/O: the step under way ends, no later step runs, the replacement
     * never gets a label, and the survivor's label stays as the close left it (closed, same generation): a close
     * after the last step is not a failed replacement.
     */
    @Test
    void aVolumeClosedDuringARebuildDoesNoFurtherRebuildIo() {
        for (long step = 1; step <= 2; step++) {
            ProbeMembers members = new ProbeMembers(2, MEMBER_SECTORS);
            members.probes.forEach(probe -> probe.closeIgnored = true);
            Volume volume = Volumes.create(Layout.MIRROR, members.list(), UNIT_1);
            volume.write(0, ByteBuffer.wrap(ProbeMembers.random(9, (int) volume.sectorCount() * SECTOR)), false);
            volume.removeMember(1);
            ProbeDevice replacement = new ProbeDevice(garbage(MEMBER_SECTORS));
            replacement.closeIgnored = true;
            long stepStart = Volume.DATA_START_SECTOR + step * STEP_SECTORS;
            long[] survivorLabelWritesAtClose = new long[1];
            replacement.hookOnce(a -> a.write() && a.first() == stepStart, () -> {
                volume.close();
                survivorLabelWritesAtClose[0] = members.probes.get(0).labelWrites();
            });
            // The close itself, not a failed replacement wrapping it: the rebuild stops at the next check of the volume.
            assertThrows(DeviceClosedException.class, () -> volume.replaceMember(1, replacement), "step " + step);
            assertEquals(stepStart, replacement.accesses.getLast().first(), "step " + step + ": no I/O after the "
                    + "step under way: " + replacement.accesses);
            assertEquals(0, replacement.labelWrites(), "step " + step);
            assertEquals(survivorLabelWritesAtClose[0], members.probes.get(0).labelWrites(),
                    "step " + step + ": the survivor's label written after the close");
            assertLockReleased(volume);
        }
    }

    @Test
    void aReplacementThatFailsItsFinalFlushIsDroppedAndTheSlotFreed() {
        ProbeMembers members = new ProbeMembers(2, MEMBER_SECTORS);
        Volume volume = Volumes.create(Layout.MIRROR, members.list(), UNIT_1);
        byte[] reference = ProbeMembers.fill(volume, 10);
        volume.removeMember(1);
        ProbeDevice broken = new ProbeDevice(garbage(MEMBER_SECTORS));
        broken.failFlushes = true;
        VolumeException e = assertThrows(VolumeException.class, () -> volume.replaceMember(1, broken));
        assertEquals("rebuild failed: volumeId=" + LabelCodec.hex(volume.volumeId()) + " member=1", e.getMessage());
        assertEquals(0b10, volume.failedMask());
        assertEquals(0, broken.labelWrites(), "never counted in");
        assertLockReleased(volume);
        volume.replaceMember(1, garbage(MEMBER_SECTORS));
        assertEquals(0, volume.failedMask());
        volume.removeMember(0);
        assertArrayEquals(reference, readAll(volume));
    }

    /**
     * A replacement whose own label write fails is dropped again (VOL-2), never left in the volume half counted, and
     * the call says so, as it does for a failed final flush.
     */
    @Test
    void aReplacementThatFailsItsLabelWriteIsDroppedAgainAndReported() {
        ProbeMembers members = new ProbeMembers(2, MEMBER_SECTORS);
        Volume volume = Volumes.create(Layout.MIRROR, members.list(), UNIT_1);
        byte[] reference = ProbeMembers.fill(volume, 11);
        volume.removeMember(1);
        ProbeDevice broken = new ProbeDevice(garbage(MEMBER_SECTORS)).failWhen(a -> a.write() && a.isLabel(), false);
        VolumeException e = assertThrows(VolumeException.class, () -> volume.replaceMember(1, broken));
        assertEquals("rebuild failed: volumeId=" + LabelCodec.hex(volume.volumeId()) + " member=1 (the replacement's "
                + "label did not write)", e.getMessage());
        assertEquals(0b10, volume.failedMask());
        assertEquals(0b10, members.label(0).failedMask(), "the survivor's label never counted it in");
        volume.replaceMember(1, garbage(MEMBER_SECTORS));
        volume.removeMember(0);
        assertArrayEquals(reference, readAll(volume));
    }

    /**
     * REBUILD_TRUSTS_STALE_MEMBER trusts only a replacement carrying this volume's label for the slot (VolumeFault);
     * a blank device, another volume's member and this volume's member of another slot are rebuilt. The correct
     * volume manager rebuilds even a stale member of the slot (VOL-7).
     */
    @Test
    void onlyAReplacementCarryingTheSlotsOwnLabelIsTrustedAndOnlyByTheBrokenVariant() {
        ProbeMembers other = new ProbeMembers(3, MEMBER_SECTORS);
        Volumes.create(Layout.RAID5, other.list(), UNIT_1).write(0,
                ByteBuffer.wrap(ProbeMembers.random(12, 96 * SECTOR)), false);
        for (int candidate = 0; candidate < 4; candidate++) {
            VolumeFault fault = candidate < 3 ? VolumeFault.REBUILD_TRUSTS_STALE_MEMBER : VolumeFault.CORRECT;
            ProbeMembers members = new ProbeMembers(3, MEMBER_SECTORS);
            Volume volume = Volumes.create(Layout.RAID5, members.list(), UNIT_1, fault);
            byte[] reference = ProbeMembers.fill(volume, 13 + candidate);
            byte[] ownSlot0 = members.disks.get(0).image();
            byte[] ownSlot2 = members.disks.get(2).image();
            volume.removeMember(2);
            ProbeMembers.write(volume, reference, 0, ProbeMembers.random(20 + candidate, 40 * SECTOR));
            byte[] image = switch (candidate) {
                case 0 -> new byte[(int) MEMBER_SECTORS * SECTOR];
                case 1 -> other.disks.get(2).image();
                case 2 -> ownSlot0;
                default -> ownSlot2; // stale: the slot's own label, an old generation
            };
            volume.replaceMember(2, MemoryBlockDevice.of(SECTOR, image));
            volume.removeMember(0);
            assertArrayEquals(reference, readAll(volume), fault + " candidate " + candidate);
        }
    }

    private static byte[] slice(byte[] reference, int firstSector, int sectors) {
        byte[] out = new byte[sectors * SECTOR];
        System.arraycopy(reference, firstSector * SECTOR, out, 0, out.length);
        return out;
    }

    /** The two first members' images and the replacement's: the volume reads back with any one of them lost. */
    /**
     * The rebuild step and the mirror's copy buffer are settings: a 2-way mirror of 22 data sectors in 2-sector units,
     * rebuilt in steps of 3 units through a 4-sector buffer, reads each step from the survivor and writes it to the
     * replacement in pieces of at most 4 sectors, the last piece of each step and the last step shorter, and ends
     * with the data whole on the replacement alone.
     */
    @Test
    void aMirrorRebuildCopiesStepByStepThroughItsCopyBuffer() {
        VolumeOptions options = new VolumeOptions(2, false).withRebuildStepUnits(3).withCopyBufferSectors(4);
        ProbeMembers members = new ProbeMembers(2, 2 + 22);
        Volume volume = Volumes.create(Layout.MIRROR, members.list(), options);
        byte[] reference = ProbeMembers.fill(volume, 3);
        volume.removeMember(1);
        MemoryBlockDevice disk = garbage(2 + 22);
        ProbeDevice replacement = new ProbeDevice(disk);
        members.resetProbes();
        volume.replaceMember(1, replacement);
        List<String> pieces = replacement.accesses.stream().filter(a -> a.write() && !a.isLabel())
                .map(a -> a.first() + "+" + a.sectors()).toList();
        assertEquals(List.of("2+4", "6+2", "8+4", "12+2", "14+4", "18+2", "20+4"), pieces);
        List<String> sourceReads = members.probe(0).dataReads().stream().map(a -> a.first() + "+" + a.sectors())
                .toList();
        assertEquals(pieces, sourceReads, "each piece read from the survivor as it is written");
        assertEquals(0, volume.failedMask());
        volume.removeMember(0);
        assertArrayEquals(reference, readAll(volume), "the replacement alone holds every block");
        assertLockReleased(volume);
    }

    /**
     * The broken variant {@link VolumeFault#REBUILD_STEPS_FROM_START} copies the first step four times and counts the
     * member in sync: the replacement alone reads back the first step's blocks only. In one step per member (the
     * default's 16 units) it is the correct rebuild.
     */
    @Test
    void aRebuildWhoseStepsAllStartAtZeroLeavesTheRestOfTheReplacementUnwritten() {
        for (int stepUnits : new int[] {3, VolumeOptions.DEFAULT_REBUILD_STEP_UNITS}) {
            VolumeOptions options = new VolumeOptions(2, false).withRebuildStepUnits(stepUnits);
            ProbeMembers members = new ProbeMembers(2, 2 + 22);
            Volume volume = Volumes.create(Layout.MIRROR, members.list(), options,
                    VolumeFault.REBUILD_STEPS_FROM_START);
            byte[] reference = ProbeMembers.fill(volume, 4);
            volume.removeMember(1);
            volume.replaceMember(1, garbage(2 + 22));
            assertEquals(0, volume.failedMask(), "the member counts as in sync");
            volume.removeMember(0);
            byte[] alone = readAll(volume);
            int stepBytes = 6 * SECTOR;
            assertArrayEquals(Arrays.copyOf(reference, stepBytes), Arrays.copyOf(alone, stepBytes));
            assertEquals(stepUnits == 3, !Arrays.equals(reference, alone), "steps of " + stepUnits + " units");
        }
    }

    @Test
    void theRebuildStepAndTheCopyBufferAreCheckedAtTheirEdges() {
        VolumeOptions defaults = VolumeOptions.defaults();
        assertEquals(VolumeOptions.DEFAULT_REBUILD_STEP_UNITS, defaults.rebuildStepUnits());
        assertEquals(VolumeOptions.DEFAULT_COPY_BUFFER_SECTORS, defaults.copyBufferSectors());
        assertEquals(1, defaults.withRebuildStepUnits(1).withCopyBufferSectors(1).rebuildStepUnits());
        assertEquals(VolumeOptions.MAX_COPY_BUFFER_SECTORS,
                defaults.withCopyBufferSectors(VolumeOptions.MAX_COPY_BUFFER_SECTORS).copyBufferSectors());
        assertEquals(VolumeOptions.MAX_REBUILD_STEP_UNITS,
                defaults.withRebuildStepUnits(VolumeOptions.MAX_REBUILD_STEP_UNITS).rebuildStepUnits());
        for (int units : new int[] {0, -1, VolumeOptions.MAX_REBUILD_STEP_UNITS + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> defaults.withRebuildStepUnits(units));
            assertEquals("rebuildStepUnits out of range: rebuildStepUnits=" + units + " min=1 max="
                    + VolumeOptions.MAX_REBUILD_STEP_UNITS, e.getMessage());
        }
        for (int sectors : new int[] {0, -1, VolumeOptions.MAX_COPY_BUFFER_SECTORS + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> defaults.withCopyBufferSectors(sectors));
            assertEquals("copyBufferSectors out of range: copyBufferSectors=" + sectors + " min=1 max="
                    + VolumeOptions.MAX_COPY_BUFFER_SECTORS, e.getMessage());
        }
        VolumeOptions tuned = defaults.withRebuildStepUnits(3).withCopyBufferSectors(5);
        assertEquals(tuned, tuned.withRegionsMax(VolumeOptions.MAX_REGIONS).withAllowDegraded(false)
                .withStripeUnitSectors(8), "the other withers keep both");
    }

    private static void assertEachMemberLossReadsBack(ProbeMembers members, MemoryBlockDevice replacement,
                                                      byte[] reference) {
        List<byte[]> images = new ArrayList<>(members.images().subList(0, 2));
        images.add(replacement.image());
        ProbeMembers.assertEachMemberLossReadsBack(images, reference);
    }
}
