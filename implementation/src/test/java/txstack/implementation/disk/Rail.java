package txstack.implementation.disk;

import java.io.Serial;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Devices on one power supply (the registry's hive log and hive, the transaction manager's log, ...): {@link
 * CrashingDevice}s, each with a volatile write cache (DISK-2, DISK-3), that lose power together at the {@code
 * crashAt}-th write or flush to any of them, counting from 0. A write cut so may land or not, a flush cut so does not
 * happen; every later call to any device throws {@link PowerCut}. {@link #crashImages} then gives what the power loss
 * left on each.
 */
public final class Rail {

    /** The simulated power loss. */
    public static final class PowerCut extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        PowerCut(String message) {
            super(message);
        }
    }

    private final List<CrashingDevice> devices = new ArrayList<>();
    private final List<BlockDevice> powered = new ArrayList<>();
    private final long crashAt;
    private final RandomGenerator random;
    private long operations;
    private boolean dead;

    /** One device per image, all of 512-byte sectors. */
    public Rail(List<byte[]> images, long crashAt, RandomGenerator random) {
        this.crashAt = crashAt;
        this.random = random;
        for (int i = 0; i < images.size(); i++) {
            CrashingDevice device = new CrashingDevice(512, images.get(i), Long.MAX_VALUE);
            devices.add(device);
            powered.add(new Powered(device, i));
        }
    }

    public BlockDevice device(int index) {
        return powered.get(index);
    }

    public synchronized boolean isDead() {
        return dead;
    }

    /** Writes and flushes so far: the points power can be cut at. */
    public synchronized long operationCount() {
        return operations;
    }

    /** Loses power now, if it has not already. */
    public synchronized void powerOff() {
        dead = true;
        devices.forEach(CrashingDevice::powerOff);
    }

    /** What a power loss now leaves on each device, in order. */
    public synchronized List<byte[]> crashImages(RandomGenerator imageRandom) {
        powerOff();
        return devices.stream().map(d -> d.crashImage(imageRandom)).toList();
    }

    private synchronized void beforeCall(int device) {
        if (dead) {
            throw new PowerCut("device has lost power: device=" + device);
        }
    }

    /** True if this write or flush is the one power is lost at. */
    private synchronized boolean countOperation() {
        return operations++ == crashAt;
    }

    private final class Powered extends ForwardingDevice {
        private final int index;

        Powered(BlockDevice delegate, int index) {
            super(delegate);
            this.index = index;
        }

        @Override
        public void read(long firstSector, ByteBuffer dst) {
            beforeCall(index);
            super.read(firstSector, dst);
        }

        @Override
        public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
            beforeCall(index);
            if (countOperation()) {
                // Unforced, it stays volatile and the crash image decides per sector; forced, it landed or not.
                if (!forceUnitAccess || random.nextBoolean()) {
                    super.write(firstSector, src, forceUnitAccess);
                }
                powerOff();
                throw new PowerCut("power lost at write=" + crashAt + " device=" + index + " firstSector="
                        + firstSector);
            }
            super.write(firstSector, src, forceUnitAccess);
        }

        @Override
        public void flush() {
            beforeCall(index);
            if (countOperation()) {
                powerOff();
                throw new PowerCut("power lost at flush=" + crashAt + " device=" + index);
            }
            super.flush();
        }

        @Override
        public void close() {
            // Power loss is the only way these devices go away.
        }
    }
}
