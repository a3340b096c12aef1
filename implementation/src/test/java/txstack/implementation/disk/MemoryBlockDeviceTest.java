package txstack.implementation.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class MemoryBlockDeviceTest extends BlockDeviceContract {

    @Override
    BlockDevice newDevice(int sectorSizeBytes, long sectorCount) {
        return MemoryBlockDevice.create(sectorSizeBytes, sectorCount);
    }

    @Test
    void imageRoundTripsThroughOf() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, 2);
        byte[] data = new byte[512];
        data[7] = 9;
        device.write(1, ByteBuffer.wrap(data), false);
        MemoryBlockDevice copy = MemoryBlockDevice.of(512, device.image());
        ByteBuffer dst = ByteBuffer.allocate(512);
        copy.read(1, dst);
        assertArrayEquals(data, dst.array());
        assertThrows(IllegalArgumentException.class, () -> MemoryBlockDevice.of(512, new byte[100]));
    }
}
