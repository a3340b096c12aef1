package txstack.conformance.disk;

import java.util.ArrayList;
import txstack.spi.disk.SectorSizes;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.DeviceException;
import txstack.spi.disk.UnreadableSectorException;

/**
 * A simulated disk (DISK-1..4) that records every write and flush, so a test can build every state a power loss
 * may leave at any point of the run ({@link #crashPointAfter(int)}, {@link #crashPoints()}).
 *
 * <p>Reads see the newest content written (the cache). A write without force-unit-access stays volatile until a
 * later {@link #flush()} returns; a force-unit-access write is durable when it returns (DISK-2). On power loss each
 * sector holds its last durable content or the content of one write issued to it since (DISK-3).
 *
 * <p>Faults on demand (DISK-4): an I/O error on the n-th write or read, and unreadable sectors. Memory is bounded:
 * sectors are stored sparsely, and the bytes the operation log holds are limited ({@link LimitExceededException}).
 * Not thread-safe: one engine drives one disk.
 */
public final class SimulatedDisk implements BlockDevice {
    /** Default limit on the bytes of written data the operation log keeps. */
    public static final long RECORDED_BYTES_MAX_DEFAULT = 256L << 20;
    /** The largest device the simulator accepts (sectors are sparse, but numbers must stay sane). */
    public static final long SECTOR_COUNT_MAX = 1L << 32;

    private final int sectorSizeBytes;
    private final long sectorCount;
    private final long recordedBytesMax;
    private final Map<Long, byte[]> base;
    private final SectorTable written = new SectorTable();
    private final Set<Long> unreadable = new TreeSet<>();
    /** Sectors that rotted while the disk runs: sector to the offset of the byte a read returns inverted. */
    private final Map<Long, Integer> rotted = new HashMap<>();
    private final List<DeviceOp> ops = new ArrayList<>();
    private final Set<Long> failingWriteNumbers = new TreeSet<>();
    private final Set<Long> failingReadNumbers = new TreeSet<>();
    private final Set<Long> failingFlushNumbers = new TreeSet<>();
    private long recordedBytes;
    private long writeCalls;
    private long readCalls;
    private long flushCalls;

    /** A blank (all zeros) disk. */
    public SimulatedDisk(int sectorSizeBytes, long sectorCount) {
        this(CrashImage.blank(sectorSizeBytes, sectorCount), RECORDED_BYTES_MAX_DEFAULT);
    }

    /** A disk whose durable content is {@code image}, e.g. what a crash left; its operation log starts empty. */
    public SimulatedDisk(CrashImage image, long recordedBytesMax) {
        if (recordedBytesMax <= 0) {
            throw new IllegalArgumentException("recordedBytesMax=" + recordedBytesMax);
        }
        this.sectorSizeBytes = image.sectorSizeBytes();
        this.sectorCount = image.sectorCount();
        this.recordedBytesMax = recordedBytesMax;
        this.base = image.sectors();
        this.unreadable.addAll(image.unreadableSectors());
    }

    public static SimulatedDisk fromImage(CrashImage image) {
        return new SimulatedDisk(image, RECORDED_BYTES_MAX_DEFAULT);
    }

    static void requireGeometry(int sectorSizeBytes, long sectorCount) {
        SectorSizes.require(sectorSizeBytes);
        if (sectorCount <= 0 || sectorCount > SECTOR_COUNT_MAX) {
            throw new IllegalArgumentException("sectorCount=" + sectorCount + " must be in 1.." + SECTOR_COUNT_MAX);
        }
    }

    // ---- the SPI ----

    @Override
    public int sectorSizeBytes() {
        return sectorSizeBytes;
    }

    @Override
    public long sectorCount() {
        return sectorCount;
    }

    @Override
    public void read(long firstSector, byte[] buffer, int offset, int lengthBytes) {
        int count = checkRange("read", firstSector, buffer, offset, lengthBytes);
        readCalls++;
        if (!failingReadNumbers.isEmpty() && failingReadNumbers.remove(readCalls)) {
            throw new DeviceException("injected read error: readNumber=" + readCalls + " firstSector=" + firstSector
                    + " sectorCount=" + count);
        }
        for (int i = 0; i < count && !unreadable.isEmpty(); i++) {
            if (unreadable.contains(firstSector + i)) {
                throw new UnreadableSectorException("unreadable sector: sector=" + (firstSector + i)
                        + " readFirstSector=" + firstSector + " readSectorCount=" + count, firstSector + i);
            }
        }
        for (int i = 0; i < count; i++) {
            byte[] content = current(firstSector + i);
            int at = offset + i * sectorSizeBytes;
            if (content == null) {
                Arrays.fill(buffer, at, at + sectorSizeBytes, (byte) 0);
            } else {
                System.arraycopy(content, 0, buffer, at, sectorSizeBytes);
            }
            if (!rotted.isEmpty()) {
                Integer flipped = rotted.get(firstSector + i);
                if (flipped != null) {
                    buffer[at + flipped] ^= (byte) 0xFF;
                }
            }
        }
    }

    @Override
    public void write(long firstSector, byte[] buffer, int offset, int lengthBytes, boolean forceUnitAccess) {
        int count = checkRange("write", firstSector, buffer, offset, lengthBytes);
        writeCalls++;
        if (!failingWriteNumbers.isEmpty() && failingWriteNumbers.remove(writeCalls)) {
            throw new DeviceException("injected write error: writeNumber=" + writeCalls + " firstSector="
                    + firstSector + " sectorCount=" + count);
        }
        if (recordedBytes + lengthBytes > recordedBytesMax) {
            throw new LimitExceededException("device-operation log limit hit: recordedBytes=" + recordedBytes
                    + " writeBytes=" + lengthBytes + " recordedBytesMax=" + recordedBytesMax
                    + " (use fewer steps per workload)");
        }
        recordedBytes += lengthBytes;
        List<byte[]> sectors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = offset + i * sectorSizeBytes;
            byte[] content = Arrays.copyOfRange(buffer, at, at + sectorSizeBytes);
            sectors.add(content);
            written.put(firstSector + i, content);
            if (!unreadable.isEmpty()) {
                unreadable.remove(firstSector + i); // a rewrite remaps a latent bad sector
            }
        }
        ops.add(new DeviceOp.Write(ops.size(), firstSector, sectors, forceUnitAccess));
    }

    @Override
    public void flush() {
        flushCalls++;
        if (!failingFlushNumbers.isEmpty() && failingFlushNumbers.remove(flushCalls)) {
            throw new DeviceException("injected flush error: flushNumber=" + flushCalls + " (nothing was made durable)");
        }
        ops.add(new DeviceOp.Flush(ops.size()));
    }

    // ---- faults (DISK-4) ----

    /** The {@code writeNumber}-th write call from now on (1 = the next) fails with an I/O error, changing nothing. */
    public void failWrite(long writeNumber) {
        requirePositive("writeNumber", writeNumber);
        failingWriteNumbers.add(writeCalls + writeNumber);
    }

    /** The {@code readNumber}-th read call from now on (1 = the next) fails with an I/O error. */
    public void failRead(long readNumber) {
        requirePositive("readNumber", readNumber);
        failingReadNumbers.add(readCalls + readNumber);
    }

    /**
     * The {@code flushNumber}-th flush call from now on (1 = the next) fails with an I/O error and makes nothing
     * durable: the writes it would have covered stay in the volatile cache, readable, and a power loss may drop them.
     */
    public void failFlush(long flushNumber) {
        requirePositive("flushNumber", flushNumber);
        failingFlushNumbers.add(flushCalls + flushNumber);
    }

    /** Forgets every injected read, write and flush error that has not fired yet; returns how many there were. */
    public int clearInjectedErrors() {
        int armed = failingWriteNumbers.size() + failingReadNumbers.size() + failingFlushNumbers.size();
        failingWriteNumbers.clear();
        failingReadNumbers.clear();
        failingFlushNumbers.clear();
        return armed;
    }

    /** The sector no longer reads (a latent sector error) until it is written again. */
    public void markUnreadable(long sector) {
        checkRange("markUnreadable", sector, new byte[sectorSizeBytes], 0, sectorSizeBytes);
        unreadable.add(sector);
    }

    /**
     * Silent damage on the running disk (DISK-4): from now on a read of {@code sector} returns its content with the
     * byte at {@code byteOffset} inverted, no error, until {@link #healRot()}. Not an operation: the operation log and
     * the crash images never hold it.
     */
    public void rot(long sector, int byteOffset) {
        checkRange("rot", sector, new byte[sectorSizeBytes], 0, sectorSizeBytes);
        if (byteOffset < 0 || byteOffset >= sectorSizeBytes) {
            throw new IllegalArgumentException("byteOffset=" + byteOffset + " outside a sector of " + sectorSizeBytes
                    + " bytes");
        }
        rotted.put(sector, byteOffset);
    }

    /** Undoes every {@link #rot}: reads return the content again. */
    public void healRot() {
        rotted.clear();
    }

    // ---- the operation log and crash states ----

    /** Number of writes and flushes logged so far. */
    public int opCount() {
        return ops.size();
    }

    public DeviceOp op(int index) {
        return ops.get(index);
    }

    /** The operation log, oldest first (a read-only view). */
    public List<DeviceOp> ops() {
        return Collections.unmodifiableList(ops);
    }

    public long writeCalls() {
        return writeCalls;
    }

    public long readCalls() {
        return readCalls;
    }

    /** The disk as reads see it now: every write landed. */
    public CrashImage currentImage() {
        return new CrashImage(sectorSizeBytes, sectorCount, LayeredSectors.over(base, written.toMap()),
                unreadable);
    }

    /** Power lost after operation {@code opIndex} returned ({@code -1}: before the first operation). */
    public CrashPoint crashPointAfter(int opIndex) {
        return crashPoint(opIndex, false);
    }

    /** Power lost while write {@code opIndex} was in flight: each of its sectors may or may not have landed. */
    public CrashPoint crashPointDuring(int opIndex) {
        return crashPoint(opIndex, true);
    }

    /**
     * Every distinct moment of power loss from operation {@code fromOpIndex} on: after each operation, and during
     * each force-unit-access write (during any other operation is the same as after the one before or after it).
     */
    public List<CrashPoint> crashPoints(int fromOpIndex) {
        List<CrashPoint> points = new ArrayList<>();
        for (int i = Math.max(0, fromOpIndex); i < ops.size(); i++) {
            if (ops.get(i) instanceof DeviceOp.Write w && w.forceUnitAccess()) {
                points.add(crashPointDuring(i));
            }
            points.add(crashPointAfter(i));
        }
        return points;
    }

    /** Every moment of power loss of the whole log, including before the first operation. */
    public List<CrashPoint> crashPoints() {
        List<CrashPoint> points = new ArrayList<>();
        points.add(crashPointAfter(-1));
        points.addAll(crashPoints(0));
        return points;
    }

    private CrashPoint crashPoint(int opIndex, boolean during) {
        if (opIndex < -1 || opIndex >= ops.size() || (during && opIndex < 0)) {
            throw new IllegalArgumentException("no such operation: opIndex=" + opIndex + " opCount=" + ops.size());
        }
        Map<Long, byte[]> durable = new HashMap<>();
        TreeMap<Long, List<CrashPoint.Version>> pending = new TreeMap<>();
        int completed = during ? opIndex : opIndex + 1;
        for (int i = 0; i < completed; i++) {
            switch (ops.get(i)) {
                case DeviceOp.Write w -> {
                    for (int s = 0; s < w.sectorCount(); s++) {
                        long sector = w.firstSector() + s;
                        if (w.forceUnitAccess()) {
                            durable.put(sector, w.sectors().get(s));
                            pending.remove(sector);
                        } else {
                            pending.computeIfAbsent(sector, k -> new ArrayList<>())
                                    .add(new CrashPoint.Version(w.index(), w.sectors().get(s)));
                        }
                    }
                }
                case DeviceOp.Flush f -> {
                    pending.forEach((sector, versions) -> durable.put(sector, versions.getLast().content()));
                    pending.clear();
                }
            }
        }
        if (during && ops.get(opIndex) instanceof DeviceOp.Write w) {
            for (int s = 0; s < w.sectorCount(); s++) {
                pending.computeIfAbsent(w.firstSector() + s, k -> new ArrayList<>())
                        .add(new CrashPoint.Version(w.index(), w.sectors().get(s)));
            }
        }
        return new CrashPoint(sectorSizeBytes, sectorCount, opIndex, during, base, durable, pending, unreadable);
    }

    // ---- checks ----

    private byte[] current(long sector) {
        byte[] content = written.isEmpty() ? null : written.get(sector);
        return content != null || base.isEmpty() ? content : base.get(sector);
    }

    private int checkRange(String what, long firstSector, byte[] buffer, int offset, int lengthBytes) {
        if (buffer == null) {
            throw new IllegalArgumentException(what + ": buffer is null");
        }
        if (lengthBytes <= 0 || lengthBytes % sectorSizeBytes != 0) {
            throw new IllegalArgumentException(what + ": length is not a positive whole number of sectors: lengthBytes="
                    + lengthBytes + " sectorSizeBytes=" + sectorSizeBytes);
        }
        if (offset < 0 || offset > buffer.length - lengthBytes) {
            throw new IllegalArgumentException(what + ": buffer too small: offset=" + offset + " lengthBytes="
                    + lengthBytes + " bufferBytes=" + buffer.length);
        }
        int count = lengthBytes / sectorSizeBytes;
        if (firstSector < 0 || firstSector > sectorCount - count) {
            throw new IllegalArgumentException(what + ": sector out of range: firstSector=" + firstSector
                    + " sectorCount=" + count + " deviceSectorCount=" + sectorCount);
        }
        return count;
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + "=" + value + " must be positive");
        }
    }
}
