package txstack.implementation.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.MemoryBlockDevice;

/** Members as {@link ProbeDevice}s over memory disks, with the helpers the edge-case tests of this package share. */
final class ProbeMembers {
    static final int SECTOR = 512;

    final List<MemoryBlockDevice> disks = new ArrayList<>();
    final List<ProbeDevice> probes = new ArrayList<>();

    ProbeMembers(int count, long sectors) {
        for (int i = 0; i < count; i++) {
            add(MemoryBlockDevice.create(SECTOR, sectors));
        }
    }

    /** Probes over fresh disks holding {@code images}: the members as a restart (or a power loss) leaves them. */
    static ProbeMembers of(List<byte[]> images) {
        ProbeMembers members = new ProbeMembers(0, 0);
        for (byte[] image : images) {
            members.add(MemoryBlockDevice.of(SECTOR, image));
        }
        return members;
    }

    ProbeDevice add(MemoryBlockDevice disk) {
        ProbeDevice probe = new ProbeDevice(disk);
        disks.add(disk);
        probes.add(probe);
        return probe;
    }

    List<BlockDevice> list() {
        return new ArrayList<>(probes);
    }

    /** Every disk's content now, as a power loss with nothing in flight would leave it. */
    List<byte[]> images() {
        return disks.stream().map(MemoryBlockDevice::image).toList();
    }

    ProbeDevice probe(int index) {
        return probes.get(index);
    }

    void resetProbes() {
        probes.forEach(ProbeDevice::reset);
    }

    /** The label member {@code index} carries now (read from a copy of its disk, so a closed disk reads too). */
    MemberLabel label(int index) {
        return Volumes.readLabel(MemoryBlockDevice.of(SECTOR, disks.get(index).image()), index);
    }

    /** Member {@code index}'s member data sector {@code memberSector}, read from its disk directly. */
    byte[] memberSector(int index, long memberSector) {
        byte[] image = disks.get(index).image();
        int at = (int) (Volume.DATA_START_SECTOR + memberSector) * SECTOR;
        return Arrays.copyOfRange(image, at, at + SECTOR);
    }

    static byte[] random(long seed, int bytes) {
        byte[] out = new byte[bytes];
        new SplittableRandom(seed).nextBytes(out);
        return out;
    }

    /** Writes seeded random bytes over the whole volume (not forced) and returns them: the test's model of it. */
    static byte[] fill(BlockDevice volume, long seed) {
        byte[] reference = random(seed, (int) volume.sectorCount() * volume.sectorSizeBytes());
        volume.write(0, ByteBuffer.wrap(reference.clone()), false);
        return reference;
    }

    static byte[] read(BlockDevice volume, long first, int sectors) {
        ByteBuffer buffer = ByteBuffer.allocate(sectors * volume.sectorSizeBytes());
        volume.read(first, buffer);
        return buffer.array();
    }

    static byte[] readAll(BlockDevice volume) {
        return read(volume, 0, (int) volume.sectorCount());
    }

    /** Writes {@code data} at {@code first} and records it in {@code reference}, the test's model of the volume. */
    static void write(BlockDevice volume, byte[] reference, long first, byte[] data) {
        volume.write(first, ByteBuffer.wrap(data.clone()), false);
        System.arraycopy(data, 0, reference, (int) first * volume.sectorSizeBytes(), data.length);
    }

    /** A lock still held after an operation would block every other thread for good. */
    static void assertLockReleased(Volume volume) {
        assertFalse(volume.lock.isLocked(), "the volume lock is still held");
    }

    /**
     * VOL-3/VOL-6 at rest: with any one member missing (a degraded assembly of copies of the others), the volume
     * still reads exactly {@code reference}; so every row's parity agrees with its data. The volume must be closed.
     */
    static void assertEachMemberLossReadsBack(List<byte[]> images, byte[] reference) {
        for (int missing = 0; missing < images.size(); missing++) {
            List<BlockDevice> rest = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                if (i != missing) {
                    rest.add(MemoryBlockDevice.of(SECTOR, images.get(i)));
                }
            }
            Volume degraded = Volumes.assemble(rest, VolumeOptions.defaults().withAllowDegraded(true));
            assertArrayEquals(reference, readAll(degraded), "member " + missing + " missing");
        }
    }

    /** True if, at member data sector {@code memberSector}, the XOR of every member's content is zero. */
    boolean rowConsistent(long memberSector) {
        byte[] row = new byte[SECTOR];
        for (int i = 0; i < disks.size(); i++) {
            Xor.into(row, 0, memberSector(i, memberSector), 0, SECTOR);
        }
        return Arrays.equals(new byte[SECTOR], row);
    }
}
