package txstack.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.LogFullException;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.lfs.LogRecord;

/**
 * The log's record encoding, reached through the public append path on a memory device: {@code lfs.RecordCodec} is
 * package private. {@link #append} is one {@link LogFile#append} of a 128-byte record: payload CRC32C, header
 * checksum (CRC32C of LSN, previous LSN, length, payload CRC), header encoding and the copy into the page buffer,
 * under the log's lock; amortized over it are the page writes the buffer bound forces now and then (page header,
 * 4 KiB page CRC32C, a memory-device write) and, when the log is full, a checkpoint (advance the start, write the
 * restart area), as a client would. {@link #appendAndFlush} adds the flush of that record: the tail page encoded
 * with its CRC32C and written, and the device's (no-op) flush: the CPU cost of one commit without the I/O.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordEncodeBench {
    private static final int SECTOR_BYTES = 4096;
    private static final long DEVICE_SECTORS = 4096; // 16 MiB: a checkpoint every ~100 k records
    private static final int RECORD_BYTES = 128;
    private static final long SEED = 15;

    private MemoryBlockDevice device;
    private LogFile log;
    private byte[] payload;

    @Setup(Level.Trial)
    public void setUp() {
        device = MemoryBlockDevice.create(SECTOR_BYTES, DEVICE_SECTORS);
        log = LogFile.format(device, LogOptions.defaults());
        payload = new byte[RECORD_BYTES];
        new SplittableRandom(SEED).nextBytes(payload);
        long lsn = append();
        log.flush(lsn);
        LogRecord back = log.readForward(lsn, 1).getFirst();
        if (back.lsn() != lsn || !java.util.Arrays.equals(back.payload(), payload)) {
            throw new IllegalStateException("setup wrong: record read back differs: lsn=" + lsn);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        log.close();
    }

    @Benchmark
    public long append() {
        while (true) {
            try {
                return log.append(payload);
            } catch (LogFullException full) {
                log.advanceStart(log.endLsn());
                log.writeRestartArea(new byte[0]);
            }
        }
    }

    @Benchmark
    public long appendAndFlush() {
        long lsn = append();
        log.flush(lsn);
        return lsn;
    }
}
