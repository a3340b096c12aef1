package txstack.implementation.disk;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.TreeSet;

/**
 * A device with the faults of DISK-4 on demand, for the implementation's own tests: it can be pulled ({@link #fail()}:
 * every later I/O throws {@link DiskException}), and sectors can go bad ({@link #markBad(long)}: a read that touches
 * one throws {@link UnreadableSectorException}; writing the sector makes it good again, as a drive remaps it). The
 * conformance suite injects the same faults through its rig; these tests cannot use it (the suite depends on the
 * implementation).
 */
public class FaultyDevice extends ForwardingDevice {
    private final Set<Long> bad = new TreeSet<>();
    private volatile boolean failed;

    public FaultyDevice(BlockDevice delegate) {
        super(delegate);
    }

    /** The device stops answering: every later read, write and flush throws {@link DiskException}. */
    public void fail() {
        failed = true;
    }

    /** The sector no longer reads until it is written again. */
    public synchronized void markBad(long sector) {
        bad.add(sector);
    }

    /** The sectors that do not read now. */
    public synchronized Set<Long> badSectors() {
        return Set.copyOf(bad);
    }

    @Override
    public void read(long firstSector, ByteBuffer dst) {
        check("read");
        synchronized (this) {
            long sectors = dst.remaining() / sectorSizeBytes();
            for (long s = firstSector; s < firstSector + sectors; s++) {
                if (bad.contains(s)) {
                    throw new UnreadableSectorException("unreadable sector: sector=" + s, s);
                }
            }
        }
        super.read(firstSector, dst);
    }

    @Override
    public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
        check("write");
        long sectors = src.remaining() / sectorSizeBytes();
        super.write(firstSector, src, forceUnitAccess);
        synchronized (this) {
            for (long s = firstSector; s < firstSector + sectors; s++) {
                bad.remove(s);
            }
        }
    }

    @Override
    public void flush() {
        check("flush");
        super.flush();
    }

    private void check(String operation) {
        if (failed) {
            throw new DiskException("simulated device failure: operation=" + operation);
        }
    }
}
