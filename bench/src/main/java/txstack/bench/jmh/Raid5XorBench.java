package txstack.bench.jmh;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.volume.Layout;
import txstack.implementation.volume.Volume;
import txstack.implementation.volume.VolumeOptions;
import txstack.implementation.volume.Volumes;

/**
 * The RAID-5 XOR of a stripe unit (VOL-6), reached through the public API: {@code volume.Xor} is package private.
 * A 4-member RAID-5 on memory devices (4 KiB sectors); {@link #degradedUnitRead} reads the first data unit of a
 * stripe after its member was removed, so the volume rebuilds it as the XOR of the 3 other members' units (the
 * first read straight into the destination, the other two read and XORed in); {@link #healthyUnitRead} reads the same
 * unit from an identical healthy volume (one member read). Both pay the volume's lock, checks and the copy into the
 * caller's buffer; the difference is 2 more memory-device reads plus 2 XORs of a unit. {@link #fullStripeWrite}
 * writes a whole stripe (3 data units) from the caller's array: parity is the XOR of the new units in one pass, no
 * read, then 4 member writes (plus whatever the write-hole bitmap costs, VOL-8).
 *
 * <p>Seen on the 2-core build machine under load (2026-12-01): these reads are bimodal from one iteration to the
 * next (a 4 KiB healthy read 1 to 3 us or 14 to 22 us, no GC in the slow ones, ParallelGC alike) while the CRC32C
 * benchmark beside them stays within 20%: they copy fresh memory, which a busy neighbour slows; compare them only
 * with more iterations ({@code -i 10}) and look at each iteration, not only the mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Raid5XorBench {
    private static final int SECTOR_BYTES = 4096;
    private static final int MEMBERS = 4;
    private static final long MEMBER_SECTORS = 1024;
    private static final int REMOVED_MEMBER = 0; // holds data unit 0 of stripe 0 (the parity is on member 3)
    private static final long SEED = 15;

    /** Sectors per stripe unit: 1 = a 4 KiB unit, 16 = 64 KiB. */
    @Param({"1", "16"})
    public int unitSectors;

    private Volume healthy;
    private Volume degraded;
    private ByteBuffer unit;
    private ByteBuffer stripe;

    @Setup(Level.Trial)
    public void setUp() {
        int unitBytes = unitSectors * SECTOR_BYTES;
        byte[] data = new byte[(MEMBERS - 1) * unitBytes];
        new SplittableRandom(SEED).nextBytes(data);
        healthy = volume(data);
        degraded = volume(data);
        degraded.removeMember(REMOVED_MEMBER);
        unit = ByteBuffer.allocate(unitBytes);
        stripe = ByteBuffer.wrap(data);
        byte[] fromParity = degradedUnitRead().array().clone();
        byte[] fromMember = healthyUnitRead().array().clone();
        if (!java.util.Arrays.equals(fromParity, 0, unitBytes, data, 0, unitBytes)
                || !java.util.Arrays.equals(fromMember, 0, unitBytes, data, 0, unitBytes)) {
            throw new IllegalStateException("setup wrong: a unit read back differs from what was written: unitSectors="
                    + unitSectors);
        }
    }

    private Volume volume(byte[] data) {
        List<BlockDevice> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(MemoryBlockDevice.create(SECTOR_BYTES, MEMBER_SECTORS));
        }
        Volume volume = Volumes.create(Layout.RAID5, members, VolumeOptions.defaults()
                .withStripeUnitSectors(unitSectors));
        volume.write(0, ByteBuffer.wrap(data), false);
        return volume;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        healthy.close();
        degraded.close();
    }

    @Benchmark
    public ByteBuffer healthyUnitRead() {
        unit.clear();
        healthy.read(0, unit);
        return unit;
    }

    @Benchmark
    public ByteBuffer degradedUnitRead() {
        unit.clear();
        degraded.read(0, unit);
        return unit;
    }

    @Benchmark
    public Volume fullStripeWrite() {
        stripe.clear();
        healthy.write(0, stripe, false);
        return healthy;
    }
}
