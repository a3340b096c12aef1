package txstack.implementation.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The test device itself must follow DISK-2/3, or the crash tests that use it prove nothing. */
class CrashingDeviceTest {
    private static final int SECTOR = 512;

    private static ByteBuffer sectorOf(int value) {
        byte[] data = new byte[SECTOR];
        java.util.Arrays.fill(data, (byte) value);
        return ByteBuffer.wrap(data);
    }

    @Test
    void aFlushNeverReplaysAnOlderWriteOverANewerForceUnitAccessWrite() {
        CrashingDevice device = new CrashingDevice(SECTOR, new byte[SECTOR * 4], Long.MAX_VALUE);
        device.write(1, sectorOf(1), false);
        device.write(1, sectorOf(2), true);
        device.flush();
        device.powerOff();
        for (long seed = 0; seed < 20; seed++) {
            byte[] image = device.crashImage(new SplittableRandom(seed));
            assertEquals(2, image[SECTOR], "DISK-2: the newer FUA write stays durable after the flush");
        }
    }

    @Test
    void aFlushMakesEveryEarlierWriteDurable() {
        CrashingDevice device = new CrashingDevice(SECTOR, new byte[SECTOR * 4], Long.MAX_VALUE);
        device.write(0, sectorOf(7), false);
        device.write(2, sectorOf(8), false);
        device.flush();
        device.powerOff();
        byte[] image = device.crashImage(new SplittableRandom(1));
        assertEquals(7, image[0]);
        assertEquals(8, image[2 * SECTOR]);
    }
}
