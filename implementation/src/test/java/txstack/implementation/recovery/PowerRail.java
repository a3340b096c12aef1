package txstack.implementation.recovery;

import java.io.Serial;
import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.CrashingDevice;
import txstack.implementation.disk.ForwardingDevice;

/**
 * A store's log and data devices on one power supply: two {@link CrashingDevice}s (volatile write caches, DISK-2,
 * DISK-3) that lose power together at the {@code crashAtWrite}-th write to either, counting from 0. That write may
 * land or not; every later call to either device throws {@link PowerCut}. {@link #crashImages} then gives what a
 * power loss leaves on each.
 */
final class PowerRail {

    /** The simulated power loss. */
    static final class PowerCut extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        PowerCut(String message) {
            super(message);
        }
    }

    private final CrashingDevice logDevice;
    private final CrashingDevice dataDevice;
    private final BlockDevice log;
    private final BlockDevice data;
    private final long crashAtWrite;
    private final RandomGenerator random;
    private long writes;
    private boolean dead;

    PowerRail(int logSectorSizeBytes, byte[] logImage, int dataSectorSizeBytes, byte[] dataImage, long crashAtWrite,
              RandomGenerator random) {
        this.logDevice = new CrashingDevice(logSectorSizeBytes, logImage, Long.MAX_VALUE);
        this.dataDevice = new CrashingDevice(dataSectorSizeBytes, dataImage, Long.MAX_VALUE);
        this.crashAtWrite = crashAtWrite;
        this.random = random;
        this.log = new Powered(logDevice, "log");
        this.data = new Powered(dataDevice, "data");
    }

    BlockDevice log() {
        return log;
    }

    BlockDevice data() {
        return data;
    }

    synchronized boolean isDead() {
        return dead;
    }

    synchronized long writeCount() {
        return writes;
    }

    /** Loses power now, if it has not already. */
    synchronized void powerOff() {
        dead = true;
        logDevice.powerOff();
        dataDevice.powerOff();
    }

    /** What a power loss now leaves: the log's image, then the data's. */
    synchronized byte[][] crashImages(RandomGenerator imageRandom) {
        powerOff();
        return new byte[][] {logDevice.crashImage(imageRandom), dataDevice.crashImage(imageRandom)};
    }

    private synchronized void beforeCall(String device) {
        if (dead) {
            throw new PowerCut("device has lost power: device=" + device);
        }
    }

    /** True if this write is the one power is lost at: it lands (or not) and power goes. */
    private synchronized boolean countWrite() {
        return writes++ == crashAtWrite;
    }

    private final class Powered extends ForwardingDevice {
        private final String name;

        Powered(BlockDevice delegate, String name) {
            super(delegate);
            this.name = name;
        }

        @Override
        public void read(long firstSector, ByteBuffer dst) {
            beforeCall(name);
            super.read(firstSector, dst);
        }

        @Override
        public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
            beforeCall(name);
            if (countWrite()) {
                // An unforced write stays volatile, so the crash image decides per sector whether it landed.
                if (!forceUnitAccess || random.nextBoolean()) {
                    super.write(firstSector, src, forceUnitAccess);
                }
                powerOff();
                throw new PowerCut("power lost at write=" + crashAtWrite + " device=" + name + " firstSector="
                        + firstSector);
            }
            super.write(firstSector, src, forceUnitAccess);
        }

        @Override
        public void flush() {
            beforeCall(name);
            super.flush();
        }
    }
}
