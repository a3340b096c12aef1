package txstack.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionMap;
import org.h2.mvstore.tx.TransactionStore;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;
import txstack.implementation.disk.DeviceSlice;
import txstack.implementation.disk.FileBlockDevice;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.LogFullException;
import txstack.implementation.lfs.LogOptions;

/**
 * Durable 128-byte records per second of the log file service beside the engines a user would pick instead, all
 * measured in the same run on the same file system, with 1 committer and with 64 (threads, each writing a record
 * and waiting until that record is durable before the next):
 * <ul>
 *   <li><b>raw</b>: one thread writes one 4 KiB sector (the log's page unit: a log page is one device sector here)
 *       holding the record and forces it ({@link FileBlockDevice#write} with force-unit-access = write +
 *       {@code force(false)}), at successive sectors of its region of the <em>same preallocated file</em> the logs
 *       use ({@link FileBlockDevice#create} writes the file's zeros once, before the run). It is the bound for 1
 *       committer; raw x 64 is the bound for 64 committers (one force carrying 64 records).</li>
 *   <li><b>log</b>: {@link LogFile#append} then {@link LogFile#flush} of that record's LSN (group commit across
 *       committers), on a region of that file ({@link DeviceSlice}), formatted afresh each round.</li>
 *   <li><b>RocksDB</b>: {@code put} of a 12-byte key and the record with {@code WriteOptions.setSync(true)} (its WAL
 *       fsynced before the put returns; RocksDB groups concurrent writers itself), a fresh database each round.</li>
 *   <li><b>H2</b>: an MVStore with auto-commit disabled and a {@link TransactionStore}; each record is one
 *       transaction ({@code begin}, {@code put}, {@code commit}) followed by {@code store.commit()} (writes a
 *       chunk) and {@code store.sync()} (forces the file): MVStore has no log of its own, so this is the way to
 *       make one transaction durable before returning. Concurrent committers share a chunk when their changes
 *       land in the same {@code store.commit()}, but each forces the file. A fresh store each round.</li>
 * </ul>
 * The file: raw's region {@link #RAW_SECTORS}, then the 1-committer log's {@link #LOG_1_SECTORS}, then the
 * 64-committer log's {@link #LOG_N_SECTORS}; each round opens all seven engines and runs each for {@code seconds}
 * in total, cut into {@link #SLICES} slices whose order turns and reverses from slice to slice, so the noise of
 * this shared machine (the raw rate alone moves 2x within minutes) hits every engine alike. One warm-up round
 * (shown, left out of the medians), then {@link #ROUNDS} rounds. Nothing about speed is asserted. After each round,
 * outside the timed part, each engine is closed, reopened and checked: the raw region's last sector is read back;
 * each log is scanned (each committer's sequence numbers complete and in order); RocksDB's and H2's keys are
 * counted; each must hold exactly the records committed.
 *
 * <p>Beside each rate, the table gives the share of the machine's cores the process kept busy while that engine
 * ran (process CPU time over wall time times cores): where the log's 64 committers keep every core busy, the log is
 * CPU-bound, and the same run in a directory whose force costs nothing (a tmpfs such as {@code /dev/shm}, given as
 * the second argument) measures that CPU-bound rate.
 *
 * <p>Run: {@code bench/run-peers [seconds [directory]]} (builds, finds a JDK 21+, passes {@code --enable-native-access} for
 * RocksDB).
 */
public final class PeerBench {
    private static final int RECORD_BYTES = 128;
    private static final int SECTOR_BYTES = 4096;
    private static final long RAW_SECTORS = (32L << 20) / SECTOR_BYTES;
    private static final long LOG_1_SECTORS = (32L << 20) / SECTOR_BYTES;
    /** 128 MiB: about 0.9 M records a round; more fails with "log full", never a wrap. */
    private static final long LOG_N_SECTORS = (128L << 20) / SECTOR_BYTES;
    private static final long DEVICE_SECTORS = RAW_SECTORS + LOG_1_SECTORS + LOG_N_SECTORS;
    private static final int MANY = 64;
    private static final int ROUNDS = 3;
    private static final int WARM_UP_ROUNDS = 1;
    private static final int SLICES = 4;
    private static final double SECONDS_MAX = 30;
    private static final long JOIN_TIMEOUT_MILLIS = 60_000;
    private static final String H2_MAP = "bench";
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private enum Engine { RAW, LOG, ROCKSDB, H2 }

    private record Measurement(Engine engine, int committers) {
        String label() {
            return engine.name().toLowerCase(java.util.Locale.ROOT) + " x" + committers;
        }
    }

    private static final List<Measurement> MEASUREMENTS = List.of(new Measurement(Engine.RAW, 1),
            new Measurement(Engine.LOG, 1), new Measurement(Engine.ROCKSDB, 1), new Measurement(Engine.H2, 1),
            new Measurement(Engine.LOG, MANY), new Measurement(Engine.ROCKSDB, MANY),
            new Measurement(Engine.H2, MANY));

    private PeerBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        if (!(seconds > 0 && seconds <= SECONDS_MAX) || args.length > 2) {
            throw new IllegalArgumentException("usage: PeerBench [seconds in (0, " + SECONDS_MAX + "] [directory]]: "
                    + "seconds=" + seconds + " arguments=" + args.length);
        }
        if (args.length == 2 && !Files.isDirectory(Path.of(args[1]))) {
            throw new IllegalArgumentException("not a directory: " + args[1]);
        }
        if (OS.getProcessCpuTime() < 0) {
            throw new IllegalStateException("this JVM does not report the process's CPU time");
        }
        RocksDB.loadLibrary();
        Path dir = args.length == 2 ? Files.createTempDirectory(Path.of(args[1]), "txstack-peer-bench")
                : Files.createTempDirectory("txstack-peer-bench");
        Path deviceFile = dir.resolve("log.img");
        System.out.printf("peer benchmark: %d B records, each durable before its committer's next; raw = %d B "
                + "sector write + force(false), 1 thread, on the logs' preallocated %d MiB file; %s s per engine "
                + "per round in %d alternating slices; %d rounds after %d warm-up round; dir=%s%n", RECORD_BYTES,
                SECTOR_BYTES, DEVICE_SECTORS * SECTOR_BYTES >> 20, seconds, SLICES, ROUNDS, WARM_UP_ROUNDS, dir);
        try {
            FileBlockDevice.create(deviceFile, SECTOR_BYTES, DEVICE_SECTORS).close();
            int columns = WARM_UP_ROUNDS + ROUNDS;
            double[][] rates = new double[MEASUREMENTS.size()][columns];
            double[][] busy = new double[MEASUREMENTS.size()][columns];
            for (int column = 0; column < columns; column++) {
                Path work = Files.createDirectory(dir.resolve("round-" + column));
                round(column, deviceFile, work, seconds, rates, busy);
                deleteTree(work);
            }
            printTable(rates, busy);
        } finally {
            deleteTree(dir);
        }
    }

    /** Measurement indexes for a slice: turned by the slice's number, reversed every other slice. */
    private static List<Integer> order(int slice) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < MEASUREMENTS.size(); i++) {
            order.add((i + slice) % MEASUREMENTS.size());
        }
        if (slice % 2 == 1) {
            Collections.reverse(order);
        }
        return order;
    }

    private static String roundLabel(int column) {
        return column < WARM_UP_ROUNDS ? "warm" : Integer.toString(column - WARM_UP_ROUNDS + 1);
    }

    /**
     * One round: every engine opened, run in alternating slices, closed, then (untimed) reopened and checked to hold
     * exactly what was committed. Fills column {@code column} of {@code rates} (records/s per measurement) and of
     * {@code busy} (the share of all cores the process kept busy meanwhile).
     */
    private static void round(int column, Path deviceFile, Path work, double seconds, double[][] rates,
                              double[][] busy) throws Exception {
        int count = MEASUREMENTS.size();
        Target[] targets = new Target[count];
        long[][] nextSeq = new long[count][];
        long[] windowRecords = new long[count];
        double[] windowSeconds = new double[count];
        double[] windowCpuSeconds = new double[count];
        FileBlockDevice device = FileBlockDevice.open(deviceFile, SECTOR_BYTES);
        try {
            for (int m = 0; m < count; m++) {
                targets[m] = open(MEASUREMENTS.get(m), device, deviceFile, work.resolve("m" + m));
                nextSeq[m] = new long[MEASUREMENTS.get(m).committers()];
            }
            for (int slice = 0; slice < SLICES; slice++) {
                for (int m : order(column * SLICES + slice)) {
                    Window window = run(targets[m], seconds / SLICES, nextSeq[m]);
                    windowRecords[m] += window.records();
                    windowSeconds[m] += window.seconds();
                    windowCpuSeconds[m] += window.cpuSeconds();
                }
            }
        } finally {
            for (Target target : targets) {
                if (target != null) {
                    target.close();
                }
            }
            device.close();
        }
        for (int m = 0; m < count; m++) {
            long committed = Arrays.stream(nextSeq[m]).sum();
            long held = targets[m].reopenAndCount();
            String label = MEASUREMENTS.get(m).label();
            if (held != committed) {
                throw new IllegalStateException("check failed: measurement=" + label + " round="
                        + roundLabel(column) + " committed=" + committed + " held=" + held);
            }
            rates[m][column] = windowRecords[m] / windowSeconds[m];
            busy[m][column] = windowCpuSeconds[m] / (windowSeconds[m] * CORES);
            System.out.printf("  round %-4s %-11s %9.0f records/s, cores %3.0f%% busy  (%d committed, %d found after "
                    + "reopen)%n", roundLabel(column), label, rates[m][column], 100 * busy[m][column], committed, held);
        }
    }

    private static Target open(Measurement m, FileBlockDevice device, Path deviceFile, Path dir) throws Exception {
        Files.createDirectories(dir);
        return switch (m.engine()) {
            case RAW -> new RawTarget(device, deviceFile);
            case LOG -> m.committers() == 1
                    ? new LogTarget(device, deviceFile, RAW_SECTORS, LOG_1_SECTORS, 1)
                    : new LogTarget(device, deviceFile, RAW_SECTORS + LOG_1_SECTORS, LOG_N_SECTORS, m.committers());
            case ROCKSDB -> new RocksTarget(dir);
            case H2 -> new H2Target(dir);
        };
    }

    /** Records made durable inside the timed window, its length, and the process's CPU time in it. */
    private record Window(long records, double seconds, double cpuSeconds) {
    }

    /**
     * {@code nextSeq.length} threads, committer {@code t}: make record (t, nextSeq[t]) durable, nextSeq[t]++, until
     * stopped; each finishes the record it is on, so nextSeq ends as the count of records it committed.
     */
    private static Window run(Target target, double seconds, long[] nextSeq) throws Exception {
        int committers = nextSeq.length;
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(committers);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < committers; t++) {
            int committer = t;
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    while (!stop.get()) {
                        long seq = nextSeq[committer];
                        target.commit(committer, seq, record(committer, seq));
                        nextSeq[committer] = seq + 1;
                        done.increment();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "committer-" + t);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        long begin = System.nanoTime();
        long cpuBegin = OS.getProcessCpuTime();
        Thread.sleep((long) (seconds * 1000));
        long records = done.sum();
        double cpuSeconds = (OS.getProcessCpuTime() - cpuBegin) / 1e9;
        double elapsedSeconds = (System.nanoTime() - begin) / 1e9;
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(JOIN_TIMEOUT_MILLIS); // join also publishes the thread's nextSeq writes
            if (thread.isAlive()) {
                throw new IllegalStateException("committer did not stop: thread=" + thread.getName()
                        + " timeoutMillis=" + JOIN_TIMEOUT_MILLIS);
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("committer failed", errors.get(0));
        }
        return new Window(records, elapsedSeconds, cpuSeconds);
    }

    /** The record: committer (int32) and sequence number (int64) little-endian, then a fixed filler. */
    private static byte[] record(int committer, long seq) {
        byte[] record = new byte[RECORD_BYTES];
        Arrays.fill(record, (byte) 0x5A);
        ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).putInt(0, committer).putLong(Integer.BYTES, seq);
        return record;
    }

    private static byte[] key(int committer, long seq) {
        return ByteBuffer.allocate(Integer.BYTES + Long.BYTES).putInt(committer).putLong(seq).array();
    }

    /** One engine opened for one round. */
    private interface Target {
        /** Returns once the record is durable. */
        void commit(int committer, long seq, byte[] record) throws Exception;

        void close() throws Exception;

        /** After {@link #close}: reopens the engine's files and returns how many records they hold. */
        long reopenAndCount() throws Exception;
    }

    /** Sector write + force on the first {@link #RAW_SECTORS} of the file, one thread, at successive sectors. */
    private static final class RawTarget implements Target {
        private final Path file;
        private final DeviceSlice region;
        private final ByteBuffer sector = ByteBuffer.allocateDirect(SECTOR_BYTES);
        private long written;

        RawTarget(FileBlockDevice device, Path file) {
            this.file = file;
            this.region = new DeviceSlice(device, 0, RAW_SECTORS);
        }

        @Override
        public void commit(int committer, long seq, byte[] record) {
            sector.clear();
            sector.put(record).clear();
            region.write(seq % RAW_SECTORS, sector, true);
            written = seq + 1;
        }

        @Override
        public void close() {
            // the region does not own the file's device; the round closes it
        }

        /** Reads the last sector written back: it must hold the last record, whose seq + 1 is the count. */
        @Override
        public long reopenAndCount() {
            if (written == 0) {
                return 0;
            }
            try (FileBlockDevice reopened = FileBlockDevice.open(file, SECTOR_BYTES)) {
                ByteBuffer back = ByteBuffer.allocate(SECTOR_BYTES);
                reopened.read((written - 1) % RAW_SECTORS, back);
                byte[] record = Arrays.copyOf(back.array(), RECORD_BYTES);
                return Arrays.equals(record, record(0, written - 1)) ? written : -1;
            }
        }
    }

    /** The log file service on a region of the file, formatted afresh. */
    private static final class LogTarget implements Target {
        private final Path file;
        private final long firstSector;
        private final long sectorCount;
        private final int committers;
        private final LogFile log;

        LogTarget(FileBlockDevice device, Path file, long firstSector, long sectorCount, int committers) {
            this.file = file;
            this.firstSector = firstSector;
            this.sectorCount = sectorCount;
            this.committers = committers;
            this.log = LogFile.format(new DeviceSlice(device, firstSector, sectorCount), LogOptions.defaults());
        }

        @Override
        public void commit(int committer, long seq, byte[] record) {
            long lsn;
            try {
                lsn = log.append(record);
            } catch (LogFullException e) {
                throw new IllegalStateException("log full within one round: shorten it or give the log more "
                        + "sectors: sectorCount=" + sectorCount, e);
            }
            log.flush(lsn);
        }

        @Override
        public void close() {
            log.close();
        }

        /** Scans the reopened log: each committer's records must come as seq 0, 1, 2, ... with nothing else. */
        @Override
        public long reopenAndCount() {
            long[] next = new long[committers];
            try (FileBlockDevice reopened = FileBlockDevice.open(file, SECTOR_BYTES);
                 LogFile back = LogFile.open(new DeviceSlice(reopened, firstSector, sectorCount),
                         LogOptions.defaults())) {
                back.scanForward(back.startLsn(), back.endLsn(), (lsn, payload) -> {
                    ByteBuffer p = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                    int committer = p.getInt(0);
                    long seq = p.getLong(Integer.BYTES);
                    if (payload.remaining() != RECORD_BYTES || committer < 0 || committer >= committers
                            || seq != next[committer]) {
                        throw new IllegalStateException("log read back wrong: lsn=" + lsn + " committer="
                                + committer + " seq=" + seq + " payloadBytes=" + payload.remaining());
                    }
                    next[committer]++;
                });
            }
            return Arrays.stream(next).sum();
        }
    }

    /** RocksDB, WAL fsynced on every put. */
    private static final class RocksTarget implements Target {
        private final Path dir;
        private final Options options = new Options().setCreateIfMissing(true);
        private final WriteOptions sync = new WriteOptions().setSync(true);
        private final RocksDB db;

        RocksTarget(Path work) throws Exception {
            this.dir = work.resolve("rocksdb");
            this.db = RocksDB.open(options, dir.toString());
        }

        @Override
        public void commit(int committer, long seq, byte[] record) throws Exception {
            db.put(sync, key(committer, seq), record);
        }

        @Override
        public void close() {
            db.close();
            sync.close();
            options.close();
        }

        @Override
        public long reopenAndCount() throws Exception {
            long count = 0;
            try (Options reopen = new Options(); RocksDB back = RocksDB.open(reopen, dir.toString());
                 RocksIterator it = back.newIterator()) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    if (it.value().length != RECORD_BYTES) {
                        throw new IllegalStateException("RocksDB value wrong: valueBytes=" + it.value().length);
                    }
                    count++;
                }
                it.status();
            }
            return count;
        }
    }

    /** H2 MVStore with a TransactionStore: a transaction per record, then store.commit() and store.sync(). */
    private static final class H2Target implements Target {
        private final String fileName;
        private final MVStore store;
        private final TransactionStore transactions;

        H2Target(Path work) {
            this.fileName = work.resolve("h2.mv.db").toString();
            this.store = new MVStore.Builder().fileName(fileName).autoCommitDisabled().open();
            this.transactions = new TransactionStore(store);
            transactions.init();
        }

        @Override
        public void commit(int committer, long seq, byte[] record) {
            Transaction tx = transactions.begin();
            TransactionMap<Long, byte[]> map = tx.openMap(H2_MAP);
            map.put(((long) committer << 40) | seq, record);
            tx.commit();
            store.commit();
            store.sync();
        }

        @Override
        public void close() {
            transactions.close();
            store.close();
        }

        @Override
        public long reopenAndCount() {
            MVStore back = new MVStore.Builder().fileName(fileName).autoCommitDisabled().open();
            try {
                TransactionStore reopened = new TransactionStore(back);
                reopened.init();
                Transaction tx = reopened.begin();
                TransactionMap<Long, byte[]> map = tx.openMap(H2_MAP);
                long count = map.sizeAsLong();
                tx.commit();
                reopened.close();
                return count;
            } finally {
                back.close();
            }
        }
    }

    // ---- the table -------------------------------------------------------------------------------------------

    private static final int RAW = 0;
    private static final int LOG_1 = 1;
    private static final int ROCKS_1 = 2;
    private static final int H2_1 = 3;
    private static final int LOG_N = 4;
    private static final int ROCKS_N = 5;
    private static final int H2_N = 6;

    private static void printTable(double[][] rates, double[][] busy) {
        int columns = WARM_UP_ROUNDS + ROUNDS;
        StringBuilder header = new StringBuilder(String.format("%-26s", ""));
        for (int c = 0; c < columns; c++) {
            header.append(String.format(" %9s", c < WARM_UP_ROUNDS ? "warm" : "round " + roundLabel(c)));
        }
        header.append(String.format(" %9s %9s %9s", "median", "min", "max"));
        System.out.println();
        System.out.println("durable records/s" + header.substring("durable records/s".length()));
        String[] names = {"raw write+force x1", "log x1", "RocksDB x1", "H2 x1", "log x64", "RocksDB x64",
            "H2 x64"};
        for (int m = 0; m < MEASUREMENTS.size(); m++) {
            printRow(names[m], rates[m], "%9.0f");
        }
        System.out.println("ratios" + header.substring("ratios".length()));
        printRow("log/raw x1", divide(rates[LOG_1], rates[RAW], 1), "%9.3f");
        printRow("log/RocksDB x1", divide(rates[LOG_1], rates[ROCKS_1], 1), "%9.3f");
        printRow("log/H2 x1", divide(rates[LOG_1], rates[H2_1], 1), "%9.3f");
        printRow("RocksDB/raw x1", divide(rates[ROCKS_1], rates[RAW], 1), "%9.3f");
        printRow("H2/raw x1", divide(rates[H2_1], rates[RAW], 1), "%9.3f");
        printRow("log x64/raw", divide(rates[LOG_N], rates[RAW], 1), "%9.3f");
        printRow("log x64/(raw x 64)", divide(rates[LOG_N], rates[RAW], MANY), "%9.3f");
        printRow("log/RocksDB x64", divide(rates[LOG_N], rates[ROCKS_N], 1), "%9.3f");
        printRow("log/H2 x64", divide(rates[LOG_N], rates[H2_N], 1), "%9.3f");
        printRow("RocksDB x64/raw", divide(rates[ROCKS_N], rates[RAW], 1), "%9.3f");
        printRow("RocksDB x64/(raw x 64)", divide(rates[ROCKS_N], rates[RAW], MANY), "%9.3f");
        printRow("H2 x64/raw", divide(rates[H2_N], rates[RAW], 1), "%9.3f");
        printRow("H2 x64/(raw x 64)", divide(rates[H2_N], rates[RAW], MANY), "%9.3f");
        System.out.println("cores busy, %" + header.substring("cores busy, %".length()));
        for (int m = 0; m < MEASUREMENTS.size(); m++) {
            double[] percent = Arrays.stream(busy[m]).map(b -> 100 * b).toArray();
            printRow(names[m], percent, "%9.0f");
        }
        System.out.printf("(ratios are per round, both rates from the same round; median, min and max over the %d "
                + "rounds after the warm-up; cores busy: the process's CPU time over wall time x %d cores)%n", ROUNDS,
                CORES);
    }

    private static double[] divide(double[] numerators, double[] denominators, int denominatorFactor) {
        double[] ratios = new double[numerators.length];
        for (int c = 0; c < ratios.length; c++) {
            ratios[c] = numerators[c] / (denominators[c] * denominatorFactor);
        }
        return ratios;
    }

    private static void printRow(String name, double[] values, String format) {
        StringBuilder row = new StringBuilder(String.format("  %-24s", name));
        for (double value : values) {
            row.append(' ').append(String.format(format, value));
        }
        double[] measured = Arrays.copyOfRange(values, WARM_UP_ROUNDS, values.length);
        Arrays.sort(measured);
        row.append(' ').append(String.format(format, measured[measured.length / 2]));
        row.append(' ').append(String.format(format, measured[0]));
        row.append(' ').append(String.format(format, measured[measured.length - 1]));
        System.out.println(row);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
