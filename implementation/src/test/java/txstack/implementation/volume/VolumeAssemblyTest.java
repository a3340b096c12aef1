package txstack.implementation.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import txstack.implementation.disk.FaultyDevice;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.lfs.LogRecord;

/** Labels and assembly: every refusal with its own exception and message; the write hole; the LFS on volumes. */
class VolumeAssemblyTest {
    private static final int SECTOR = 512;

    private static List<MemoryBlockDevice> disks(int count, long sectors) {
        List<MemoryBlockDevice> disks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            disks.add(MemoryBlockDevice.create(SECTOR, sectors));
        }
        return disks;
    }

    /** Fresh devices holding {@code disks}' content, as after a restart. */
    private static List<BlockDevice> restarted(List<MemoryBlockDevice> disks) {
        List<BlockDevice> out = new ArrayList<>();
        for (MemoryBlockDevice disk : disks) {
            out.add(MemoryBlockDevice.of(SECTOR, disk.image()));
        }
        return out;
    }

    private static Volume createAndClose(Layout layout, List<MemoryBlockDevice> disks) {
        Volume volume = Volumes.create(layout, new ArrayList<>(disks), VolumeOptions.defaults());
        volume.close();
        return volume;
    }

    @Test
    void aLabelRoundTripsAndItsCrcCatchesAFlippedBit() {
        MemberLabel label = new MemberLabel(SECTOR, 0x1234_5678_9ABCL, Layout.RAID5, 4, 2, 8, 800, 7, 0b1000, true,
                8, 100, new byte[LabelCodec.bitmapBytes(100)]);
        ByteBuffer encoded = LabelCodec.encode(label);
        assertEquals(label, LabelCodec.decode(encoded));
        assertEquals(LabelCodec.MAGIC, encoded.order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        encoded.put(LabelCodec.GENERATION_OFFSET, (byte) 8);
        CorruptLabelException e = assertThrows(CorruptLabelException.class, () -> LabelCodec.decode(encoded));
        assertTrue(e.getMessage().startsWith("label crc32c mismatch: offset=0x8 calculated=0x"), e.getMessage());
    }

    @Test
    void membersAssembleInAnyOrder() {
        List<MemoryBlockDevice> disks = disks(4, 100);
        Volume created = createAndClose(Layout.RAID5, disks);
        List<BlockDevice> shuffled = restarted(disks);
        Collections.rotate(shuffled, 2);
        Volume volume = Volumes.assemble(shuffled, VolumeOptions.defaults());
        assertEquals(created.volumeId(), volume.volumeId());
        assertEquals(created.generation() + 1, volume.generation());
    }

    @Test
    void aMissingMemberIsRefusedUnlessDegradedIsAllowed() {
        List<MemoryBlockDevice> disks = disks(3, 100);
        createAndClose(Layout.RAID5, disks);
        List<BlockDevice> two = restarted(disks).subList(0, 2);
        MemberMissingException e = assertThrows(MemberMissingException.class,
                () -> Volumes.assemble(two, VolumeOptions.defaults()));
        assertTrue(e.getMessage().matches("member missing: volumeId=0x[0-9A-F]+ memberIndex=2 memberCount=3 "
                + "generation=\\d+"), e.getMessage());
        Volume degraded = Volumes.assemble(two, VolumeOptions.defaults().withAllowDegraded(true));
        assertEquals(0b100, degraded.failedMask());
    }

    @Test
    void tooManyMissingMembersFailTheVolume() {
        List<MemoryBlockDevice> disks = disks(3, 100);
        createAndClose(Layout.RAID5, disks);
        VolumeFailedException e = assertThrows(VolumeFailedException.class, () -> Volumes.assemble(
                restarted(disks).subList(0, 1), VolumeOptions.defaults().withAllowDegraded(true)));
        assertTrue(e.getMessage().contains("too many members lost") && e.getMessage().contains("lostMask=0x6")
                && e.getMessage().contains("tolerance=1"), e.getMessage());
    }

    @Test
    void aForeignMemberIsRefused() {
        List<MemoryBlockDevice> ours = disks(2, 100);
        List<MemoryBlockDevice> theirs = disks(2, 100);
        Volume our = createAndClose(Layout.MIRROR, ours);
        Volume their = createAndClose(Layout.MIRROR, theirs);
        List<BlockDevice> mixed = List.of(restarted(ours).get(0), restarted(theirs).get(1));
        ForeignMemberException e = assertThrows(ForeignMemberException.class,
                () -> Volumes.assemble(mixed, VolumeOptions.defaults()));
        assertTrue(e.getMessage().startsWith("foreign member: device=1 volumeId=" + LabelCodec.hex(their.volumeId())
                + " expectedVolumeId=" + LabelCodec.hex(our.volumeId())), e.getMessage());
    }

    @Test
    void aDuplicatedMemberIsRefused() {
        List<MemoryBlockDevice> disks = disks(2, 100);
        createAndClose(Layout.MIRROR, disks);
        List<BlockDevice> copies = restarted(disks);
        List<BlockDevice> duplicated = List.of(copies.get(0), MemoryBlockDevice.of(SECTOR, disks.get(0).image()));
        DuplicateMemberException e = assertThrows(DuplicateMemberException.class,
                () -> Volumes.assemble(duplicated, VolumeOptions.defaults()));
        assertTrue(e.getMessage().contains("duplicate member:") && e.getMessage().contains("memberIndex=0 device=1"),
                e.getMessage());
    }

    @Test
    void aStaleMemberIsRefused() {
        List<MemoryBlockDevice> disks = disks(3, 100);
        createAndClose(Layout.RAID5, disks);
        byte[] oldImage = disks.get(1).image();
        List<BlockDevice> devices = restarted(disks);
        FaultyDevice pulled = new FaultyDevice(devices.get(1));
        Volume volume = Volumes.assemble(List.of(devices.get(0), pulled, devices.get(2)), VolumeOptions.defaults());
        pulled.fail();
        volume.write(0, ByteBuffer.allocate(SECTOR * 20), false);
        volume.close();
        List<BlockDevice> back = List.of(devices.get(0), MemoryBlockDevice.of(SECTOR, oldImage), devices.get(2));
        StaleMemberException e = assertThrows(StaleMemberException.class, () -> Volumes.assemble(
                List.of(MemoryBlockDevice.of(SECTOR, image(devices.get(0))), back.get(1),
                        MemoryBlockDevice.of(SECTOR, image(devices.get(2)))), VolumeOptions.defaults()));
        assertTrue(e.getMessage().matches("stale member: volumeId=0x[0-9A-F]+ memberIndex=1 generation=\\d+ "
                + "newestGeneration=\\d+ .*"), e.getMessage());
    }

    private static byte[] image(BlockDevice device) {
        return ((MemoryBlockDevice) device).image();
    }

    @Test
    void aDeviceWithoutALabelIsRefused() {
        List<MemoryBlockDevice> disks = disks(2, 100);
        createAndClose(Layout.MIRROR, disks);
        List<BlockDevice> devices = List.of(restarted(disks).get(0), MemoryBlockDevice.create(SECTOR, 100));
        CorruptLabelException e = assertThrows(CorruptLabelException.class,
                () -> Volumes.assemble(devices, VolumeOptions.defaults()));
        assertEquals("no valid label: device=1 no volume label: magic=0x00000000 expected=0x4C565854", e.getMessage());
    }

    /**
     * VOL-8, made deterministic: a partial-stripe write whose data lands and whose parity does not, a crash, an
     * assembly, then the loss of the member holding the stripe's other data unit. The resync makes the
     * reconstruction right; without it, it returns a value nobody wrote.
     */
    @ParameterizedTest
    @EnumSource(value = VolumeFault.class, names = {"CORRECT", "NO_WRITE_HOLE_PROTECTION"})
    void theResyncClosesTheWriteHole(VolumeFault variant) {
        VolumeOptions options = new VolumeOptions(1, false);
        List<MemoryBlockDevice> disks = disks(3, 20);
        Raid5Volume volume = (Raid5Volume) Volumes.create(Layout.RAID5, new ArrayList<>(disks), options, variant);
        byte[] a = new byte[2 * SECTOR];
        Arrays.fill(a, (byte) 0xA1);
        volume.write(0, ByteBuffer.wrap(a), false);
        volume.flush();
        int parityMember = volume.parityMember(0);
        byte[] parityBefore = disks.get(parityMember).image();
        byte[] b = new byte[SECTOR];
        Arrays.fill(b, (byte) 0xB2);
        volume.write(0, ByteBuffer.wrap(b), false);
        List<byte[]> crashed = new ArrayList<>();
        for (MemoryBlockDevice disk : disks) {
            crashed.add(disk.image());
        }
        int parityAt = (int) Volume.DATA_START_SECTOR * SECTOR; // stripe 0's parity, first data sector
        System.arraycopy(parityBefore, parityAt, crashed.get(parityMember), parityAt, SECTOR); // parity lost
        List<BlockDevice> devices = new ArrayList<>();
        for (byte[] image : crashed) {
            devices.add(new FaultyDevice(MemoryBlockDevice.of(SECTOR, image)));
        }
        Volume assembled = Volumes.assemble(devices, options, variant);
        assertArrayEquals(b, VolumeTest.read(assembled, 0, 1));
        ((FaultyDevice) devices.get(volume.dataMember(0, 1))).fail();
        byte[] blockOne = VolumeTest.read(assembled, 1, 1);
        if (variant == VolumeFault.CORRECT) {
            assertArrayEquals(Arrays.copyOf(a, SECTOR), blockOne);
        } else {
            assertNotEquals(a[0], blockOne[0], "without a resync the stale parity reconstructs garbage");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Layout.class, names = {"MIRROR", "RAID5"})
    void theLogFileServiceRunsOnAVolumeAndReopens(Layout layout) {
        List<MemoryBlockDevice> disks = disks(layout == Layout.RAID5 ? 4 : 2, 300);
        Volume volume = Volumes.create(layout, new ArrayList<>(disks), VolumeOptions.defaults());
        LogFile log = LogFile.format(volume, LogOptions.defaults());
        List<Long> lsns = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] payload = new byte[1 + i * 37];
            Arrays.fill(payload, (byte) i);
            lsns.add(log.append(payload));
        }
        log.flush(lsns.getLast());
        log.writeRestartArea(new byte[] {7});
        log.close();
        volume.close();
        List<BlockDevice> devices = restarted(disks);
        devices.set(1, new FaultyDevice(devices.get(1)));
        Volume reassembled = Volumes.assemble(devices, VolumeOptions.defaults());
        ((FaultyDevice) devices.get(1)).fail(); // and a member lost on top
        LogFile reopened = LogFile.open(reassembled, LogOptions.defaults());
        List<LogRecord> records = reopened.readForward(reopened.startLsn(), 100);
        assertEquals(lsns, records.stream().map(LogRecord::lsn).toList());
        assertEquals(1 + 39 * 37, records.getLast().payloadBytes());
        assertArrayEquals(new byte[] {7}, reopened.readRestartArea().clientData());
    }
}
