package txstack.conformance.disk;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The durable content of a whole device at one moment: what a power loss left, or a freshly zeroed device. Sparse:
 * a sector not in {@link #sectors()} reads as zeros. Sector arrays are shared and never changed.
 *
 * @param sectorSizeBytes   512 or 4096 (DISK-1)
 * @param sectorCount       number of sectors on the device
 * @param sectors           content of the sectors that were ever written, by sector number
 * @param unreadableSectors sectors that raise an I/O error when read (latent sector errors, DISK-4)
 */
public record CrashImage(int sectorSizeBytes, long sectorCount, Map<Long, byte[]> sectors,
                         Set<Long> unreadableSectors) {

    public CrashImage {
        SimulatedDisk.requireGeometry(sectorSizeBytes, sectorCount);
        Map<Long, byte[]> toCheck;
        if (sectors instanceof LayeredSectors layered) {
            toCheck = layered.changes(); // its base is an image's sectors of the same disk, checked when made
        } else {
            sectors = Map.copyOf(sectors);
            toCheck = sectors;
        }
        unreadableSectors = Set.copyOf(unreadableSectors);
        for (Map.Entry<Long, byte[]> e : toCheck.entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= sectorCount || e.getValue().length != sectorSizeBytes) {
                throw new IllegalArgumentException("bad sector in image: sector=" + e.getKey() + " lengthBytes="
                        + e.getValue().length + " sectorCount=" + sectorCount + " sectorSizeBytes=" + sectorSizeBytes);
            }
        }
    }

    /** A device of zeros. */
    public static CrashImage blank(int sectorSizeBytes, long sectorCount) {
        return new CrashImage(sectorSizeBytes, sectorCount, Map.of(), Set.of());
    }

    /** The content of one sector (zeros if never written); the caller must not change it. */
    public byte[] sector(long sector) {
        byte[] content = sectors.get(sector);
        return content != null ? content : new byte[sectorSizeBytes];
    }

    /** This image with more sectors that no longer read (DISK-4 latent errors). */
    public CrashImage withUnreadable(Set<Long> more) {
        Set<Long> all = new TreeSet<>(unreadableSectors);
        all.addAll(more);
        return new CrashImage(sectorSizeBytes, sectorCount, sectors, all);
    }

    /**
     * The first {@code shorter} sectors of this image: the device copied onto a smaller disk, or cut short.
     *
     * @throws IllegalArgumentException if {@code shorter} is not between 1 and this image's sector count
     */
    public CrashImage cutShort(long shorter) {
        if (shorter < 1 || shorter > sectorCount) {
            throw new IllegalArgumentException("cannot cut short: sectorCount=" + sectorCount + " shorter=" + shorter);
        }
        Map<Long, byte[]> kept = new HashMap<>();
        sectors.forEach((sector, content) -> {
            if (sector < shorter) {
                kept.put(sector, content);
            }
        });
        Set<Long> unreadable = new TreeSet<>(unreadableSectors);
        unreadable.removeIf(sector -> sector >= shorter);
        return new CrashImage(sectorSizeBytes, shorter, kept, unreadable);
    }

    /** This image with one byte of one sector silently changed (bit rot, DISK-4); {@code xorMask} must not be 0. */
    public CrashImage withCorruptedByte(long sector, int byteOffset, int xorMask) {
        if (sector < 0 || sector >= sectorCount || byteOffset < 0 || byteOffset >= sectorSizeBytes
                || (xorMask & 0xFF) == 0) {
            throw new IllegalArgumentException("bad corruption: sector=" + sector + " byteOffset=" + byteOffset
                    + " xorMask=" + xorMask);
        }
        byte[] changed = sector(sector).clone();
        changed[byteOffset] ^= (byte) xorMask;
        Map<Long, byte[]> all = new HashMap<>(sectors);
        all.put(sector, changed);
        return new CrashImage(sectorSizeBytes, sectorCount, all, unreadableSectors);
    }

    /** True if both images hold the same bytes in every sector and the same unreadable sectors. */
    public boolean sameContentAs(CrashImage other) {
        if (other.sectorSizeBytes != sectorSizeBytes || other.sectorCount != sectorCount
                || !other.unreadableSectors.equals(unreadableSectors)) {
            return false;
        }
        Set<Long> written = new TreeSet<>(sectors.keySet());
        written.addAll(other.sectors.keySet());
        for (long s : written) {
            if (!Arrays.equals(sector(s), other.sector(s))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CrashImage image && sameContentAs(image);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sectorCount) * 31 + sectorSizeBytes;
    }

    @Override
    public String toString() {
        return "CrashImage[sectorSizeBytes=" + sectorSizeBytes + " sectorCount=" + sectorCount + " writtenSectors="
                + sectors.size() + " unreadableSectors=" + unreadableSectors + "]";
    }
}
