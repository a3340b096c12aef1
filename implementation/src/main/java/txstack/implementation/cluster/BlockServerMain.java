package txstack.implementation.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import txstack.implementation.disk.FileBlockDevice;
import txstack.implementation.disk.SectorSizes;

/**
 * The block server of a cluster shared volume as a process: a {@link FencedDisk} on a disk image file, served by
 * a {@link BlockServer} on the loopback interface. Arguments:
 *
 * <pre>
 *  BlockServerMain imagePath fileCount sectorsPerFile port
 * </pre>
 *
 * The image is created (zeroed, {@link #SECTOR_BYTES}-byte sectors, just large enough) if it does not exist, else
 * opened. Port 0 picks a free port. Once listening the process prints {@code ready <port>} on stdout; it stops
 * when its stdin ends or when it is killed. The fence registers live in this process's memory (as in {@link
 * FencedDisk}): a restarted server starts every file at epoch 0 again.
 */
public final class BlockServerMain {
    /** The image's sector size, which is also the cluster's block size. */
    public static final int SECTOR_BYTES = SectorSizes.SMALL_BYTES;

    private BlockServerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: BlockServerMain imagePath fileCount sectorsPerFile port");
            System.exit(2);
        }
        Path image = Path.of(args[0]);
        int fileCount = Integer.parseInt(args[1]);
        long sectorsPerFile = Long.parseLong(args[2]);
        int port = Integer.parseInt(args[3]);
        boolean exists = Files.exists(image);
        try (FileBlockDevice device = exists ? FileBlockDevice.open(image, SECTOR_BYTES)
                : FileBlockDevice.create(image, SECTOR_BYTES, imageSectors(fileCount, sectorsPerFile));
                BlockServer server = new BlockServer(exists ? FencedDisk.open(device)
                        : FencedDisk.create(device, fileCount, sectorsPerFile), port)) {
            System.out.println("ready " + server.port());
            System.out.flush();
            waitForEndOfInput(System.in);
        }
        System.exit(0);
    }

    /** The sectors an image of {@code fileCount} files needs ({@link FencedDisk#sectorsNeeded}). */
    public static long imageSectors(int fileCount, long sectorsPerFile) {
        return FencedDisk.sectorsNeeded(SECTOR_BYTES, fileCount, sectorsPerFile);
    }

    private static void waitForEndOfInput(InputStream in) throws IOException {
        byte[] sink = new byte[256];
        while (in.read(sink) >= 0) {
            // Nothing is read from stdin; its end is the signal to stop.
        }
    }
}
