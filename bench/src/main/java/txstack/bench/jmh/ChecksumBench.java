package txstack.bench.jmh;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CRC32C of one 4 KiB log page, the checksum on every page and record (DISK-4, LFS-6). The log computes it with
 * {@link java.util.zip.CRC32C} (its {@code Checksums} helper, package private, makes a new {@code CRC32C} per call
 * and updates it from a {@code byte[]} or from a duplicate of a {@code ByteBuffer} limited to the range): the same
 * two shapes are measured here through the JDK class itself, plus a direct buffer and, for scale, plain CRC32.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChecksumBench {
    private static final int PAGE_BYTES = 4096;
    private static final long SEED = 15;

    private byte[] page;
    private ByteBuffer heapPage;
    private ByteBuffer directPage;

    @Setup
    public void setUp() {
        page = new byte[PAGE_BYTES];
        new SplittableRandom(SEED).nextBytes(page);
        heapPage = ByteBuffer.wrap(page.clone());
        directPage = ByteBuffer.allocateDirect(PAGE_BYTES).put(page).flip();
        long expected = crc32cArray();
        if (crc32cHeapBuffer() != expected || crc32cDirectBuffer() != expected) {
            throw new IllegalStateException("CRC32C differs between array and buffers: expected=0x"
                    + Long.toHexString(expected));
        }
    }

    /** The log's {@code byte[]} shape: a fresh CRC32C over the whole page. */
    @Benchmark
    public long crc32cArray() {
        CRC32C crc = new CRC32C();
        crc.update(page, 0, PAGE_BYTES);
        return crc.getValue();
    }

    /** The log's {@code ByteBuffer} shape: a duplicate limited to the range, the caller's buffer not moved. */
    @Benchmark
    public long crc32cHeapBuffer() {
        CRC32C crc = new CRC32C();
        crc.update(heapPage.duplicate().limit(PAGE_BYTES).position(0));
        return crc.getValue();
    }

    @Benchmark
    public long crc32cDirectBuffer() {
        CRC32C crc = new CRC32C();
        crc.update(directPage.duplicate().limit(PAGE_BYTES).position(0));
        return crc.getValue();
    }

    /** For scale only: the older CRC32 polynomial, which the log does not use. */
    @Benchmark
    public long crc32Array() {
        CRC32 crc = new CRC32();
        crc.update(page, 0, PAGE_BYTES);
        return crc.getValue();
    }
}
