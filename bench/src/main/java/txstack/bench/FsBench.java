package txstack.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.FileBlockDevice;
import txstack.implementation.fs.FileSystem;
import txstack.implementation.fs.FsOptions;

/**
 * The file system on a file-backed volume, each measurement a ratio over a yardstick measured in the same round,
 * rounds alternated so drift hits both:
 * <ol>
 *   <li><b>create + flush</b>: {@code createFile} of a new name, then {@code flush} of it (its record and directory
 *       entry durable), against the host's file system through {@code java.nio.file} in a temporary directory:
 *       {@code Files.createFile}, {@code FileChannel.force(true)} of the file, then of its directory;</li>
 *   <li><b>rename + flush</b>: {@code rename} to a new name in the same directory, then {@code flush} of it, against
 *       {@code Files.move} and a force of the directory;</li>
 *   <li><b>sequential write</b> of a {@code fileMiB} (default 256) MiB file in 1 MiB writes, then {@code flush},
 *       against writing the same bytes to the raw volume file ({@link FileBlockDevice}, same size, preallocated)
 *       and flushing it;</li>
 *   <li><b>sequential read</b> of that file in 1 MiB reads against reading the raw volume file.</li>
 * </ol>
 * Nothing is asserted. The host's file system and the volume file live in the same temporary directory, so both
 * reach the same disk.
 *
 * <p>Run: {@code ./bench/run-fs [seconds] [fileMiB]} (finds a JDK 21+).
 */
public final class FsBench {
    private static final int SECTOR_BYTES = 4096;
    private static final int ROUNDS = 3;
    private static final long MIB = 1 << 20;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int DEFAULT_FILE_MIB = 256;
    private static final int FILE_MIB_MAX = 4096;
    /** Metadata operations per directory before the benchmark moves on to a fresh one. */
    private static final int NAMES_PER_DIRECTORY = 4096;

    private FsBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        int fileMiB = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_FILE_MIB;
        if (seconds <= 0 || seconds > 600 || fileMiB < 1 || fileMiB > FILE_MIB_MAX) {
            throw new IllegalArgumentException("usage: FsBench [seconds in (0, 600]] [fileMiB in 1.." + FILE_MIB_MAX
                    + "]: seconds=" + seconds + " fileMiB=" + fileMiB);
        }
        Path dir = Files.createTempDirectory("txstack-fs-bench");
        try {
            metadataRounds(dir, seconds);
            throughputRounds(dir, fileMiB);
        } finally {
            deleteTree(dir);
        }
    }

    // Metadata operations.

    private static void metadataRounds(Path dir, double seconds) throws IOException {
        long volumeBytes = 512 * MIB;
        Path volumeFile = dir.resolve("metadata-volume.img");
        System.out.printf("metadata benchmark: %.1f s per measurement, %d rounds; txstack on a %d MiB volume file, "
                + "host = java.nio.file in %s%n", seconds, ROUNDS, volumeBytes / MIB, dir);
        System.out.printf("  %-6s %16s %16s %10s %16s %16s %10s%n", "round", "txstack create/s", "host create/s",
                "ratio", "txstack rename/s", "host rename/s", "ratio");
        double[] createRatios = new double[ROUNDS];
        double[] renameRatios = new double[ROUNDS];
        try (FileBlockDevice device = FileBlockDevice.create(volumeFile, SECTOR_BYTES, volumeBytes / SECTOR_BYTES)) {
            FileSystem fs = FileSystem.format(device, FsOptions.defaults());
            for (int round = 0; round < ROUNDS; round++) {
                Path hostDir = Files.createDirectory(dir.resolve("host-" + round));
                String fsDir = "\\round" + round;
                fs.createDirectory(fsDir);
                fs.flush(fsDir);
                Rate fsCreated = rate(seconds, NAMES_PER_DIRECTORY, i -> {
                    String path = fsDir + "\\f" + i;
                    fs.createFile(path);
                    fs.flush(path);
                });
                Rate hostCreated = rate(seconds, NAMES_PER_DIRECTORY, i -> hostCreate(hostDir.resolve("f" + i)));
                double fsCreates = fsCreated.perSecond();
                double hostCreates = hostCreated.perSecond();
                double fsRenames = rate(seconds, fsCreated.count(), i -> {
                    String path = fsDir + "\\r" + i;
                    fs.rename(fsDir + "\\f" + i, path);
                    fs.flush(path);
                }).perSecond();
                double hostRenames = rate(seconds, hostCreated.count(), i -> hostRename(hostDir.resolve("f" + i),
                        hostDir.resolve("r" + i))).perSecond();
                createRatios[round] = fsCreates / hostCreates;
                renameRatios[round] = fsRenames / hostRenames;
                System.out.printf("  %-6d %16.0f %16.0f %10.2f %16.0f %16.0f %10.2f%n", round + 1, fsCreates,
                        hostCreates, createRatios[round], fsRenames, hostRenames, renameRatios[round]);
            }
            fs.close();
        }
        System.out.printf("  median ratio over the host: create+flush %.2fx, rename+flush %.2fx%n",
                median(createRatios), median(renameRatios));
    }

    /** One operation numbered {@code i}. */
    private interface Operation {
        void run(int i) throws IOException;
    }

    /** How many operations ran and at what rate. */
    private record Rate(int count, double perSecond) {
    }

    /** Runs {@code op} for {@code i = 0, 1, ...} until about {@code seconds} passed or {@code limit} ran. */
    private static Rate rate(double seconds, int limit, Operation op) throws IOException {
        long begin = System.nanoTime();
        long deadline = begin + (long) (seconds * 1e9);
        int i = 0;
        while (i < limit && System.nanoTime() < deadline) {
            op.run(i++);
        }
        return new Rate(i, i / ((System.nanoTime() - begin) / 1e9));
    }

    private static void hostCreate(Path file) throws IOException {
        Files.createFile(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        forceDirectory(file.getParent());
    }

    private static void hostRename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(to.getParent());
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    // Sequential throughput.

    private static void throughputRounds(Path dir, int fileMiB) throws IOException {
        long fileBytes = fileMiB * MIB;
        long volumeBytes = 2 * fileBytes + 128 * MIB; // the default options give the clusters half the volume or more
        System.out.printf("throughput benchmark: a %d MiB file in %d KiB writes and reads, %d rounds; raw = the "
                + "same bytes to and from a preallocated %d MiB volume file%n", fileMiB, CHUNK_BYTES / 1024, ROUNDS,
                volumeBytes / MIB);
        System.out.printf("  %-6s %14s %14s %8s %14s %14s %8s%n", "round", "fs write MB/s", "raw write MB/s",
                "ratio", "fs read MB/s", "raw read MB/s", "ratio");
        byte[] chunk = new byte[CHUNK_BYTES];
        new SplittableRandom(1).nextBytes(chunk);
        double[] writeRatios = new double[ROUNDS];
        double[] readRatios = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            Path fsFile = dir.resolve("fs-volume-" + round + ".img");
            Path rawFile = dir.resolve("raw-volume-" + round + ".img");
            double fsWrite;
            double fsRead;
            try (FileBlockDevice device = FileBlockDevice.create(fsFile, SECTOR_BYTES, volumeBytes / SECTOR_BYTES)) {
                FileSystem fs = FileSystem.format(device, FsOptions.defaults());
                fs.createFile("\\big");
                long begin = System.nanoTime();
                for (long off = 0; off < fileBytes; off += CHUNK_BYTES) {
                    fs.write("\\big", off, chunk);
                }
                fs.flush("\\big");
                fsWrite = fileBytes / 1e6 / ((System.nanoTime() - begin) / 1e9);
                begin = System.nanoTime();
                long sum = 0;
                for (long off = 0; off < fileBytes; off += CHUNK_BYTES) {
                    sum += fs.read("\\big", off, CHUNK_BYTES)[0];
                }
                fsRead = fileBytes / 1e6 / ((System.nanoTime() - begin) / 1e9);
                blackhole(sum);
                fs.close();
            }
            Files.delete(fsFile);
            double rawWrite;
            double rawRead;
            try (FileBlockDevice device = FileBlockDevice.create(rawFile, SECTOR_BYTES, volumeBytes / SECTOR_BYTES)) {
                rawWrite = rawWrite(device, chunk, fileBytes);
                rawRead = rawRead(device, fileBytes);
            }
            Files.delete(rawFile);
            writeRatios[round] = fsWrite / rawWrite;
            readRatios[round] = fsRead / rawRead;
            System.out.printf("  %-6d %14.0f %14.0f %8.2f %14.0f %14.0f %8.2f%n", round + 1, fsWrite, rawWrite,
                    writeRatios[round], fsRead, rawRead, readRatios[round]);
        }
        System.out.printf("  median ratio over the raw volume file: write %.2fx, read %.2fx%n", median(writeRatios),
                median(readRatios));
    }

    private static double rawWrite(BlockDevice device, byte[] chunk, long bytes) {
        long begin = System.nanoTime();
        long sector = 0;
        for (long off = 0; off < bytes; off += CHUNK_BYTES) {
            device.write(sector, ByteBuffer.wrap(chunk), false);
            sector += CHUNK_BYTES / SECTOR_BYTES;
        }
        device.flush();
        return bytes / 1e6 / ((System.nanoTime() - begin) / 1e9);
    }

    private static double rawRead(BlockDevice device, long bytes) {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
        long begin = System.nanoTime();
        long sector = 0;
        long sum = 0;
        for (long off = 0; off < bytes; off += CHUNK_BYTES) {
            buffer.clear();
            device.read(sector, buffer);
            sum += buffer.get(0);
            sector += CHUNK_BYTES / SECTOR_BYTES;
        }
        blackhole(sum);
        return bytes / 1e6 / ((System.nanoTime() - begin) / 1e9);
    }

    private static volatile long sink;

    private static void blackhole(long value) {
        sink += value;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
