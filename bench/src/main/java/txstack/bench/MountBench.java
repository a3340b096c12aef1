package txstack.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import txstack.implementation.disk.FileBlockDevice;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.fs.FsOptions;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.mount.Hsm;
import txstack.implementation.mount.MountManager;
import txstack.implementation.mount.MountPaths;
import txstack.implementation.mount.OfflineStore;
import txstack.implementation.mount.VolumeId;
import txstack.implementation.txr.Registry;
import txstack.implementation.txr.RegistryOptions;

/**
 * The mount layer on file-backed devices (4 KiB sectors, default file-system options), each measurement a ratio
 * over a yardstick measured in the same round, in alternating slices so drift hits both:
 * <ol>
 *   <li><b>path resolution</b>: {@link MountPaths#open} of a small file, one thread, through 1 mount point
 *       ({@code C:\m1\f.txt}, m1 mounting volume 2) and through a chain of 4 ({@code C:\m1\m2\m3\m4\f.txt} across 5
 *       volumes), over the open of {@code C:\f.txt} (no mount point);</li>
 *   <li><b>recall</b>: {@link Hsm#migrateOffline} of a {@code fileMiB} (default 4) MiB file to an {@link
 *       OfflineStore} on a file system of its own, then {@link MountPaths#open} of it, which recalls it (copy read,
 *       data written back and flushed, reparse point removed, copy deleted) and returns its data: MB/s of that open,
 *       over the open of an online file of the same size on the same volume (its whole data read through the file
 *       system). The migration is timed apart and shown too.</li>
 * </ol>
 * A fresh set of devices every round; a warm-up round first, shown but left out of the medians. Nothing is asserted
 * about speed; the mount counts of the paths and the recalled bytes are checked (outside the timed part) so a wrong
 * setup cannot pass as fast.
 *
 * <p>Run: {@code bench/run-mount [seconds] [fileMiB]} (finds a JDK 21+).
 */
public final class MountBench {
    private static final int SECTOR_BYTES = 4096;
    private static final int ROUNDS = 3;
    /**
     * Rounds run and shown first but left out of the medians: in the first round the JIT is still compiling the
     * mount and file-system paths (a first run showed opens/s 10x below the later rounds and ratios near 1).
     */
    private static final int WARM_UP_ROUNDS = 1;
    private static final int SLICES = 4;
    private static final long MIB = 1 << 20;
    private static final int SMALL_FILE_BYTES = 128;
    private static final int CHAIN_VOLUMES = 5;
    private static final int DEFAULT_FILE_MIB = 4;
    private static final int FILE_MIB_MAX = MountManager.FILE_BYTES_MAX / (1 << 20) - 1;
    private static final long LOG_SECTORS = (16L << 20) / SECTOR_BYTES;
    private static final long HIVE_SECTORS = (16L << 20) / SECTOR_BYTES;
    private static final long SMALL_VOLUME_SECTORS = (16L << 20) / SECTOR_BYTES;
    /** Migrate + recall cycles at least in a slice, however long one takes. */
    private static final int RECALLS_PER_SLICE_MIN = 2;
    private static final String[] PATHS = {"C:\\f.txt", "C:\\m1\\f.txt", "C:\\m1\\m2\\m3\\m4\\f.txt"};
    private static final int[] MOUNT_POINTS = {0, 1, 4};
    private static final String RECALLED = "R:\\offline.bin";
    private static final String ONLINE = "R:\\online.bin";

    private MountBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        int fileMiB = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_FILE_MIB;
        if (seconds <= 0 || seconds > 600 || fileMiB < 1 || fileMiB > FILE_MIB_MAX) {
            throw new IllegalArgumentException("usage: MountBench [seconds in (0, 600]] [fileMiB in 1.."
                    + FILE_MIB_MAX + "]: seconds=" + seconds + " fileMiB=" + fileMiB);
        }
        Path dir = Files.createTempDirectory("txstack-mount-bench");
        try {
            openRounds(dir, seconds);
            recallRounds(dir, seconds, fileMiB);
        } finally {
            deleteTree(dir);
        }
    }

    /** "warm" for the warm-up round (left out of the median), else the round's number from 1. */
    private static String roundLabel(int round) {
        return round < 0 ? "warm" : Integer.toString(round + 1);
    }

    private static void openRounds(Path dir, double seconds) throws Exception {
        System.out.printf("path resolution: MountPaths.open of a %d B file through 0, 1 and 4 mount points (%d "
                + "volumes), one thread; %s s per measurement in %d alternating slices; %d rounds after %d "
                + "warm-up round%n", SMALL_FILE_BYTES, CHAIN_VOLUMES, seconds, SLICES, ROUNDS, WARM_UP_ROUNDS);
        System.out.printf("  %-6s %12s %12s %12s %10s %10s%n", "round", "0 mp open/s", "1 mp open/s", "4 mp open/s",
                "1mp/0mp", "4mp/0mp");
        double[][] ratios = new double[2][ROUNDS];
        for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
            Path roundDir = Files.createDirectory(dir.resolve("open-" + (round + WARM_UP_ROUNDS)));
            try (Stack stack = new Stack(roundDir, 0)) {
                double[] opens = openRates(stack.paths, seconds);
                System.out.printf("  %-6s %12.0f %12.0f %12.0f %9.3fx %9.3fx%n", roundLabel(round), opens[0],
                        opens[1], opens[2], opens[1] / opens[0], opens[2] / opens[0]);
                if (round >= 0) {
                    ratios[0][round] = opens[1] / opens[0];
                    ratios[1][round] = opens[2] / opens[0];
                }
            }
            deleteTree(roundDir);
        }
        System.out.printf("  median: open through 1 mount point %.3fx, through 4 %.3fx of the open through none%n",
                RecoveryBench.median(ratios[0]), RecoveryBench.median(ratios[1]));
    }

    private static void recallRounds(Path dir, double seconds, int fileMiB) throws Exception {
        System.out.printf("recall: a %d MiB file migrated offline (Hsm.migrateOffline), then opened (the open "
                + "recalls it); plain = MountPaths.open of an online %d MiB file on the same volume; %s s per "
                + "measurement in %d alternating slices; %d rounds after %d warm-up round%n", fileMiB, fileMiB,
                seconds, SLICES, ROUNDS, WARM_UP_ROUNDS);
        System.out.printf("  %-6s %13s %13s %10s %13s %10s%n", "round", "plain MB/s", "recall MB/s", "rec/plain",
                "migrate MB/s", "mig/plain");
        double[][] ratios = new double[2][ROUNDS];
        for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
            Path roundDir = Files.createDirectory(dir.resolve("recall-" + (round + WARM_UP_ROUNDS)));
            try (Stack stack = new Stack(roundDir, fileMiB)) {
                double[] mbs = recallRates(stack, fileMiB * MIB, seconds);
                System.out.printf("  %-6s %13.0f %13.0f %9.3fx %13.0f %9.3fx%n", roundLabel(round), mbs[0], mbs[1],
                        mbs[1] / mbs[0], mbs[2], mbs[2] / mbs[0]);
                if (round >= 0) {
                    ratios[0][round] = mbs[1] / mbs[0];
                    ratios[1][round] = mbs[2] / mbs[0];
                }
            }
            deleteTree(roundDir);
        }
        System.out.printf("  median: recall %.3fx, migrate %.3fx of a plain open%n", RecoveryBench.median(ratios[0]),
                RecoveryBench.median(ratios[1]));
    }

    /** Opens/s of {@link #PATHS} (0, 1, 4 mount points), in alternating slices. */
    private static double[] openRates(MountPaths paths, double seconds) throws InterruptedException {
        for (int k = 0; k < PATHS.length; k++) {
            int reparses = paths.resolve(PATHS[k]).reparseCount();
            if (reparses != MOUNT_POINTS[k] || paths.open(PATHS[k]).data().length != SMALL_FILE_BYTES) {
                throw new IllegalStateException("setup wrong: path=" + PATHS[k] + " reparses=" + reparses
                        + " expected=" + MOUNT_POINTS[k]);
            }
        }
        double slice = seconds / SLICES;
        double[] sums = new double[PATHS.length];
        for (int s = 0; s < SLICES; s++) {
            for (int k = 0; k < PATHS.length; k++) {
                int kind = (k + s) % PATHS.length;
                String path = PATHS[kind];
                IntFunction<Runnable> opener = t -> () -> blackhole(paths.open(path).data()[0]);
                sums[kind] += RecoveryBench.runThreads(1, slice, opener);
            }
        }
        return new double[] {sums[0] / SLICES, sums[1] / SLICES, sums[2] / SLICES};
    }

    /** {plain open MB/s, recall open MB/s, migrate MB/s}, recalls and plain opens in alternating slices. */
    private static double[] recallRates(Stack stack, long fileBytes, double seconds) {
        long sliceNanos = (long) (seconds / SLICES * 1e9);
        Timed plain = new Timed();
        Timed recall = new Timed();
        Timed migrate = new Timed();
        plainSlice(stack.paths, sliceNanos / 4, new Timed()); // warm-up
        recallSlice(stack, sliceNanos / 4, new Timed(), new Timed());
        for (int s = 0; s < SLICES; s++) {
            if (s % 2 == 0) {
                plainSlice(stack.paths, sliceNanos, plain);
                recallSlice(stack, sliceNanos, recall, migrate);
            } else {
                recallSlice(stack, sliceNanos, recall, migrate);
                plainSlice(stack.paths, sliceNanos, plain);
            }
        }
        return new double[] {plain.mbPerSecond(fileBytes), recall.mbPerSecond(fileBytes),
                migrate.mbPerSecond(fileBytes)};
    }

    private static void plainSlice(MountPaths paths, long sliceNanos, Timed plain) {
        long end = System.nanoTime() + sliceNanos;
        do {
            long begin = System.nanoTime();
            byte[] data = paths.open(ONLINE).data();
            plain.add(System.nanoTime() - begin);
            blackhole(data[data.length - 1]);
        } while (System.nanoTime() < end);
    }

    /** Migrate (timed in {@code migrate}) then recall by open (timed in {@code recall}), until the slice ends. */
    private static void recallSlice(Stack stack, long sliceNanos, Timed recall, Timed migrate) {
        long end = System.nanoTime() + sliceNanos;
        int cycles = 0;
        while (cycles < RECALLS_PER_SLICE_MIN || System.nanoTime() < end) {
            long begin = System.nanoTime();
            stack.hsm.migrateOffline(RECALLED);
            migrate.add(System.nanoTime() - begin);
            begin = System.nanoTime();
            MountPaths.Opened opened = stack.paths.open(RECALLED);
            recall.add(System.nanoTime() - begin);
            if (!opened.recalled() || !Arrays.equals(opened.data(), stack.recalledData)) {
                throw new IllegalStateException("recall wrong: recalled=" + opened.recalled() + " bytes="
                        + opened.data().length + " expected=" + stack.recalledData.length);
            }
            cycles++;
        }
    }

    /** Operations counted with their summed time. */
    private static final class Timed {
        private long count;
        private long nanos;

        void add(long elapsedNanos) {
            count++;
            nanos += elapsedNanos;
        }

        double mbPerSecond(long bytesEach) {
            return count * (double) bytesEach / 1e6 / (nanos / 1e9);
        }
    }

    /**
     * The registry, the transaction manager and the mount manager, then with {@code fileMiB} 0 volumes 1..5 (C: and
     * four reached by volume name) chained by mount points, else volume R: with the two {@code fileMiB} MiB files and
     * an HSM with its offline store on a file system of its own.
     */
    private static final class Stack implements AutoCloseable {
        private final Deque<AutoCloseable> opened = new ArrayDeque<>();
        private final Path dir;
        final MountPaths paths;
        final Hsm hsm;
        final byte[] recalledData;

        Stack(Path dir, int fileMiB) {
            this.dir = dir;
            try {
                Registry registry = Registry.format(device("hive-log", LOG_SECTORS), device("hive", HIVE_SECTORS),
                        RegistryOptions.defaults());
                opened.push(registry);
                TransactionManager tm = TransactionManager.format(device("tm-log", LOG_SECTORS),
                        LogOptions.defaults());
                opened.push(tm);
                tm.register(registry);
                MountManager mounts = MountManager.open(registry, tm);
                paths = mounts.paths();
                if (fileMiB == 0) {
                    chain(mounts);
                    hsm = null;
                    recalledData = null;
                } else {
                    long bigSectors = (8 * fileMiB * MIB + 32 * MIB) / SECTOR_BYTES;
                    mounts.volumeArrives(VolumeId.basic(100, 0), 'R', volume("volume-r", bigSectors));
                    hsm = new Hsm(mounts, OfflineStore.open(volume("offline-store", bigSectors)));
                    recalledData = new byte[(int) (fileMiB * MIB)];
                    new SplittableRandom(1).nextBytes(recalledData);
                    for (String path : new String[] {RECALLED, ONLINE}) {
                        paths.createFile(path);
                        paths.writeFile(path, recalledData);
                    }
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /** C:\f.txt; C:\m1 mounts volume 2, volume k's \mk mounts volume k+1; every volume has \f.txt. */
        private void chain(MountManager mounts) {
            byte[] small = new byte[SMALL_FILE_BYTES];
            String[] names = new String[CHAIN_VOLUMES + 1];
            for (int v = 1; v <= CHAIN_VOLUMES; v++) {
                FileSystem fs = volume("volume-" + v, SMALL_VOLUME_SECTORS);
                names[v] = mounts.volumeArrives(VolumeId.basic(v, 0), v == 1 ? 'C' : MountManager.NO_LETTER, fs)
                        .volumeName();
                paths.createFile(names[v] + "\\f.txt");
                paths.writeFile(names[v] + "\\f.txt", small);
            }
            for (int v = 1; v < CHAIN_VOLUMES; v++) {
                String point = names[v] + "\\m" + v;
                paths.createDirectory(point);
                paths.createMountPoint(point, names[v + 1]);
            }
        }

        private FileBlockDevice device(String name, long sectors) {
            FileBlockDevice d = FileBlockDevice.create(dir.resolve(name + ".img"), SECTOR_BYTES, sectors);
            opened.push(d);
            return d;
        }

        private FileSystem volume(String name, long sectors) {
            FileSystem fs = FileSystem.format(device(name, sectors), FsOptions.defaults());
            opened.push(fs::close);
            return fs;
        }

        @Override
        public void close() {
            RuntimeException first = null;
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception e) {
                    if (first == null) {
                        first = new IllegalStateException("close failed: dir=" + dir, e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    private static volatile long sink;

    private static void blackhole(long value) {
        sink += value;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
