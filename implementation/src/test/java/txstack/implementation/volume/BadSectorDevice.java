package txstack.implementation.volume;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.TreeSet;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.ForwardingDevice;
import txstack.implementation.disk.UnreadableSectorException;

/**
 * A member with latent sector errors (DISK-4): a read that touches a bad sector throws {@link
 * UnreadableSectorException}; a write of the sector makes it good again, as a drive remaps it.
 */
class BadSectorDevice extends ForwardingDevice {
    private final Set<Long> bad = new TreeSet<>();

    BadSectorDevice(BlockDevice delegate) {
        super(delegate);
    }

    synchronized void markBad(long sector) {
        bad.add(sector);
    }

    synchronized Set<Long> badSectors() {
        return Set.copyOf(bad);
    }

    @Override
    public void read(long firstSector, ByteBuffer dst) {
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
        long sectors = src.remaining() / sectorSizeBytes();
        super.write(firstSector, src, forceUnitAccess);
        synchronized (this) {
            for (long s = firstSector; s < firstSector + sectors; s++) {
                bad.remove(s);
            }
        }
    }
}
