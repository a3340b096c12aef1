package txstack.implementation.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link BlockDevice} contract (DISK-1, DISK-2), written once and bound to each device in one line. */
abstract class BlockDeviceContract {

    /** A fresh, zeroed device. */
    abstract BlockDevice newDevice(int sectorSizeBytes, long sectorCount);

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void writtenSectorsReadBack(int sectorSizeBytes) {
        try (BlockDevice device = newDevice(sectorSizeBytes, 16)) {
            assertEquals(sectorSizeBytes, device.sectorSizeBytes());
            assertEquals(16, device.sectorCount());
            byte[] data = new byte[3 * sectorSizeBytes];
            new SplittableRandom(7).nextBytes(data);
            ByteBuffer src = ByteBuffer.wrap(data);
            device.write(5, src, false);
            assertEquals(src.limit(), src.position(), "write consumes the buffer");
            device.flush();
            ByteBuffer dst = ByteBuffer.allocate(3 * sectorSizeBytes);
            device.read(5, dst);
            assertArrayEquals(data, dst.array());
            ByteBuffer untouched = ByteBuffer.allocate(sectorSizeBytes);
            device.read(4, untouched);
            assertArrayEquals(new byte[sectorSizeBytes], untouched.array(), "a new device is zeroed");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void lastSectorIsAddressable(boolean forceUnitAccess) {
        try (BlockDevice device = newDevice(512, 4)) {
            byte[] data = new byte[512];
            data[0] = 42;
            device.write(3, ByteBuffer.wrap(data), forceUnitAccess);
            ByteBuffer dst = ByteBuffer.allocate(512);
            device.read(3, dst);
            assertEquals(42, dst.get(0));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100, 513})
    void partialSectorBuffersAreRejected(int lengthBytes) {
        try (BlockDevice device = newDevice(512, 4)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> device.write(0, ByteBuffer.allocate(lengthBytes), false));
            assertTrue(e.getMessage().contains("remainingBytes=" + lengthBytes), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> device.read(0, ByteBuffer.allocate(lengthBytes)));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 3, 4, Long.MAX_VALUE})
    void transfersOffTheDeviceAreRejected(long firstSector) {
        try (BlockDevice device = newDevice(512, 4)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> device.read(firstSector, ByteBuffer.allocate(1024)));
            assertTrue(e.getMessage().contains("firstSector=" + firstSector + " sectors=2 deviceSectorCount=4"),
                    e.getMessage());
            assertThrows(IndexOutOfBoundsException.class,
                    () -> device.write(firstSector, ByteBuffer.allocate(1024), true));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1000})
    void unsupportedSectorSizesAreRejected(int sectorSizeBytes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> newDevice(sectorSizeBytes, 4));
        assertTrue(e.getMessage().contains("sectorSizeBytes=" + sectorSizeBytes), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {512})
    void aClosedDeviceRefusesEverything(int sectorSizeBytes) {
        BlockDevice device = newDevice(sectorSizeBytes, 4);
        device.close();
        device.close();
        DeviceClosedException e = assertThrows(DeviceClosedException.class,
                () -> device.read(0, ByteBuffer.allocate(512)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(DeviceClosedException.class, () -> device.write(0, ByteBuffer.allocate(512), false));
        assertThrows(DeviceClosedException.class, device::flush);
    }
}
