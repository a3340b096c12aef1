package txstack.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import txstack.implementation.disk.FileBlockDevice;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.fs.FsOptions;
import txstack.implementation.ktm.Transaction;
import txstack.implementation.ktm.TransactionManager;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.txf.TransactionalFileSystem;
import txstack.implementation.txr.Registry;
import txstack.implementation.txr.RegistryOptions;

/**
 * Transactions per second of the kernel transaction manager with TxF and TxR on file-backed devices, as ratios over
 * the LFS's durable appends (128-byte append + flush) measured in the same round, in alternating slices: two-phase
 * transactions (one 128-byte file write and one 128-byte registry value each, every client its own file and value)
 * and single-phase ones (the file write only), with 1 and 64 clients. Speeds are measured here, never asserted.
 * Usage: {@code bench/run-ktm [seconds]}.
 */
public final class KtmBench {
    private static final int SECTOR_BYTES = 4096;
    private static final int ROUNDS = 3;
    private static final int SLICES = 4;
    private static final int RECORD_BYTES = 128;
    private static final int[] CLIENT_COUNTS = {1, 64};
    private static final long LOG_SECTORS = (64L << 20) / SECTOR_BYTES;
    private static final long VOLUME_SECTORS = (256L << 20) / SECTOR_BYTES;
    private static final long HIVE_SECTORS = (64L << 20) / SECTOR_BYTES;

    private KtmBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        Path dir = Files.createTempDirectory("txstack-ktm-bench");
        System.out.printf("transaction benchmark: 2PC = a %d B file write + a %d B registry value, 1PC = the file "
                        + "write only, each client its own file and value; over LFS durable appends of %d B; %s s "
                        + "per measurement in %d alternating slices; %d rounds%n", RECORD_BYTES, RECORD_BYTES,
                RECORD_BYTES, seconds, SLICES, ROUNDS);
        System.out.printf("  %-6s %8s %12s %12s %12s %9s %9s%n", "round", "clients", "LFS /s", "2PC tx/s",
                "1PC tx/s", "2PC/LFS", "1PC/LFS");
        double[][][] ratios = new double[CLIENT_COUNTS.length][2][ROUNDS];
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                for (int i = 0; i < CLIENT_COUNTS.length; i++) {
                    double[] r = rates(dir, CLIENT_COUNTS[i], seconds);
                    ratios[i][0][round - 1] = r[1] / r[0];
                    ratios[i][1][round - 1] = r[2] / r[0];
                    System.out.printf("  %-6d %8d %12.0f %12.0f %12.0f %8.3fx %8.3fx%n", round, CLIENT_COUNTS[i],
                            r[0], r[1], r[2], r[1] / r[0], r[2] / r[0]);
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        for (int i = 0; i < CLIENT_COUNTS.length; i++) {
            System.out.printf("  median, %d client(s): 2PC/LFS %.3fx, 1PC/LFS %.3fx%n", CLIENT_COUNTS[i],
                    RecoveryBench.median(ratios[i][0]), RecoveryBench.median(ratios[i][1]));
        }
    }

    /** {LFS appends/s, 2PC tx/s, 1PC tx/s} with {@code clients} threads each, in alternating slices. */
    private static double[] rates(Path dir, int clients, double seconds) throws Exception {
        try (var old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p); // every measurement on fresh files
            }
        }
        try (FileBlockDevice lfsDevice = FileBlockDevice.create(dir.resolve("lfs.img"), SECTOR_BYTES, LOG_SECTORS);
             LogFile lfs = LogFile.format(lfsDevice, LogOptions.defaults());
             FileBlockDevice volume = FileBlockDevice.create(dir.resolve("volume.img"), SECTOR_BYTES,
                     VOLUME_SECTORS);
             FileBlockDevice tmLog = FileBlockDevice.create(dir.resolve("tm-log.img"), SECTOR_BYTES, LOG_SECTORS);
             FileBlockDevice hiveLog = FileBlockDevice.create(dir.resolve("hive-log.img"), SECTOR_BYTES,
                     LOG_SECTORS);
             FileBlockDevice hive = FileBlockDevice.create(dir.resolve("hive.img"), SECTOR_BYTES, HIVE_SECTORS);
             FileSystem fs = FileSystem.format(volume, FsOptions.defaults());
             Registry registry = Registry.format(hiveLog, hive, RegistryOptions.defaults());
             TransactionManager tm = TransactionManager.format(tmLog, LogOptions.defaults())) {
            TransactionalFileSystem txf = TransactionalFileSystem.on(fs);
            tm.register(txf);
            tm.register(registry);
            IntFunction<Runnable> appender = t -> {
                byte[] payload = new byte[RECORD_BYTES];
                return () -> lfs.flush(RecoveryBench.appendOrCheckpoint(lfs, payload));
            };
            IntFunction<Runnable> twoPhase = t -> {
                byte[] bytes = new byte[RECORD_BYTES];
                return () -> {
                    try (Transaction tx = tm.createTransaction()) {
                        txf.write("\\c" + t, bytes, tx);
                        registry.setValue("\\Bench", "c" + t, bytes, tx);
                        tx.commit();
                    }
                };
            };
            IntFunction<Runnable> onePhase = t -> {
                byte[] bytes = new byte[RECORD_BYTES];
                return () -> {
                    try (Transaction tx = tm.createTransaction()) {
                        txf.write("\\d" + t, bytes, tx);
                        tx.commit();
                    }
                };
            };
            double slice = seconds / SLICES;
            double[] sums = new double[3];
            IntFunction<?>[] kinds = {appender, twoPhase, onePhase};
            for (int s = 0; s < SLICES; s++) {
                for (int k = 0; k < 3; k++) {
                    int kind = (k + s) % 3;
                    @SuppressWarnings("unchecked")
                    IntFunction<Runnable> work = (IntFunction<Runnable>) kinds[kind];
                    sums[kind] += RecoveryBench.runThreads(clients, slice, work);
                }
            }
            return new double[] {sums[0] / SLICES, sums[1] / SLICES, sums[2] / SLICES};
        }
    }
}
