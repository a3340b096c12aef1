package txstack.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import txstack.implementation.disk.FileBlockDevice;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.LogFullException;
import txstack.implementation.lfs.LogOptions;

/**
 * Durable appends per second of the log file service on a file-backed device, with 1 and with many concurrent
 * appenders (each appends a record and flushes up to its LSN before the next), as a ratio over the raw rate of
 * "write one sector + force" on the same file, measured in the same run and alternated so drift hits both.
 *
 * <p>Run: {@code ./mvnw -q -pl bench -am package -DskipTests} then
 * {@code java -cp bench/target/classes:implementation/target/classes txstack.bench.LogAppendBench [seconds]}
 * (with a JDK 21+; {@code ./bench/run} finds one).
 */
public final class LogAppendBench {
    private static final int RECORD_BYTES = 128;
    private static final int SECTOR_BYTES = 4096;
    private static final long DEVICE_SECTORS = 16_384; // 64 MiB
    private static final int[] APPENDER_COUNTS = {1, 64};
    private static final int ROUNDS = 3;

    private LogAppendBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        Path dir = Files.createTempDirectory("txstack-bench");
        Path file = dir.resolve("log.img");
        System.out.printf("log append benchmark: record=%d B, sector=%d B, %s s per measurement, %d rounds, file=%s%n",
                RECORD_BYTES, SECTOR_BYTES, seconds, ROUNDS, file);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                double raw = rawWriteForceRate(file, seconds);
                StringBuilder row = new StringBuilder(String.format("round %d: raw write+force %.0f/s", round, raw));
                for (int appenders : APPENDER_COUNTS) {
                    double log = durableAppendRate(file, appenders, seconds);
                    row.append(String.format("; %d appender(s) %.0f durable appends/s = %.2fx raw",
                            appenders, log, log / raw));
                }
                System.out.println(row);
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * One sector written at successive positions, each followed by force(false): what one flush costs, on a file made
     * the way the log's device is made ({@link FileBlockDevice#create}, preallocated), not a sparse one.
     */
    static double rawWriteForceRate(Path file, double seconds) throws IOException {
        Files.deleteIfExists(file);
        FileBlockDevice.create(file, SECTOR_BYTES, DEVICE_SECTORS).close();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer sector = ByteBuffer.allocateDirect(SECTOR_BYTES);
            long ops = 0;
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long begin = System.nanoTime();
            while (System.nanoTime() < deadline) {
                sector.clear();
                sector.putLong(0, ops);
                ch.write(sector, (ops % DEVICE_SECTORS) * SECTOR_BYTES);
                ch.force(false);
                ops++;
            }
            return ops / ((System.nanoTime() - begin) / 1e9);
        }
    }

    /** {@code appenders} threads, each: append a 128-byte record, flush up to its LSN, repeat. */
    static double durableAppendRate(Path file, int appenders, double seconds) throws Exception {
        Files.deleteIfExists(file);
        try (FileBlockDevice device = FileBlockDevice.create(file, SECTOR_BYTES, DEVICE_SECTORS);
             LogFile log = LogFile.format(device, LogOptions.defaults())) {
            LongAdder durable = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch ready = new CountDownLatch(appenders);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> errors = new ArrayList<>();
            for (int t = 0; t < appenders; t++) {
                Thread thread = new Thread(() -> {
                    byte[] payload = new byte[RECORD_BYTES];
                    ready.countDown();
                    try {
                        while (!stop.get()) {
                            long lsn = appendOrCheckpoint(log, payload);
                            log.flush(lsn);
                            durable.increment();
                        }
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                }, "appender-" + t);
                threads.add(thread);
                thread.start();
            }
            ready.await();
            long begin = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            stop.set(true);
            long count = durable.sum();
            double elapsed = (System.nanoTime() - begin) / 1e9;
            for (Thread thread : threads) {
                thread.join();
            }
            if (!errors.isEmpty()) {
                throw new IllegalStateException("appender failed", errors.get(0));
            }
            return count / elapsed;
        }
    }

    /** On "log full", checkpoint as a client would (advance the start, write the restart area) and retry. */
    private static long appendOrCheckpoint(LogFile log, byte[] payload) {
        while (true) {
            try {
                return log.append(payload);
            } catch (LogFullException full) {
                synchronized (log) {
                    log.advanceStart(log.endLsn());
                    log.writeRestartArea(new byte[0]);
                }
            }
        }
    }
}
