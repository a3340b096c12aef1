package txstack.implementation.disk;

import java.io.Serial;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A simulated disk with a volatile write cache and power loss (DISK-2, DISK-3), for crash tests.
 *
 * <p>Reads see every write. A write is durable after a later {@link #flush()}, or at once with force-unit-access. The
 * device loses power at its {@code crashAtWrite}-th write (counting from 0): that write is issued but may or may not
 * land, and it and every later call throw {@link PowerLoss}. {@link #crashImage} then builds one disk state a power
 * loss may leave: each sector holds its last durable content or the content of one write issued to it since,
 * chosen at random, so writes are lost, reordered and torn at sector boundaries.
 */
public final class CrashingDevice implements BlockDevice {

    /** The simulated power loss. */
    public static final class PowerLoss extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        PowerLoss(String message) {
            super(message);
        }
    }

    private record Write(long sequence, long firstSector, byte[] data) {
    }

    private final int sectorSizeBytes;
    private final long sectorCount;
    private final byte[] current;
    private final byte[] durable;
    /** Per sector: the sequence of the write that made it durable (0: the initial image). */
    private final long[] durableSequence;
    private final List<Write> pending = new ArrayList<>();
    private final long crashAtWrite;
    private long writes;
    private long flushes;
    private boolean dead;

    /** A device holding {@code image} (durable), that loses power at write number {@code crashAtWrite}. */
    public CrashingDevice(int sectorSizeBytes, byte[] image, long crashAtWrite) {
        this.sectorSizeBytes = sectorSizeBytes;
        this.sectorCount = image.length / sectorSizeBytes;
        this.current = image.clone();
        this.durable = image.clone();
        this.durableSequence = new long[(int) sectorCount];
        this.crashAtWrite = crashAtWrite;
    }

    @Override
    public int sectorSizeBytes() {
        return sectorSizeBytes;
    }

    @Override
    public long sectorCount() {
        return sectorCount;
    }

    @Override
    public synchronized void read(long firstSector, ByteBuffer dst) {
        checkAlive();
        Sectors.checkTransfer(sectorSizeBytes, sectorCount, firstSector, dst);
        dst.put(current, (int) (firstSector * sectorSizeBytes), dst.remaining());
    }

    @Override
    public synchronized void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
        checkAlive();
        Sectors.checkTransfer(sectorSizeBytes, sectorCount, firstSector, src);
        byte[] data = new byte[src.remaining()];
        src.get(data);
        Write write = new Write(++writes, firstSector, data);
        if (writes - 1 == crashAtWrite) {
            pending.add(write);
            dead = true;
            throw new PowerLoss("power lost at write=" + (writes - 1) + " firstSector=" + firstSector);
        }
        System.arraycopy(data, 0, current, (int) (firstSector * sectorSizeBytes), data.length);
        if (forceUnitAccess) {
            makeDurable(write);
        } else {
            pending.add(write);
        }
    }

    @Override
    public synchronized void flush() {
        checkAlive();
        flushes++;
        for (Write write : pending) {
            makeDurable(write);
        }
        pending.clear();
    }

    /** Sector by sector, and never over a newer write: a later force-unit-access write may already be durable. */
    private void makeDurable(Write write) {
        int sectors = write.data().length / sectorSizeBytes;
        for (int i = 0; i < sectors; i++) {
            int sector = (int) write.firstSector() + i;
            if (write.sequence() > durableSequence[sector]) {
                System.arraycopy(write.data(), i * sectorSizeBytes, durable, sector * sectorSizeBytes,
                        sectorSizeBytes);
                durableSequence[sector] = write.sequence();
            }
        }
    }

    @Override
    public synchronized void close() {
        // The device outlives the log in these tests; power loss is the only way it goes away.
    }

    private void checkAlive() {
        if (dead) {
            throw new PowerLoss("device has lost power");
        }
    }

    /** Loses power now (if it has not already). */
    public synchronized void powerOff() {
        dead = true;
    }

    public synchronized boolean isDead() {
        return dead;
    }

    /** Writes issued so far. */
    public synchronized long writeCount() {
        return writes;
    }

    public synchronized long flushCount() {
        return flushes;
    }

    /** One disk state a power loss now may leave (see the class comment). */
    public synchronized byte[] crashImage(RandomGenerator random) {
        byte[] image = durable.clone();
        List<List<Write>> candidates = new ArrayList<>();
        for (int i = 0; i < sectorCount; i++) {
            candidates.add(null);
        }
        for (Write write : pending) {
            int sectors = write.data().length / sectorSizeBytes;
            for (int i = 0; i < sectors; i++) {
                int sector = (int) write.firstSector() + i;
                if (write.sequence() > durableSequence[sector]) {
                    if (candidates.get(sector) == null) {
                        candidates.set(sector, new ArrayList<>());
                    }
                    candidates.get(sector).add(write);
                }
            }
        }
        for (int sector = 0; sector < sectorCount; sector++) {
            List<Write> writesToSector = candidates.get(sector);
            if (writesToSector == null) {
                continue;
            }
            int choice = random.nextInt(writesToSector.size() + 1);
            if (choice > 0) {
                Write write = writesToSector.get(choice - 1);
                int from = (int) (sector - write.firstSector()) * sectorSizeBytes;
                System.arraycopy(write.data(), from, image, sector * sectorSizeBytes, sectorSizeBytes);
            }
        }
        return image;
    }
}
