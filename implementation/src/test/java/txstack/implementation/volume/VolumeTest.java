package txstack.implementation.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import txstack.implementation.disk.FaultyDevice;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.MemoryBlockDevice;

/** Unit tests of the volumes on memory members: mapping, parity, degraded I/O, rebuild, resync. */
class VolumeTest {
    static final int SECTOR = 512;

    /** Members, each a {@link FaultyDevice} over a {@link MemoryBlockDevice} so a test can pull it. */
    static final class Members {
        final List<MemoryBlockDevice> disks = new ArrayList<>();
        final List<FaultyDevice> devices = new ArrayList<>();

        Members(int count, int sectorSizeBytes, long sectors) {
            for (int i = 0; i < count; i++) {
                add(MemoryBlockDevice.create(sectorSizeBytes, sectors));
            }
        }

        FaultyDevice add(MemoryBlockDevice disk) {
            FaultyDevice device = new FaultyDevice(disk);
            disks.add(disk);
            devices.add(device);
            return device;
        }

        /** Fresh devices holding the members' content, as after a restart. */
        Members restarted() {
            Members again = new Members(0, SECTOR, 1);
            for (MemoryBlockDevice disk : disks) {
                again.add(MemoryBlockDevice.of(disk.sectorSizeBytes(), disk.image()));
            }
            return again;
        }

        List<BlockDevice> list() {
            return new ArrayList<>(devices);
        }
    }

    static byte[] read(BlockDevice device, long first, int sectors) {
        ByteBuffer buffer = ByteBuffer.allocate(sectors * device.sectorSizeBytes());
        device.read(first, buffer);
        return buffer.array();
    }

    /** Random writes of random lengths, mirrored in {@code reference}. */
    static void randomWrites(SplittableRandom random, BlockDevice volume, byte[] reference, int writes) {
        int ss = volume.sectorSizeBytes();
        for (int i = 0; i < writes; i++) {
            int sectors = 1 + random.nextInt(random.nextInt(4) == 0 ? 40 : 6);
            long first = random.nextLong(volume.sectorCount() - sectors + 1);
            byte[] data = new byte[sectors * ss];
            random.nextBytes(data);
            ByteBuffer src = buffer(data, random.nextInt(3));
            volume.write(first, src, random.nextInt(8) == 0);
            assertEquals(0, src.remaining(), "the write consumes its buffer");
            System.arraycopy(data, 0, reference, (int) first * ss, data.length);
        }
    }

    /**
     * {@code data} in a buffer of kind {@code kind}: 0 a whole array; 1 a slice of a larger array (an array offset)
     * with a position inside it; 2 a direct buffer (no array).
     */
    static ByteBuffer buffer(byte[] data, int kind) {
        return switch (kind) {
            case 0 -> ByteBuffer.wrap(data);
            case 1 -> {
                byte[] larger = new byte[data.length + 16];
                Arrays.fill(larger, (byte) 0x5A);
                System.arraycopy(data, 0, larger, 12, data.length);
                yield ByteBuffer.wrap(larger).slice(7, larger.length - 7).position(5).limit(5 + data.length);
            }
            default -> ByteBuffer.allocateDirect(data.length).put(data).flip();
        };
    }

    @Test
    void xorOfRangesIsTheirXorWhateverTheTargetHeld() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] src = new byte[3 + 6 * 40];
        random.nextBytes(src);
        for (int count = 2; count <= 6; count++) {
            byte[] expected = new byte[32];
            for (int k = 0; k < count; k++) {
                Xor.into(expected, 0, src, 3 + k * 40, 32);
            }
            byte[] dst = new byte[32];
            Arrays.fill(dst, (byte) 0x77);
            Xor.of(dst, src, 3, 40, count, 32);
            assertArrayEquals(expected, dst, "count=" + count);
        }
        assertThrows(IllegalArgumentException.class, () -> Xor.of(new byte[8], src, 0, 8, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> Xor.of(new byte[12], src, 0, 12, 2, 12));
    }

    static void assertReads(BlockDevice volume, byte[] reference, SplittableRandom random) {
        int ss = volume.sectorSizeBytes();
        assertArrayEquals(reference, read(volume, 0, (int) volume.sectorCount()), "whole volume");
        for (int i = 0; i < 30; i++) {
            int sectors = 1 + random.nextInt(30);
            long first = random.nextLong(volume.sectorCount() - sectors + 1);
            byte[] expected = new byte[sectors * ss];
            System.arraycopy(reference, (int) first * ss, expected, 0, expected.length);
            assertArrayEquals(expected, read(volume, first, sectors), "first=" + first + " sectors=" + sectors);
        }
    }

    /** VOL-3: in every row of every stripe, the XOR of all members (data and parity) is zero. */
    static void assertParityConsistent(Volume volume, List<MemoryBlockDevice> disks) {
        int ss = volume.sectorSizeBytes();
        long memberDataSectors = volume.sectorCount() / (volume.memberCount() - 1);
        byte[] row = new byte[ss];
        for (long sector = Volume.DATA_START_SECTOR; sector < Volume.DATA_START_SECTOR + memberDataSectors; sector++) {
            Arrays.fill(row, (byte) 0);
            for (MemoryBlockDevice disk : disks) {
                Xor.into(row, 0, read(disk, sector, 1), 0, ss);
            }
            assertArrayEquals(new byte[ss], row, "parity != XOR of data at member sector " + sector);
        }
    }

    @ParameterizedTest
    @CsvSource({"SIMPLE,1,512,4", "STRIPED,3,512,4", "STRIPED,2,4096,1", "MIRROR,2,512,8", "MIRROR,3,4096,2",
            "RAID5,3,512,4", "RAID5,5,512,3", "RAID5,4,4096,2", "RAID5,3,512,1"})
    void roundTripsAcrossStripeBoundariesAndReopens(Layout layout, int memberCount, int sectorSizeBytes, int unit) {
        SplittableRandom random = new SplittableRandom(memberCount * 31L + unit);
        Members members = new Members(memberCount, sectorSizeBytes, 1 + 24L * unit + 3);
        Volume volume = Volumes.create(layout, members.list(), VolumeOptions.defaults().withStripeUnitSectors(unit));
        byte[] reference = new byte[(int) volume.sectorCount() * sectorSizeBytes];
        assertReads(volume, reference, random);
        randomWrites(random, volume, reference, 300);
        assertReads(volume, reference, random);
        if (layout == Layout.RAID5) {
            assertParityConsistent(volume, members.disks);
        }
        volume.close();
        Volume reopened = Volumes.assemble(members.restarted().list().reversed(),
                VolumeOptions.defaults());
        assertEquals(volume.volumeId(), reopened.volumeId());
        assertReads(reopened, reference, random);
    }

    @Test
    void raid5ParityRotatesAcrossMembers() {
        Raid5Volume volume = (Raid5Volume) Volumes.create(Layout.RAID5, new Members(4, SECTOR, 100).list(),
                VolumeOptions.defaults());
        assertEquals(List.of(3, 2, 1, 0, 3), LongStream.range(0, 5)
                .mapToObj(volume::parityMember).toList());
        assertEquals(0, volume.dataMember(0, 0));
        assertEquals(3, volume.dataMember(1, 0));
        assertEquals(0, volume.dataMember(1, 1));
    }

    /** VOL-5: a full stripe reads nothing; a partial one reads what the cheaper of RMW and RCW needs. */
    @Test
    void raid5WritesReadOnlyWhatTheCheaperPathNeeds() {
        long[] sectorsRead = {0};
        List<BlockDevice> counted = new ArrayList<>();
        for (FaultyDevice device : new Members(5, SECTOR, 1 + 4 * 10).devices) {
            counted.add(new FaultyDevice(device) {
                @Override
                public void read(long firstSector, ByteBuffer dst) {
                    sectorsRead[0] += dst.remaining() / SECTOR;
                    super.read(firstSector, dst);
                }
            });
        }
        Volume volume = Volumes.create(Layout.RAID5, counted, VolumeOptions.defaults().withStripeUnitSectors(4));
        sectorsRead[0] = 0;
        volume.write(16, ByteBuffer.allocate(16 * SECTOR), false); // stripe 1, whole
        assertEquals(0, sectorsRead[0], "full stripe");
        volume.write(33, ByteBuffer.allocate(SECTOR), false); // one sector: RMW reads old data and old parity
        assertEquals(2, sectorsRead[0], "read-modify-write");
        sectorsRead[0] = 0;
        volume.write(48, ByteBuffer.allocate(12 * SECTOR), false); // three of four units: RCW reads the fourth
        assertEquals(4, sectorsRead[0], "reconstruct-write");
    }

    @Test
    void aRemovedMemberIsOutUntilReplaced() {
        Members members = new Members(3, SECTOR, 100);
        Volume volume = Volumes.create(Layout.RAID5, members.list(), VolumeOptions.defaults());
        byte[] reference = new byte[(int) volume.sectorCount() * SECTOR];
        SplittableRandom random = new SplittableRandom(11);
        randomWrites(random, volume, reference, 30);
        volume.removeMember(2);
        assertEquals(0b100, volume.failedMask());
        randomWrites(random, volume, reference, 30);
        assertReads(volume, reference, random);
        assertThrows(IllegalArgumentException.class, () -> volume.removeMember(2));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5})
    void degradedRaid5ServesReadsAndWritesThenRebuilds(int memberCount) {
        for (int failing = 0; failing < memberCount; failing++) {
            SplittableRandom random = new SplittableRandom(failing);
            Members members = new Members(memberCount, SECTOR, 1 + 8 * 20);
            Volume volume = Volumes.create(Layout.RAID5, members.list(), VolumeOptions.defaults());
            byte[] reference = new byte[(int) volume.sectorCount() * SECTOR];
            randomWrites(random, volume, reference, 100);
            members.devices.get(failing).fail();
            assertReads(volume, reference, random);
            assertEquals(1 << failing, volume.failedMask(), "VOL-6: the failed member is dropped");
            randomWrites(random, volume, reference, 100);
            assertReads(volume, reference, random);
            MemoryBlockDevice replacement = MemoryBlockDevice.create(SECTOR, 1 + 8 * 20);
            replacement.fill((byte) 0x5A);
            volume.replaceMember(failing, replacement);
            assertEquals(0, volume.failedMask());
            List<MemoryBlockDevice> disks = new ArrayList<>(members.disks);
            disks.set(failing, replacement);
            assertParityConsistent(volume, disks);
            members.devices.get((failing + 1) % memberCount).fail();
            assertReads(volume, reference, random);
        }
    }

    @Test
    void raid5FailsWhenASecondMemberIsLost() {
        Members members = new Members(3, SECTOR, 100);
        Volume volume = Volumes.create(Layout.RAID5, members.list(), VolumeOptions.defaults());
        members.devices.get(0).fail();
        members.devices.get(2).fail();
        VolumeFailedException e = assertThrows(VolumeFailedException.class, () -> read(volume, 0, 20));
        assertTrue(e.getMessage().contains("failedMask=0x5") && e.getMessage().contains("tolerance=1"),
                e.getMessage());
        assertTrue(volume.isFailed());
    }

    @Test
    void aRebuildRunsOnlineWithWritesInBetween() throws Exception {
        Members members = new Members(3, SECTOR, 1 + 8 * 400);
        Volume volume = Volumes.create(Layout.RAID5, members.list(), VolumeOptions.defaults());
        byte[] reference = new byte[(int) volume.sectorCount() * SECTOR];
        SplittableRandom random = new SplittableRandom(7);
        randomWrites(random, volume, reference, 50);
        members.devices.get(1).fail();
        randomWrites(random, volume, reference, 10);
        MemoryBlockDevice replacement = MemoryBlockDevice.create(SECTOR, 1 + 8 * 400);
        Thread rebuild = new Thread(() -> volume.replaceMember(1, replacement));
        rebuild.start();
        randomWrites(random, volume, reference, 200);
        rebuild.join(60_000);
        assertFalse(rebuild.isAlive());
        assertEquals(0, volume.failedMask());
        assertParityConsistent(volume, List.of(members.disks.get(0), replacement, members.disks.get(2)));
        members.devices.get(0).fail();
        assertReads(volume, reference, random);
    }

    @Test
    void mirrorSurvivesAFailedHalfAndRebuildsIt() {
        SplittableRandom random = new SplittableRandom(3);
        Members members = new Members(2, SECTOR, 200);
        MirrorVolume volume = (MirrorVolume) Volumes.create(Layout.MIRROR, members.list(), VolumeOptions.defaults());
        byte[] reference = new byte[(int) volume.sectorCount() * SECTOR];
        randomWrites(random, volume, reference, 50);
        members.devices.get(0).fail();
        randomWrites(random, volume, reference, 50);
        assertReads(volume, reference, random);
        assertEquals(1, volume.failedMask(), "VOL-2: the failed half is dropped, the volume goes on");
        MemoryBlockDevice replacement = MemoryBlockDevice.create(SECTOR, 200);
        volume.replaceMember(0, replacement);
        members.devices.get(1).fail();
        assertReads(volume, reference, random);
        assertTrue(volume.readsServed(0) > 0);
    }

    @Test
    void mirrorReadsGoToTheHalfWithFewerOutstanding() throws Exception {
        Members members = new Members(2, SECTOR, 100);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BlockDevice slowHalf = new FaultyDevice(members.disks.get(0)) {
            @Override
            public void read(long firstSector, ByteBuffer dst) {
                if (firstSector == Volume.DATA_START_SECTOR + 49) {
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.read(firstSector, dst);
            }
        };
        MirrorVolume volume = (MirrorVolume) Volumes.create(Layout.MIRROR, List.of(slowHalf, members.devices.get(1)),
                VolumeOptions.defaults());
        for (int i = 0; i < 10; i++) {
            read(volume, i, 1);
        }
        assertEquals(10, volume.readsServed(0), "VOL-1: an idle mirror reads from the first half");
        Thread blocked = new Thread(() -> read(volume, 49, 1));
        blocked.start();
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the read of volume sector 49 never reached member 0");
        for (int i = 0; i < 10; i++) {
            read(volume, i, 1);
        }
        assertEquals(10, volume.readsServed(1), "VOL-1: the busy half gets no new reads");
        release.countDown();
        blocked.join(10_000);
        assertEquals(11, volume.readsServed(0));
    }

    /** BlockDevice is thread-safe: threads writing and reading their own ranges of one volume see their own data. */
    @ParameterizedTest
    @CsvSource({"MIRROR,2", "RAID5,4", "STRIPED,3"})
    void concurrentWritersAndReadersSeeTheirOwnData(Layout layout, int memberCount) throws Exception {
        Members members = new Members(memberCount, SECTOR, 1 + 8 * 40);
        Volume volume = Volumes.create(layout, members.list(), VolumeOptions.defaults());
        int threads = 4;
        long share = volume.sectorCount() / threads;
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            long base = t * share;
            long seed = t;
            workers.add(new Thread(() -> {
                try {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int i = 0; i < 300; i++) {
                        int sectors = 1 + random.nextInt(12);
                        long first = base + random.nextLong(share - sectors + 1);
                        byte[] data = new byte[sectors * SECTOR];
                        random.nextBytes(data);
                        volume.write(first, ByteBuffer.wrap(data), false);
                        assertArrayEquals(data, read(volume, first, sectors), "first=" + first);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            worker.join(60_000);
        }
        assertTrue(failures.isEmpty(), failures.toString());
        if (layout == Layout.RAID5) {
            assertParityConsistent(volume, members.disks);
        }
    }

    @Test
    void stripedVolumeFailsWithItsFirstMember() {
        Members members = new Members(2, SECTOR, 100);
        Volume volume = Volumes.create(Layout.STRIPED, members.list(), VolumeOptions.defaults());
        members.devices.get(1).fail();
        assertThrows(VolumeFailedException.class, () -> volume.write(0, ByteBuffer.allocate(SECTOR * 16), false));
    }

    @Test
    void theBrokenParityVariantLeavesParityStale() {
        Members members = new Members(3, SECTOR, 1 + 8 * 10);
        Volume volume = Volumes.create(Layout.RAID5, members.list(),
                VolumeOptions.defaults(), VolumeFault.PARITY_NOT_UPDATED_ON_PARTIAL_STRIPE);
        randomWrites(new SplittableRandom(1), volume, new byte[(int) volume.sectorCount() * SECTOR], 20);
        assertThrows(AssertionError.class, () -> assertParityConsistent(volume, members.disks));
    }

    @Test
    void aStaleMemberIsRebuiltUnlessTheBrokenVariantTrustsIt() {
        for (VolumeFault variant : List.of(VolumeFault.CORRECT, VolumeFault.REBUILD_TRUSTS_STALE_MEMBER)) {
            Members members = new Members(2, SECTOR, 50);
            Volume volume = Volumes.create(Layout.MIRROR, members.list(), VolumeOptions.defaults(), variant);
            FaultyDevice half = members.devices.get(1);
            half.fail();
            byte[] data = new byte[SECTOR];
            data[0] = 42;
            volume.write(3, ByteBuffer.wrap(data), false);
            volume.replaceMember(1, members.disks.get(1)); // the old disk comes back
            members.devices.get(0).fail();
            boolean stale = read(volume, 3, 1)[0] != 42;
            assertEquals(variant != VolumeFault.CORRECT, stale, variant.toString());
        }
    }

    @ParameterizedTest
    @CsvSource({"MIRROR, 2", "RAID5, 3"})
    void aCallerMayReuseItsArrayOnceAWriteReturnedUnlessTheBrokenVariantKeepsIt(Layout layout, int memberCount) {
        for (VolumeFault variant : List.of(VolumeFault.CORRECT, VolumeFault.WRITE_ARRAY_KEPT)) {
            Volume volume = Volumes.create(layout, new Members(memberCount, SECTOR, 50).list(),
                    VolumeOptions.defaults(), variant);
            byte[] array = new byte[3 * SECTOR];
            new SplittableRandom(7).nextBytes(array);
            byte[] written = Arrays.copyOfRange(array, 5, 5 + 2 * SECTOR);
            volume.write(4, ByteBuffer.wrap(array, 5, 2 * SECTOR), false);
            Arrays.fill(array, (byte) 0x5A);
            volume.flush();
            boolean kept = !Arrays.equals(written, read(volume, 4, 2));
            assertEquals(variant != VolumeFault.CORRECT, kept, variant + " on " + layout);
        }
    }

    @Test
    void aMirrorRebuildGoesOnFromAnotherMemberWhenItsSourceDiesUnlessTheBrokenVariantSkipsTheRange() {
        for (VolumeFault variant : List.of(VolumeFault.CORRECT, VolumeFault.REBUILD_SOURCE_LOSS_IGNORED)) {
            Members members = new Members(3, SECTOR, 50);
            DiesAtNextRead dying = new DiesAtNextRead(members.devices.get(1));
            List<BlockDevice> devices = members.list();
            devices.set(1, dying);
            Volume volume = Volumes.create(Layout.MIRROR, devices, VolumeOptions.defaults(), variant);
            byte[] data = new byte[4 * SECTOR];
            new SplittableRandom(11).nextBytes(data);
            volume.write(2, ByteBuffer.wrap(data), false);
            volume.removeMember(0);
            dying.armed = true; // member 1, the rebuild's first source, dies at the rebuild's read
            volume.replaceMember(0, MemoryBlockDevice.create(SECTOR, 50));
            assertEquals(0b010, volume.failedMask(), variant + ": member 1 counted failed, member 0 rebuilt");
            volume.removeMember(2); // member 0, the replacement, is now the only copy
            boolean lost = !Arrays.equals(data, read(volume, 2, 4));
            assertEquals(variant != VolumeFault.CORRECT, lost, variant.toString());
        }
    }

    @ParameterizedTest
    @CsvSource({"MIRROR, 2", "RAID5, 3"})
    void aSurvivorLostDuringARebuildWithNoRedundancyToSpareLosesTheVolumeUnlessTheBrokenVariantLeavesTheRebuildOut(
            Layout layout, int memberCount) {
        for (VolumeFault variant : List.of(VolumeFault.CORRECT, VolumeFault.REBUILD_COUNTS_REPLACEMENT)) {
            Members members = new Members(memberCount, SECTOR, 50);
            DiesAtNextRead dying = new DiesAtNextRead(members.devices.get(1));
            List<BlockDevice> devices = members.list();
            devices.set(1, dying);
            Volume volume = Volumes.create(layout, devices, VolumeOptions.defaults(), variant);
            byte[] data = new byte[4 * SECTOR];
            new SplittableRandom(13).nextBytes(data);
            volume.write(2, ByteBuffer.wrap(data), false);
            volume.removeMember(0);
            dying.armed = true; // member 1 dies at the rebuild's first read of it: no redundancy is left to spare
            boolean correct = variant == VolumeFault.CORRECT;
            try {
                volume.replaceMember(0, MemoryBlockDevice.create(SECTOR, 50));
                assertFalse(correct, "the correct volume says at once that it is lost");
            } catch (VolumeException e) {
                // the correct volume's VolumeFailedException; the variant's rebuild finds no member to copy from
                assertTrue(!correct || e instanceof VolumeFailedException, e.toString());
            }
            boolean refusesWrites;
            try {
                volume.write(0, ByteBuffer.wrap(new byte[SECTOR]), false);
                refusesWrites = false;
            } catch (VolumeFailedException e) {
                refusesWrites = true;
            }
            assertEquals(correct, refusesWrites, variant + " on " + layout + ": the lost volume refuses writes");
            if (correct) {
                assertThrows(VolumeFailedException.class, () -> read(volume, 2, 4), "the lost volume refuses reads");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"MIRROR, 2", "RAID5, 3"})
    void aReplacementThatDiesDuringItsRebuildFailsTheCallAndLeavesTheMemberFailedUnlessTheBrokenVariantSwallowsIt(
            Layout layout, int memberCount) {
        for (VolumeFault variant : List.of(VolumeFault.CORRECT, VolumeFault.REPLACEMENT_LOSS_SWALLOWED)) {
            Members members = new Members(memberCount, SECTOR, 50);
            Volume volume = Volumes.create(layout, members.list(), VolumeOptions.defaults(), variant);
            byte[] data = new byte[4 * SECTOR];
            new SplittableRandom(17).nextBytes(data);
            volume.write(2, ByteBuffer.wrap(data), false);
            volume.removeMember(0);
            DiesAtNextWrite replacement = new DiesAtNextWrite(MemoryBlockDevice.create(SECTOR, 50));
            replacement.armed = true;
            boolean correct = variant == VolumeFault.CORRECT;
            boolean thrown;
            try {
                volume.replaceMember(0, replacement);
                thrown = false;
            } catch (RebuildFailedException e) {
                thrown = true;
            }
            assertEquals(correct, thrown, variant + " on " + layout + ": the failed rebuild is reported");
            assertEquals(1, volume.failedMask(), "the member stays failed");
            assertArrayEquals(data, read(volume, 2, 4), "the volume goes on as before the rebuild");
            volume.replaceMember(0, MemoryBlockDevice.create(SECTOR, 50));
            assertEquals(0, volume.failedMask(), "a second replacement is rebuilt");
            assertArrayEquals(data, read(volume, 2, 4));
        }
    }

    /** A device that fails for good at the first operation it is armed for, once {@link #armed} is set. */
    private abstract static class ArmedToDie extends FaultyDevice {
        volatile boolean armed;

        ArmedToDie(BlockDevice delegate) {
            super(delegate);
        }

        final void dieIfArmed() {
            if (armed) {
                armed = false;
                fail();
            }
        }
    }

    /** A device that fails for good at its next write or flush once armed. */
    private static final class DiesAtNextWrite extends ArmedToDie {
        DiesAtNextWrite(BlockDevice delegate) {
            super(delegate);
        }

        @Override
        public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
            dieIfArmed();
            super.write(firstSector, src, forceUnitAccess);
        }

        @Override
        public void flush() {
            dieIfArmed();
            super.flush();
        }
    }

    /** A device that fails for good at its next read once armed. */
    private static final class DiesAtNextRead extends ArmedToDie {
        DiesAtNextRead(BlockDevice delegate) {
            super(delegate);
        }

        @Override
        public void read(long firstSector, ByteBuffer dst) {
            dieIfArmed();
            super.read(firstSector, dst);
        }
    }
}
