package txstack.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.FileBlockDevice;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.LogFullException;
import txstack.implementation.lfs.LogGeometry;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.recovery.RecoverableStore;
import txstack.implementation.recovery.RecoveryStats;
import txstack.implementation.recovery.StoreOptions;
import txstack.implementation.recovery.Transaction;

/**
 * The recovery layer on file-backed devices, each measurement a ratio over a yardstick measured in the same round,
 * rounds alternated so drift hits both:
 * <ol>
 *   <li><b>Restart recovery</b>: a store whose log holds {@code logMiB} (default 256) MiB of records to redo (committed
 *       transactions of 256-byte updates and one loser, never checkpointed, no page ever written back) is dropped
 *       without close. Each round copies that crashed image, then times {@link RecoverableStore#open} (the log's own
 *       scan, analysis, redo, undo, write-back, checkpoint) against a plain sequential read of the bytes the log
 *       occupies in its file. Both files were just written, so both read from the OS page cache: nothing is dropped
 *       from it. Redo MiB/s counts the records' bytes (from the log's start to its end, record headers included).</li>
 *   <li><b>Commits per second</b> with 1 and 64 committer threads, each transaction updating two pages of its thread
 *       (128 bytes each), over the log file service's own durable appends ({@code append} + {@code flush} of a
 *       128-byte record, as {@link LogAppendBench} does) with as many threads, each on its own fresh preallocated
 *       64 MiB log file, in short slices alternating between the two (counted after a short warm-up each).</li>
 * </ol>
 *
 * <p>Run: {@code ./mvnw -q -pl bench -am package -DskipTests} then {@code java -cp
 * bench/target/classes:implementation/target/classes txstack.bench.RecoveryBench [seconds] [logMiB]
 * [recoveryLogMiBMax]} (with a JDK 21+; {@code ./bench/run-recovery} finds one). {@code seconds} (default 3) bounds
 * each commit measurement; the recovery measurement's length is set by {@code logMiB}; {@code recoveryLogMiBMax}
 * (default {@link StoreOptions#DEFAULT_RECOVERY_LOG_BYTES_MAX}) is the store option bounding the log kept in memory
 * during recovery: 0 measures recovery reading the log from the device again.
 */
public final class RecoveryBench {
    private static final int SECTOR_BYTES = 4096;
    private static final int ROUNDS = 3;
    private static final long MIB = 1 << 20;

    private static final int DEFAULT_LOG_MIB = 256;
    private static final int LOG_MIB_MAX = 4096;
    private static final int RECOVERY_UPDATE_BYTES = 256;
    private static final int UPDATES_PER_TRANSACTION = 16;
    private static final int BUILD_THREADS = 8;
    private static final int PAGES_PER_BUILD_THREAD = 32;
    private static final int RECOVERY_PAGES = BUILD_THREADS * PAGES_PER_BUILD_THREAD;
    private static final int READ_CHUNK_BYTES = 1 << 20;

    private static final int[] COMMITTER_COUNTS = {1, 64};
    private static final int COMMIT_UPDATE_BYTES = 128;
    private static final int LFS_RECORD_BYTES = 128;
    private static final long WARM_UP_MILLIS_MAX = 500;
    private static final int SLICES = 6;
    private static final long COMMIT_LOG_SECTORS = 16_384; // 64 MiB, as LogAppendBench's log
    private static final int COMMITTERS_MAX = 64;

    private RecoveryBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        int logMiB = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_LOG_MIB;
        long keptMiBMax = args.length > 2 ? Long.parseLong(args[2])
                : StoreOptions.DEFAULT_RECOVERY_LOG_BYTES_MAX / MIB;
        if (seconds <= 0 || seconds > 600 || logMiB < 1 || logMiB > LOG_MIB_MAX || keptMiBMax < 0
                || keptMiBMax > StoreOptions.RECOVERY_LOG_BYTES_LIMIT / MIB) {
            throw new IllegalArgumentException("usage: RecoveryBench [seconds in (0, 600]] [logMiB in 1.."
                    + LOG_MIB_MAX + "] [recoveryLogMiBMax in 0.." + StoreOptions.RECOVERY_LOG_BYTES_LIMIT / MIB
                    + "]: seconds=" + seconds + " logMiB=" + logMiB + " recoveryLogMiBMax=" + keptMiBMax);
        }
        recoveryLogBytesMax = keptMiBMax * MIB;
        Path dir = Files.createTempDirectory("txstack-recovery-bench");
        try {
            recoveryRounds(dir, logMiB);
            commitRounds(dir, seconds);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    // Restart recovery.

    /** The crashed store every round recovers a copy of. */
    private record CrashedImage(Path log, Path data, long recordBytes, long usedLogFileBytes, long transactions,
                                long updates) {
    }

    /** What one timed restart recovery did. */
    private record Recovery(double seconds, RecoveryStats stats) {
    }

    /** {@link StoreOptions#recoveryLogBytesMax()} of the recoveries timed; the default unless asked otherwise. */
    private static long recoveryLogBytesMax = StoreOptions.DEFAULT_RECOVERY_LOG_BYTES_MAX;

    private static StoreOptions recoveryOptions() {
        return StoreOptions.defaults().withCachePagesMax(RECOVERY_PAGES).withUpdateBytesMax(RECOVERY_UPDATE_BYTES)
                .withRecoveryLogBytesMax(recoveryLogBytesMax);
    }

    private static void recoveryRounds(Path dir, int logMiB) throws Exception {
        long buildBegin = System.nanoTime();
        CrashedImage image = crashedImage(dir, logMiB * MIB);
        System.out.printf("recovery benchmark: %.1f MiB of log records to recover (%,d updates of %d B in %,d committed"
                        + " transactions and 1 loser, %d pages, never checkpointed, no page written back), log file"
                        + " %.1f MiB used, built in %.0f s; %d rounds, each on a fresh copy of the crashed files%n",
                image.recordBytes() / (double) MIB, image.updates(), RECOVERY_UPDATE_BYTES, image.transactions(),
                RECOVERY_PAGES, image.usedLogFileBytes() / (double) MIB, (System.nanoTime() - buildBegin) / 1e9,
                ROUNDS);
        if (image.recordBytes() < logMiB * MIB) {
            System.out.printf("  note: the log holds fewer record bytes than the %d MiB asked for%n", logMiB);
        }
        System.out.println("  read = sequential read of the log file's used bytes (1 MiB reads); recovery ="
                + " RecoverableStore.open; both from the OS page cache (files just copied and forced, cache never"
                + " dropped)");
        boolean kept = image.usedLogFileBytes() <= Math.min(recoveryLogBytesMax, Runtime.getRuntime().maxMemory() / 4);
        System.out.printf("  recoveryLogBytesMax %d MiB, max heap %d MiB: recovery reads the log %s%n",
                recoveryLogBytesMax / MIB, Runtime.getRuntime().maxMemory() / MIB,
                kept ? "once (the pages the log's open checked are kept in memory)"
                        : "twice (the open's scan, then analysis and redo from the device)");
        System.out.printf("  %-6s %14s %12s %14s %16s%n", "round", "read MiB/s", "recovery s", "redo MiB/s",
                "recovery/read");
        Path log = dir.resolve("recovery-log.img");
        Path data = dir.resolve("recovery-data.img");
        double[] ratios = new double[ROUNDS];
        RecoveryStats stats = null;
        for (int round = 1; round <= ROUNDS; round++) {
            copyForced(image.log(), log);
            copyForced(image.data(), data);
            double readSeconds;
            Recovery recovery;
            if (round % 2 == 1) {
                readSeconds = sequentialRead(log, image.usedLogFileBytes());
                recovery = recover(log, data);
            } else {
                recovery = recover(log, data);
                readSeconds = sequentialRead(log, image.usedLogFileBytes());
            }
            double readRate = image.usedLogFileBytes() / (double) MIB / readSeconds;
            double redoRate = image.recordBytes() / (double) MIB / recovery.seconds();
            ratios[round - 1] = redoRate / readRate;
            stats = recovery.stats();
            System.out.printf("  %-6d %14.0f %12.2f %14.0f %15.3fx%n", round, readRate, recovery.seconds(), redoRate,
                    ratios[round - 1]);
        }
        System.out.printf("  median recovery/read %.3fx (aim: at least 0.5x)%n", median(ratios));
        System.out.println("  lastRecovery: " + stats);
    }

    /**
     * Builds the crashed store: {@link #BUILD_THREADS} threads commit transactions of {@link #UPDATES_PER_TRANSACTION}
     * updates on pages of their own until the log's file holds {@code recordBytesTarget} plus its page headers; then
     * one transaction updates and never commits, one more commits (its flush makes the loser's records durable), and
     * the store is dropped without close.
     */
    private static CrashedImage crashedImage(Path dir, long recordBytesTarget) throws Exception {
        Path logPath = dir.resolve("crashed-log.img");
        Path dataPath = dir.resolve("crashed-data.img");
        StoreOptions options = recoveryOptions();
        // 6% over the target: the log's page headers (about 1%), its slack and the overshoot fit in it.
        long logSectors = (recordBytesTarget + recordBytesTarget / 16) / SECTOR_BYTES + 64;
        long goalFileBytes = recordBytesTarget + recordBytesTarget / 64 + 2L * SECTOR_BYTES;
        long transactions;
        long updates;
        long usedFileBytes;
        try (FileBlockDevice logFile = FileBlockDevice.create(logPath, SECTOR_BYTES, logSectors);
             FileBlockDevice data = FileBlockDevice.create(dataPath, SECTOR_BYTES, RECOVERY_PAGES)) {
            LogGeometry geometry = LogFile.geometryOf(logFile, options.logOptions());
            if (geometry.capacityBytes() - geometry.slackBytes() < goalFileBytes) {
                throw new IllegalStateException("log device too small for the target: capacityBytes="
                        + geometry.capacityBytes() + " goalFileBytes=" + goalFileBytes);
            }
            HighWaterDevice log = new HighWaterDevice(logFile);
            RecoverableStore store = RecoverableStore.format(log, data, options);
            long[] counts = commitUntil(store, () -> log.highWaterBytes() >= goalFileBytes);
            transactions = counts[0] + 1;
            updates = counts[1] + UPDATES_PER_TRANSACTION + 1;
            SplittableRandom random = new SplittableRandom(-1);
            Transaction loser = store.begin();
            for (int i = 0; i < UPDATES_PER_TRANSACTION; i++) {
                update(loser, random, 0, RECOVERY_PAGES, store.pageSizeBytes());
            }
            Transaction last = store.begin();
            update(last, random, 0, RECOVERY_PAGES, store.pageSizeBytes());
            last.commit();
            usedFileBytes = log.highWaterBytes();
            // The crash: the store is dropped, never closed; what its log had not flushed is lost.
        }
        try (FileBlockDevice device = FileBlockDevice.open(logPath, SECTOR_BYTES);
             LogFile log = LogFile.open(device, LogOptions.defaults())) {
            long recordBytes = log.endLsn() - log.readRestartArea().startLsn();
            return new CrashedImage(logPath, dataPath, recordBytes, usedFileBytes, transactions, updates);
        }
    }

    /** Commits transactions from {@link #BUILD_THREADS} threads until {@code done}; returns {transactions, updates}. */
    private static long[] commitUntil(RecoverableStore store, BooleanSupplier done)
            throws InterruptedException {
        LongAdder transactions = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int t = 0; t < BUILD_THREADS; t++) {
            int firstPage = t * PAGES_PER_BUILD_THREAD;
            long seed = t;
            Thread thread = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                try {
                    while (!done.getAsBoolean()) {
                        Transaction tx = store.begin();
                        for (int i = 0; i < UPDATES_PER_TRANSACTION; i++) {
                            update(tx, random, firstPage, PAGES_PER_BUILD_THREAD, store.pageSizeBytes());
                        }
                        tx.commit();
                        transactions.increment();
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }, "builder-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("building the crashed store failed", errors.get(0));
        }
        return new long[] {transactions.sum(), transactions.sum() * UPDATES_PER_TRANSACTION};
    }

    /** One {@link #RECOVERY_UPDATE_BYTES}-byte update at a random place of a random page of the range. */
    private static void update(Transaction tx, SplittableRandom random, int firstPage, int pages,
                               int pageSizeBytes) {
        byte[] bytes = new byte[RECOVERY_UPDATE_BYTES];
        random.nextBytes(bytes);
        tx.update(firstPage + random.nextInt(pages), random.nextInt(pageSizeBytes - bytes.length + 1), bytes);
    }

    private static Recovery recover(Path log, Path data) {
        try (FileBlockDevice logDevice = FileBlockDevice.open(log, SECTOR_BYTES);
             FileBlockDevice dataDevice = FileBlockDevice.open(data, SECTOR_BYTES)) {
            long begin = System.nanoTime();
            RecoverableStore store = RecoverableStore.open(logDevice, dataDevice, recoveryOptions());
            double seconds = (System.nanoTime() - begin) / 1e9;
            RecoveryStats stats = store.lastRecovery();
            store.close();
            if (stats.recordsRedone() == 0 || stats.losers() != 1) {
                throw new IllegalStateException("recovery did not redo and undo: " + stats);
            }
            return new Recovery(seconds, stats);
        }
    }

    /** Reads the first {@code bytes} of the file in 1 MiB reads; returns the seconds it took. */
    static double sequentialRead(Path file, long bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_CHUNK_BYTES);
        long begin = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = 0;
            while (position < bytes) {
                buffer.clear().limit((int) Math.min(READ_CHUNK_BYTES, bytes - position));
                int read = channel.read(buffer, position);
                if (read < 0) {
                    throw new IOException("file shorter than expected: file=" + file + " position=" + position);
                }
                position += read;
            }
        }
        return (System.nanoTime() - begin) / 1e9;
    }

    private static void copyForced(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(to, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    // Commits per second.

    private static void commitRounds(Path dir, double seconds) throws Exception {
        System.out.printf("commit benchmark: transactions of 2 updates of %d B (each committer its own 2 pages) over"
                        + " LFS durable appends of %d B (append + flush), each on its own fresh preallocated 64 MiB log"
                        + " file; %s s per measurement, run as %d slices alternating with the other's, each counted"
                        + " after a warm-up; %d rounds%n", COMMIT_UPDATE_BYTES, LFS_RECORD_BYTES, seconds, SLICES,
                ROUNDS);
        StringBuilder header = new StringBuilder(String.format("  %-6s", "round"));
        for (int committers : COMMITTER_COUNTS) {
            header.append(String.format(" %16s %16s %8s", "LFS " + committers + "t /s", "store " + committers
                    + "t /s", "ratio"));
        }
        System.out.println(header);
        double[][] ratios = new double[COMMITTER_COUNTS.length][ROUNDS];
        for (int round = 1; round <= ROUNDS; round++) {
            StringBuilder row = new StringBuilder(String.format("  %-6d", round));
            for (int i = 0; i < COMMITTER_COUNTS.length; i++) {
                double[] rates = commitAndAppendRates(dir, COMMITTER_COUNTS[i], seconds, round % 2 == 1);
                ratios[i][round - 1] = rates[1] / rates[0];
                row.append(String.format(" %16.0f %16.0f %7.3fx", rates[0], rates[1], rates[1] / rates[0]));
            }
            System.out.println(row);
        }
        StringBuilder medians = new StringBuilder("  median store/LFS:");
        for (int i = 0; i < COMMITTER_COUNTS.length; i++) {
            medians.append(String.format(" %d committer(s) %.3fx;", COMMITTER_COUNTS[i], median(ratios[i])));
        }
        System.out.println(medians);
    }

    /**
     * Durable appends per second of a log file and commits per second of a store, {@code threads} threads each,
     * measured in {@link #SLICES} alternating slices so that drift hits both; returns {appends/s, commits/s}.
     * Appenders append a 128-byte record and flush up to its LSN; committers begin, update their two pages, commit.
     */
    static double[] commitAndAppendRates(Path dir, int threads, double seconds, boolean appendsFirst)
            throws Exception {
        Path lfsPath = dir.resolve("commit-lfs-log.img");
        Path logPath = dir.resolve("commit-store-log.img");
        Path dataPath = dir.resolve("commit-store-data.img");
        StoreOptions options = StoreOptions.defaults().withCachePagesMax(2 * COMMITTERS_MAX)
                .withTransactionsMax(COMMITTERS_MAX).withUpdateBytesMax(COMMIT_UPDATE_BYTES);
        try (FileBlockDevice lfsDevice = FileBlockDevice.create(lfsPath, SECTOR_BYTES, COMMIT_LOG_SECTORS);
             LogFile lfs = LogFile.format(lfsDevice, LogOptions.defaults());
             FileBlockDevice log = FileBlockDevice.create(logPath, SECTOR_BYTES, COMMIT_LOG_SECTORS);
             FileBlockDevice data = FileBlockDevice.create(dataPath, SECTOR_BYTES, 2 * COMMITTERS_MAX);
             RecoverableStore store = RecoverableStore.format(log, data, options)) {
            IntFunction<Runnable> appender = t -> {
                byte[] payload = new byte[LFS_RECORD_BYTES];
                return () -> lfs.flush(appendOrCheckpoint(lfs, payload));
            };
            IntFunction<Runnable> committer = t -> {
                byte[] bytes = new byte[COMMIT_UPDATE_BYTES];
                long[] count = {0};
                return () -> {
                    bytes[0] = (byte) count[0]++;
                    Transaction tx = store.begin();
                    tx.update(2L * t, 0, bytes);
                    tx.update(2L * t + 1, 0, bytes);
                    tx.commit();
                };
            };
            double sliceSeconds = seconds / SLICES;
            double[] sums = new double[2];
            for (int slice = 0; slice < SLICES; slice++) {
                boolean appendsNow = appendsFirst == (slice % 2 == 0);
                sums[appendsNow ? 0 : 1] += runThreads(threads, sliceSeconds, appendsNow ? appender : committer);
                sums[appendsNow ? 1 : 0] += runThreads(threads, sliceSeconds, appendsNow ? committer : appender);
            }
            return new double[] {sums[0] / SLICES, sums[1] / SLICES};
        } finally {
            Files.deleteIfExists(lfsPath);
            Files.deleteIfExists(logPath);
            Files.deleteIfExists(dataPath);
        }
    }

    /** On "log full", checkpoint as a client would (advance the start, write the restart area) and retry. */
    static long appendOrCheckpoint(LogFile log, byte[] payload) {
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

    /**
     * Runs {@code threads} threads, each repeating its operation; counts the operations done in {@code seconds} after
     * a warm-up (a quarter of that, at most {@link #WARM_UP_MILLIS_MAX}); returns operations per second.
     */
    static double runThreads(int threads, double seconds, IntFunction<Runnable> operations)
            throws InterruptedException {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(threads);
        List<Thread> started = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Runnable operation = operations.apply(t);
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    while (!stop.get()) {
                        operation.run();
                        done.increment();
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }, "worker-" + t);
            started.add(thread);
            thread.start();
        }
        ready.await();
        Thread.sleep(Math.min(WARM_UP_MILLIS_MAX, (long) (seconds * 250)));
        long first = done.sum();
        long begin = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long count = done.sum() - first;
        double elapsed = (System.nanoTime() - begin) / 1e9;
        stop.set(true);
        for (Thread thread : started) {
            thread.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("worker failed", errors.get(0));
        }
        return count / elapsed;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** A device that remembers how far into it anything was written: how much of the log file the records use. */
    private static final class HighWaterDevice implements BlockDevice {
        private final BlockDevice device;
        private final AtomicLong highWaterBytes = new AtomicLong();

        HighWaterDevice(BlockDevice device) {
            this.device = device;
        }

        long highWaterBytes() {
            return highWaterBytes.get();
        }

        @Override
        public int sectorSizeBytes() {
            return device.sectorSizeBytes();
        }

        @Override
        public long sectorCount() {
            return device.sectorCount();
        }

        @Override
        public void read(long firstSector, ByteBuffer dst) {
            device.read(firstSector, dst);
        }

        @Override
        public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
            long endBytes = firstSector * device.sectorSizeBytes() + src.remaining();
            device.write(firstSector, src, forceUnitAccess);
            highWaterBytes.accumulateAndGet(endBytes, Math::max);
        }

        @Override
        public void flush() {
            device.flush();
        }

        @Override
        public void close() {
            device.close();
        }
    }
}
