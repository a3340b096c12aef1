package txstack.implementation.disk;

import java.nio.ByteBuffer;

/** The precondition checks every {@link BlockDevice} implementation shares. */
final class Sectors {
    private Sectors() {
    }

    static void checkSectorSize(int sectorSizeBytes) {
        SectorSizes.require(sectorSizeBytes);
    }

    /** Checks a transfer of {@code buffer.remaining()} bytes at {@code firstSector}; returns its sector count. */
    static long checkTransfer(int sectorSizeBytes, long sectorCount, long firstSector, ByteBuffer buffer) {
        int lengthBytes = buffer.remaining();
        if (lengthBytes == 0 || lengthBytes % sectorSizeBytes != 0) {
            throw new IllegalArgumentException("buffer is not a whole number of sectors: remainingBytes="
                    + lengthBytes + " sectorSizeBytes=" + sectorSizeBytes);
        }
        long sectors = lengthBytes / sectorSizeBytes;
        if (firstSector < 0 || firstSector > sectorCount - sectors) {
            throw new IndexOutOfBoundsException("sectors out of device: firstSector=" + firstSector
                    + " sectors=" + sectors + " deviceSectorCount=" + sectorCount);
        }
        return sectors;
    }
}
