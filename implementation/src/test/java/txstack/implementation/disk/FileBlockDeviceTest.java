package txstack.implementation.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockDeviceTest extends BlockDeviceContract {
    private static final AtomicInteger NEXT_FILE = new AtomicInteger();

    @TempDir
    Path directory;

    @Override
    BlockDevice newDevice(int sectorSizeBytes, long sectorCount) {
        return FileBlockDevice.create(directory.resolve("device-" + NEXT_FILE.incrementAndGet()), sectorSizeBytes,
                sectorCount);
    }

    @Test
    void createPreallocatesAndOpenFindsTheData() throws IOException {
        Path path = directory.resolve("disk");
        byte[] data = new byte[4096];
        data[4095] = 1;
        try (FileBlockDevice device = FileBlockDevice.create(path, 4096, 8)) {
            assertEquals(8 * 4096, Files.size(path));
            device.write(7, ByteBuffer.wrap(data), true);
        }
        try (FileBlockDevice device = FileBlockDevice.open(path, 4096)) {
            assertEquals(8, device.sectorCount());
            ByteBuffer dst = ByteBuffer.allocate(4096);
            device.read(7, dst);
            assertArrayEquals(data, dst.array());
        }
        try (FileBlockDevice device = FileBlockDevice.open(path, 512)) {
            assertEquals(64, device.sectorCount());
        }
    }

    @Test
    void createRefusesAnExistingFile() throws IOException {
        Path path = Files.createFile(directory.resolve("taken"));
        DiskException e = assertThrows(DiskException.class, () -> FileBlockDevice.create(path, 512, 4));
        assertInstanceOf(FileAlreadyExistsException.class, e.getCause());
        assertTrue(e.getMessage().contains("path=" + path), e.getMessage());
    }

    @Test
    void openRefusesAFileThatIsNotWholeSectors() throws IOException {
        Path path = Files.write(directory.resolve("odd"), new byte[1000]);
        DiskException e = assertThrows(DiskException.class, () -> FileBlockDevice.open(path, 512));
        assertTrue(e.getMessage().contains("lengthBytes=1000 sectorSizeBytes=512"), e.getMessage());
        Path empty = Files.createFile(directory.resolve("empty"));
        assertThrows(DiskException.class, () -> FileBlockDevice.open(empty, 512));
    }

    @Test
    void openWrapsAMissingFile() {
        DiskException e = assertThrows(DiskException.class,
                () -> FileBlockDevice.open(directory.resolve("missing"), 512));
        assertInstanceOf(IOException.class, e.getCause());
    }
}
