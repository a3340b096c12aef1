package txstack.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.volume.Layout;
import txstack.implementation.volume.MirrorVolume;
import txstack.implementation.volume.Raid5Volume;
import txstack.implementation.volume.Volume;
import txstack.implementation.volume.VolumeOptions;
import txstack.implementation.volume.Volumes;

/**
 * Throughput of the volume layouts (issue #4) on in-memory members, each as a ratio over memory copy bandwidth
 * ({@code System.arraycopy} of the same transfer size over a region the size of the RAID-5's data), measured in the
 * same run and alternated with the volume measurements so drift hits both:
 * <ul>
 *   <li>RAID-5 full-stripe writes (each write exactly one whole, aligned stripe: parity from the new data, no read);
 *   <li>RAID-5 partial-stripe writes (one aligned stripe unit at a random position: read-modify-write);
 *   <li>RAID-5 healthy reads (one whole stripe per read), as the reference for the next;
 *   <li>RAID-5 degraded reads (one member removed; whole stripes, so the unit on the lost member, in 3 stripes of
 *       4, is reconstructed by XOR of the survivors);
 *   <li>mirror reads (one stripe's worth at a random position) with 1 and with 2 reader threads, with the share of
 *       reads each member served (VOL-1 balancing).
 * </ul>
 * MB/s counts the bytes the client transfers (10^6 bytes), not member traffic. Memory members are one monitor each,
 * so a mirror's second reader only helps if the balancing sends it to the other member. Nothing is asserted.
 *
 * <p>Run: {@code ./mvnw -q -pl bench -am package -DskipTests} then
 * {@code java -cp bench/target/classes:implementation/target/classes txstack.bench.VolumeBench [seconds]}
 * (with a JDK 21+; {@code ./bench/run-volume} finds one).
 */
public final class VolumeBench {
    private static final int SECTOR_BYTES = 4096;
    private static final int RAID5_MEMBERS = 4;
    private static final int UNIT_SECTORS = 16; // 64 KiB units: a stripe holds 3 units = 192 KiB of data
    private static final int MIRROR_MEMBERS = 2;
    private static final long MEMBER_SECTORS = 8_193; // label + 32 MiB of data per member
    private static final int ROUNDS = 3;

    private VolumeBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        VolumeOptions options = VolumeOptions.defaults().withStripeUnitSectors(UNIT_SECTORS);
        int unitBytes = UNIT_SECTORS * SECTOR_BYTES;
        int stripeBytes = unitBytes * (RAID5_MEMBERS - 1);
        System.out.printf("volume benchmark: MemoryBlockDevice members, sector=%d B, %s s per measurement, %d rounds;"
                        + " RAID-5 %d members, unit=%d KiB, stripe data=%d KiB; mirror %d members;"
                        + " MB/s = 10^6 client bytes/s, ratio = over memcpy (System.arraycopy, %d KiB chunks) in the"
                        + " same round%n", SECTOR_BYTES, seconds, ROUNDS, RAID5_MEMBERS, unitBytes >> 10,
                stripeBytes >> 10, MIRROR_MEMBERS, stripeBytes >> 10);
        System.out.println("  full = RAID-5 full-stripe writes (one aligned stripe each); partial = RAID-5"
                + " one-unit writes at random units (read-modify-write); read = RAID-5 healthy stripe reads;"
                + " degraded = RAID-5 stripe reads with member 0 removed (XOR reconstruction); mirror Nr = mirror"
                + " stripe-sized random reads by N threads, [reads served per member]");

        Raid5Volume raid5 = (Raid5Volume) Volumes.create(Layout.RAID5, members(RAID5_MEMBERS), options);
        Raid5Volume degraded = (Raid5Volume) Volumes.create(Layout.RAID5, members(RAID5_MEMBERS), options);
        MirrorVolume mirror = (MirrorVolume) Volumes.create(Layout.MIRROR, members(MIRROR_MEMBERS), options);
        try {
            fill(degraded, stripeBytes);
            degraded.removeMember(0);
            fill(mirror, stripeBytes);
            long dataBytes = raid5.sectorCount() * SECTOR_BYTES;
            for (int round = 1; round <= ROUNDS; round++) {
                double memcpy = memcpyRate(dataBytes, stripeBytes, seconds);
                StringBuilder row = new StringBuilder(String.format("round %d: memcpy %.0f MB/s", round, memcpy));
                appendRate(row, "full", writeRate(raid5, stripeBytes, stripeBytes, seconds), memcpy);
                appendRate(row, "partial", writeRate(raid5, unitBytes, unitBytes, seconds), memcpy);
                appendRate(row, "read", readRate(raid5, stripeBytes, stripeBytes, 1, seconds), memcpy);
                appendRate(row, "degraded", readRate(degraded, stripeBytes, stripeBytes, 1, seconds),
                        memcpy);
                for (int readers = 1; readers <= 2; readers++) {
                    long[] before = served(mirror);
                    double mirrorRate = readRate(mirror, stripeBytes, SECTOR_BYTES, readers, seconds);
                    long[] after = served(mirror);
                    appendRate(row, "mirror " + readers + "r", mirrorRate, memcpy);
                    row.append(" [");
                    for (int i = 0; i < after.length; i++) {
                        row.append(i == 0 ? "" : "/").append(after[i] - before[i]);
                    }
                    row.append(']');
                }
                System.out.println(row);
            }
        } finally {
            raid5.close();
            degraded.close();
            mirror.close();
        }
    }

    private static List<BlockDevice> members(int count) {
        List<BlockDevice> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            devices.add(MemoryBlockDevice.create(SECTOR_BYTES, MEMBER_SECTORS));
        }
        return devices;
    }

    private static void appendRate(StringBuilder row, String name, double mbPerSecond, double memcpy) {
        row.append(String.format("; %s %.0f MB/s = %.3fx", name, mbPerSecond, mbPerSecond / memcpy));
    }

    /** Writes non-zero data over the whole volume, so reads and reconstruction work on real content. */
    private static void fill(Volume volume, int chunkBytes) {
        byte[] chunk = new byte[chunkBytes];
        new SplittableRandom(1).nextBytes(chunk);
        long chunkSectors = chunkBytes / SECTOR_BYTES;
        for (long sector = 0; sector + chunkSectors <= volume.sectorCount(); sector += chunkSectors) {
            volume.write(sector, ByteBuffer.wrap(chunk), false);
        }
        volume.flush();
    }

    /** {@code System.arraycopy} of {@code chunkBytes} at successive positions over two arrays of {@code regionBytes}. */
    static double memcpyRate(long regionBytes, int chunkBytes, double seconds) {
        int chunks = (int) (regionBytes / chunkBytes);
        byte[] src = new byte[chunks * chunkBytes];
        byte[] dst = new byte[src.length];
        new SplittableRandom(2).nextBytes(src);
        long bytes = 0;
        long ops = 0;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long begin = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int at = (int) (ops % chunks) * chunkBytes;
            System.arraycopy(src, at, dst, at, chunkBytes);
            bytes += chunkBytes;
            ops++;
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        if (dst[src.length - 1] != src[src.length - 1] && ops >= chunks) {
            throw new IllegalStateException("copy lost"); // keeps the copies observable
        }
        return bytes / elapsed / 1e6;
    }

    /** One thread writing {@code writeBytes} at random positions aligned to {@code alignBytes}. */
    static double writeRate(BlockDevice volume, int writeBytes, int alignBytes, double seconds) {
        ByteBuffer buffer = ByteBuffer.allocate(writeBytes);
        new SplittableRandom(3).nextBytes(buffer.array());
        long slots = (volume.sectorCount() * SECTOR_BYTES - writeBytes) / alignBytes + 1;
        long alignSectors = alignBytes / SECTOR_BYTES;
        SplittableRandom random = new SplittableRandom(4);
        long bytes = 0;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long begin = System.nanoTime();
        while (System.nanoTime() < deadline) {
            buffer.clear();
            volume.write(random.nextLong(slots) * alignSectors, buffer, false);
            bytes += writeBytes;
        }
        volume.flush();
        return bytes / ((System.nanoTime() - begin) / 1e9) / 1e6;
    }

    /** {@code readers} threads each reading {@code readBytes} at random positions aligned to {@code alignBytes}. */
    static double readRate(BlockDevice volume, int readBytes, int alignBytes, int readers, double seconds)
            throws InterruptedException {
        long slots = (volume.sectorCount() * SECTOR_BYTES - readBytes) / alignBytes + 1;
        long alignSectors = alignBytes / SECTOR_BYTES;
        LongAdder bytes = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(readers);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int t = 0; t < readers; t++) {
            long seed = 5 + t;
            Thread thread = new Thread(() -> {
                ByteBuffer buffer = ByteBuffer.allocate(readBytes);
                SplittableRandom random = new SplittableRandom(seed);
                ready.countDown();
                try {
                    go.await();
                    while (!stop.get()) {
                        buffer.clear();
                        volume.read(random.nextLong(slots) * alignSectors, buffer);
                        bytes.add(readBytes);
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }, "reader-" + t);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        long begin = System.nanoTime();
        go.countDown();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        long count = bytes.sum();
        double elapsed = (System.nanoTime() - begin) / 1e9;
        for (Thread thread : threads) {
            thread.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("reader failed", errors.get(0));
        }
        return count / elapsed / 1e6;
    }

    private static long[] served(MirrorVolume mirror) {
        long[] served = new long[mirror.memberCount()];
        for (int i = 0; i < served.length; i++) {
            served[i] = mirror.readsServed(i);
        }
        return served;
    }
}
