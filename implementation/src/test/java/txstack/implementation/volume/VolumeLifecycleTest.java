package txstack.implementation.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.implementation.volume.ProbeMembers.SECTOR;
import static txstack.implementation.volume.ProbeMembers.assertLockReleased;
import static txstack.implementation.volume.ProbeMembers.read;
import static txstack.implementation.volume.ProbeMembers.readAll;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.DeviceClosedException;
import txstack.implementation.disk.MemoryBlockDevice;

/**
 * A volume as a {@link BlockDevice} over its life: transfer checks at their edges, flush and close, what a closed
 * or failed volume refuses, the dirty-region label writes (VOL-8), membership checks and the generation.
 */
class VolumeLifecycleTest {
    /** 2 label sectors + 32 data sectors: 4 regions of one 8-sector stripe unit each. */
    private static final long MEMBER_SECTORS = 2 + 32;

    private static Volume create(Layout layout, ProbeMembers members) {
        return Volumes.create(layout, members.list(), VolumeOptions.defaults());
    }

    private static int memberCount(Layout layout) {
        return layout == Layout.RAID5 ? 3 : 2;
    }

    @ParameterizedTest
    @EnumSource(value = Layout.class, names = {"MIRROR", "RAID5", "STRIPED"})
    void transfersAreCheckedAtTheirExactEdges(Layout layout) {
        ProbeMembers members = new ProbeMembers(memberCount(layout), MEMBER_SECTORS);
        Volume volume = create(layout, members);
        long n = volume.sectorCount();
        byte[] last = ProbeMembers.random(1, 2 * SECTOR);
        // The last sectors are accepted, one sector further is refused: both for reads and writes.
        volume.write(n - 2, ByteBuffer.wrap(last.clone()), false);
        assertArrayEquals(last, read(volume, n - 2, 2));
        assertOutOfVolume(() -> volume.write(n - 1, ByteBuffer.allocate(2 * SECTOR), false), n - 1, 2, n);
        assertOutOfVolume(() -> volume.read(n - 1, ByteBuffer.allocate(2 * SECTOR)), n - 1, 2, n);
        assertOutOfVolume(() -> volume.write(n, ByteBuffer.allocate(SECTOR), false), n, 1, n);
        assertOutOfVolume(() -> volume.read(-1, ByteBuffer.allocate(SECTOR)), -1, 1, n);
        assertOutOfVolume(() -> volume.write(-1, ByteBuffer.allocate(SECTOR), false), -1, 1, n);
        assertNotWholeSectors(() -> volume.read(0, ByteBuffer.allocate(0)), 0);
        assertNotWholeSectors(() -> volume.write(0, ByteBuffer.allocate(0), false), 0);
        assertNotWholeSectors(() -> volume.read(0, ByteBuffer.allocate(SECTOR + 8)), SECTOR + 8);
        assertNotWholeSectors(() -> volume.write(0, ByteBuffer.allocate(SECTOR - 8), false), SECTOR - 8);
        assertArrayEquals(last, read(volume, n - 2, 2), "a refused write changes nothing");
        assertLockReleased(volume);
    }

    private static void assertOutOfVolume(Executable transfer, long first, long sectors, long volumeSectors) {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, transfer);
        assertEquals("sectors out of volume: firstSector=" + first + " sectors=" + sectors + " volumeSectorCount="
                + volumeSectors, e.getMessage());
    }

    private static void assertNotWholeSectors(Executable transfer, int remainingBytes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, transfer);
        assertEquals("buffer is not a whole number of sectors: remainingBytes=" + remainingBytes
                + " sectorSizeBytes=" + SECTOR, e.getMessage());
    }

    /**
     * {@link Volume#write}'s Javadoc: a heap buffer is written from its array in place, with no copy; reads land in
     * the caller's array the same way. A member sees the caller's own array; a direct buffer works through a copy.
     */
    @Test
    void heapBuffersGoToTheMembersInPlaceAndDirectOnesThroughACopy() {
        ProbeMembers members = new ProbeMembers(2, MEMBER_SECTORS);
        Volume volume = create(Layout.MIRROR, members);
        members.resetProbes();
        byte[] callers = new byte[3 * SECTOR];
        byte[] data = ProbeMembers.random(2, 2 * SECTOR);
        System.arraycopy(data, 0, callers, SECTOR, data.length);
        ByteBuffer src = ByteBuffer.wrap(callers, SECTOR, 2 * SECTOR);
        volume.write(4, src, false);
        assertEquals(0, src.remaining(), "the write consumes its buffer");
        for (ProbeDevice probe : members.probes) {
            ProbeDevice.Access dataWrite = probe.accesses.stream().filter(a -> a.write() && !a.isLabel())
                    .findFirst().orElseThrow();
            assertSame(callers, dataWrite.array(), "no copy of a heap buffer");
        }
        byte[] into = new byte[4 * SECTOR];
        ByteBuffer dst = ByteBuffer.wrap(into, SECTOR, 2 * SECTOR);
        volume.read(4, dst);
        assertEquals(0, dst.remaining(), "the read fills its buffer");
        assertArrayEquals(data, Arrays.copyOfRange(into, SECTOR, 3 * SECTOR));
        assertSame(into, members.probe(0).dataReads().getLast().array(), "read straight into the caller's array");

        ByteBuffer direct = ByteBuffer.allocateDirect(2 * SECTOR);
        volume.read(4, direct);
        assertEquals(0, direct.remaining());
        byte[] got = new byte[2 * SECTOR];
        direct.flip().get(got);
        assertArrayEquals(data, got, "a direct buffer reads through a copy");
        byte[] other = ProbeMembers.random(3, SECTOR);
        volume.write(9, ByteBuffer.allocateDirect(SECTOR).put(other).flip(), false);
        assertArrayEquals(other, read(volume, 9, 1));
    }

    /** BlockDevice: close flushes, the labels say clean (no resync needed), the members are released; twice: no-op. */
    @ParameterizedTest
    @EnumSource(value = Layout.class, names = {"MIRROR", "RAID5"})
    void closeFlushesMarksTheLabelsCleanAndReleasesTheMembers(Layout layout) {
        ProbeMembers members = new ProbeMembers(memberCount(layout), MEMBER_SECTORS);
        Volume volume = create(layout, members);
        byte[] data = ProbeMembers.random(4, SECTOR);
        volume.write(0, ByteBuffer.wrap(data.clone()), false);
        for (int i = 0; i < members.probes.size(); i++) {
            assertTrue(members.label(i).open(), "in use");
            assertTrue(members.label(i).dirty(0), "VOL-8: region 0 is dirty before the write lands");
        }
        members.resetProbes();
        volume.close();
        for (int i = 0; i < members.probes.size(); i++) {
            ProbeDevice probe = members.probe(i);
            assertTrue(probe.flushes > 0, "member " + i + " flushed at close");
            MemberLabel label = members.label(i);
            assertFalse(label.open(), "closed cleanly");
            assertEquals(volume.generation(), label.generation());
            for (int r = 0; r < label.regionCount(); r++) {
                assertFalse(label.dirty(r), "region " + r + " clean after close");
            }
            MemoryBlockDevice disk = members.disks.get(i);
            assertThrows(DeviceClosedException.class, () -> disk.read(0, ByteBuffer.allocate(SECTOR)),
                    "the member disks are closed with the volume");
        }
        int accesses = members.probes.stream().mapToInt(p -> p.accesses.size() + p.flushes).sum();
        volume.close(); // closing twice does nothing
        assertEquals(accesses, members.probes.stream().mapToInt(p -> p.accesses.size() + p.flushes).sum());
        assertLockReleased(volume);
        Volume again = Volumes.assemble(ProbeMembers.of(members.images()).list(), VolumeOptions.defaults());
        assertArrayEquals(data, read(again, 0, 1));
    }

    @ParameterizedTest
    @EnumSource(value = Layout.class, names = {"MIRROR", "RAID5"})
    void aClosedVolumeRefusesEveryOperationWithDeviceClosedException(Layout layout) {
        ProbeMembers members = new ProbeMembers(3, MEMBER_SECTORS);
        Volume volume = create(layout, members);
        volume.removeMember(2); // a degraded volume closes too: the missing member is skipped
        volume.close();
        List<Executable> operations = List.of(
                () -> volume.read(0, ByteBuffer.allocate(SECTOR)),
                () -> volume.write(0, ByteBuffer.allocate(SECTOR), false),
                volume::flush,
                () -> volume.removeMember(0),
                () -> volume.replaceMember(2, MemoryBlockDevice.create(SECTOR, MEMBER_SECTORS)));
        for (Executable operation : operations) {
            DeviceClosedException e = assertThrows(DeviceClosedException.class, operation);
            assertEquals("volume is closed: volumeId=" + LabelCodec.hex(volume.volumeId()), e.getMessage());
            assertLockReleased(volume);
        }
    }

    /**
     * A volume that lost more members than it tolerates refuses everything with {@link VolumeFailedException}, and
     * its close only releases the members: the survivor's label is left as the failure left it.
     */
    @Test
    void aFailedVolumeRefusesEverythingAndItsCloseWritesNoLabel() {
        ProbeMembers members = new ProbeMembers(3, MEMBER_SECTORS);
        Volume volume = create(Layout.RAID5, members);
        volume.write(0, ByteBuffer.wrap(ProbeMembers.random(5, 4 * SECTOR)), false);
        members.probe(0).fail();
        members.probe(2).fail();
        assertThrows(VolumeFailedException.class, () -> read(volume, 0, 4));
        assertTrue(volume.isFailed());
        assertLockReleased(volume);
        String failed = "volume failed: volumeId=" + LabelCodec.hex(volume.volumeId()) + " failedMask=0x5";
        List<Executable> operations = List.of(
                () -> volume.read(0, ByteBuffer.allocate(SECTOR)),
                () -> volume.write(0, ByteBuffer.allocate(SECTOR), false),
                volume::flush,
                () -> volume.removeMember(1),
                () -> volume.replaceMember(0, MemoryBlockDevice.create(SECTOR, MEMBER_SECTORS)));
        for (Executable operation : operations) {
            VolumeFailedException e = assertThrows(VolumeFailedException.class, operation);
            assertEquals(failed, e.getMessage());
            assertLockReleased(volume);
        }
        byte[] survivorLabels = Arrays.copyOf(members.disks.get(1).image(), 2 * SECTOR);
        members.resetProbes();
        volume.close();
        assertArrayEquals(survivorLabels, Arrays.copyOf(members.disks.get(1).image(), 2 * SECTOR));
        assertTrue(members.probe(1).accesses.isEmpty(), "nothing written, nothing flushed");
        assertEquals(0, members.probe(1).flushes);
        assertTrue(members.label(1).open(), "a failed volume never closed cleanly");
        assertThrows(DeviceClosedException.class, () -> members.disks.get(1).read(0, ByteBuffer.allocate(SECTOR)));
        assertLockReleased(volume);
    }

    /**
     * VOL-8's cost, as the package documentation states it: one force-unit-access label write on every member the
     * first time a session writes a region, before the data; none for a region already dirty.
     */
    @Test
    void theFirstWriteToARegionWritesTheLabelsOnceAndFirst() {
        ProbeMembers members = new ProbeMembers(2, MEMBER_SECTORS);
        Volume volume = create(Layout.MIRROR, members);
        assertEquals(8, members.label(0).regionSectors(), "the test assumes one 8-sector region per stripe unit");
        members.resetProbes();
        volume.write(9, ByteBuffer.allocate(SECTOR), false); // region 1
        for (ProbeDevice probe : members.probes) {
            assertEquals(1, probe.labelWrites());
            ProbeDevice.Access label = probe.accesses.getFirst();
            assertTrue(label.write() && label.isLabel() && label.forceUnitAccess(), "the label goes first, durably");
            assertEquals(Volume.LABEL_COPIES, label.sectors());
        }
        volume.write(15, ByteBuffer.allocate(SECTOR), false); // region 1 again
        volume.write(8, ByteBuffer.allocate(8 * SECTOR), false);
        assertEquals(1, members.probe(0).labelWrites(), "a dirty region costs no label write");
        volume.write(20, ByteBuffer.allocate(SECTOR), false); // region 2
        assertEquals(2, members.probe(1).labelWrites());
        MemberLabel label = members.label(1);
        assertEquals(List.of(false, true, true, false), List.of(label.dirty(0), label.dirty(1), label.dirty(2),
                label.dirty(3)));
        assertEquals(1, volume.generation(), "a dirty bit is no membership change");
        assertLockReleased(volume);
    }

    /**
     * Only a redundant layout has something to resynchronise, so only it keeps the bitmap; the broken variants that
     * skip the resync keep none either (VolumeFault's documentation).
     */
    @Test
    void layoutsWithNothingToResyncWriteNoDirtyBits() {
        record Case(Layout layout, int memberCount, VolumeFault fault) {
        }
        for (Case c : List.of(new Case(Layout.STRIPED, 2, VolumeFault.CORRECT),
                new Case(Layout.SIMPLE, 1, VolumeFault.CORRECT),
                new Case(Layout.MIRROR, 2, VolumeFault.MIRROR_RESYNC_SKIPPED),
                new Case(Layout.RAID5, 3, VolumeFault.NO_WRITE_HOLE_PROTECTION))) {
            ProbeMembers members = new ProbeMembers(c.memberCount(), MEMBER_SECTORS);
            Volume volume = Volumes.create(c.layout(), members.list(), VolumeOptions.defaults(), c.fault());
            members.resetProbes();
            volume.write(0, ByteBuffer.allocate(3 * SECTOR), false);
            for (int i = 0; i < c.memberCount(); i++) {
                assertEquals(0, members.probe(i).labelWrites(), c + " member " + i);
                assertFalse(members.label(i).dirty(0), c.toString());
            }
        }
    }

    @Test
    void removeMemberTakesExactlyTheIndicesOfMembersInTheVolume() {
        ProbeMembers members = new ProbeMembers(3, MEMBER_SECTORS);
        Volume volume = create(Layout.MIRROR, members);
        assertNoSuchMember(() -> volume.removeMember(-1), "member=-1 failedMask=0x0");
        assertNoSuchMember(() -> volume.removeMember(3), "member=3 failedMask=0x0");
        long generation = volume.generation();
        volume.removeMember(2); // the last index is a member
        assertEquals(0b100, volume.failedMask());
        assertEquals(generation + 1, volume.generation(), "a membership change");
        assertEquals(0b100, members.label(0).failedMask(), "VOL-2: the survivors' labels record it");
        assertNoSuchMember(() -> volume.removeMember(2), "member=2 failedMask=0x4");
        assertLockReleased(volume);
    }

    private static void assertNoSuchMember(Executable removal, String detail) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, removal);
        assertEquals("no such member in the volume: " + detail, e.getMessage());
    }

    @Test
    void replaceMemberTakesOnlyAFailedSlotAndABigEnoughDevice() {
        ProbeMembers members = new ProbeMembers(3, MEMBER_SECTORS);
        Volume volume = create(Layout.MIRROR, members);
        byte[] data = ProbeMembers.fill(volume, 6);
        volume.removeMember(2);
        for (int index : new int[] {-1, 3, 0}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> volume.replaceMember(index, MemoryBlockDevice.create(SECTOR, MEMBER_SECTORS)));
            assertEquals("member is not failed: member=" + index + " failedMask=0x4", e.getMessage());
        }
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> volume.replaceMember(2, MemoryBlockDevice.create(SECTOR, MEMBER_SECTORS - 1)));
        assertEquals("replacement too small: sectorSizeBytes=512 sectorCount=33 needSectorSizeBytes=512"
                + " needSectorCount=34", small.getMessage());
        IllegalArgumentException otherSize = assertThrows(IllegalArgumentException.class,
                () -> volume.replaceMember(2, MemoryBlockDevice.create(4096, MEMBER_SECTORS)));
        assertTrue(otherSize.getMessage().startsWith("replacement too small: sectorSizeBytes=4096 "),
                otherSize.getMessage());
        assertEquals(0b100, volume.failedMask(), "a refused replacement changes nothing");
        assertLockReleased(volume);
        MemoryBlockDevice exact = MemoryBlockDevice.create(SECTOR, MEMBER_SECTORS);
        exact.fill((byte) 0x5A);
        volume.replaceMember(2, exact); // exactly big enough
        assertEquals(0, volume.failedMask());
        assertLockReleased(volume);
        volume.removeMember(0);
        volume.removeMember(1);
        assertArrayEquals(data, readAll(volume), "the replacement alone holds everything");
    }

    /**
     * Generation: bumped by every membership change, and only by one. Two members lost in one flush (the second
     * found when the first's loss is recorded) are two changes, however often the second is seen failing.
     */
    @Test
    void twoMembersLostInOneFlushBumpTheGenerationTwice() {
        ProbeMembers members = new ProbeMembers(3, MEMBER_SECTORS);
        Volume volume = create(Layout.MIRROR, members);
        long generation = volume.generation();
        members.probe(0).fail();
        members.probe(1).fail();
        volume.flush();
        assertEquals(0b011, volume.failedMask());
        assertFalse(volume.isFailed(), "a three-way mirror survives two lost members");
        assertEquals(generation + 2, volume.generation());
        MemberLabel survivor = members.label(2);
        assertEquals(generation + 2, survivor.generation());
        assertEquals(0b011, survivor.failedMask());
        assertLockReleased(volume);
        // The third loss is one too many: Layout.MIRROR tolerates memberCount - 1.
        members.probe(2).fail();
        VolumeFailedException e = assertThrows(VolumeFailedException.class, volume::flush);
        assertTrue(e.getMessage().contains("failedMask=0x7 tolerance=2"), e.getMessage());
        assertLockReleased(volume);
    }

    /**
     * Reads of a healthy volume write nothing: the correct volume manager resynchronises at assembly, so rewriting the
     * redundancy of what a read returned is the RESYNC_LEFT_TO_READS variant's behaviour (VolumeFault), not its own.
     */
    @ParameterizedTest
    @EnumSource(value = Layout.class, names = {"MIRROR", "RAID5"})
    void readsOfAHealthyVolumeWriteNothing(Layout layout) {
        ProbeMembers members = new ProbeMembers(memberCount(layout), MEMBER_SECTORS);
        Volume volume = create(layout, members);
        byte[] data = ProbeMembers.fill(volume, 7);
        members.resetProbes();
        assertArrayEquals(data, readAll(volume));
        assertArrayEquals(Arrays.copyOfRange(data, 3 * SECTOR, 8 * SECTOR), read(volume, 3, 5));
        for (ProbeDevice probe : members.probes) {
            assertTrue(probe.accesses.stream().noneMatch(ProbeDevice.Access::write), probe.accesses.toString());
        }
    }

    /** Volume#member: assembly puts each device in the slot its label names, whatever the order given. */
    @Test
    void eachDeviceServesTheSlotItsLabelNames() {
        ProbeMembers first = new ProbeMembers(3, MEMBER_SECTORS);
        create(Layout.RAID5, first).close();
        List<BlockDevice> given = ProbeMembers.of(first.images()).list();
        Collections.rotate(given, 1);
        Volume volume = Volumes.assemble(given, VolumeOptions.defaults());
        for (int slot = 0; slot < 3; slot++) {
            assertEquals(slot, Volumes.readLabel(volume.member(slot), slot).memberIndex());
        }
        volume.removeMember(1);
        assertNull(volume.member(1), "a removed member leaves its slot empty");
    }

    @Test
    void stateQueriesDoNotKeepTheLock() {
        ProbeMembers members = new ProbeMembers(3, MEMBER_SECTORS);
        Volume volume = create(Layout.RAID5, members);
        assertEquals(0, volume.failedMask());
        assertLockReleased(volume);
        assertEquals(1, volume.generation());
        assertLockReleased(volume);
        assertEquals(0, volume.sectorsRepaired());
        assertLockReleased(volume);
        volume.flush();
        assertLockReleased(volume);
        assertEquals(List.of(), volume.assemblyNotes());
        assertTrue(volume.toString().startsWith("Raid5Volume[volumeId=" + LabelCodec.hex(volume.volumeId())
                + ", memberCount=3, sectorCount=64, failedMask=0x0"), volume.toString());
    }
}
