package txstack.implementation.volume;

import txstack.implementation.disk.BlockDevice;

/**
 * A simple (one member) or striped volume: stripe unit {@code u} of the volume (sectors {@code [u * unit, (u + 1) *
 * unit)}) lives on member {@code u % memberCount} at member data sector {@code (u / memberCount) * unit}. No
 * redundancy: the first member failure fails the volume.
 */
public final class StripedVolume extends Volume {

    StripedVolume(MemberLabel label, BlockDevice[] members, VolumeOptions options, VolumeFault fault) {
        super(label, members, options, fault);
    }

    @Override
    public long sectorCount() {
        return memberDataSectors * memberCount;
    }

    @Override
    void readSectors(long first, byte[] dst, int dstOffset, int totalBytes) {
        int position = 0;
        while (position < totalBytes) {
            long sector = first + position / sectorSizeBytes;
            int lengthBytes = segmentBytes(sector, totalBytes - position);
            if (!readMember(memberOf(sector), offsetOf(sector), dst, dstOffset + position, lengthBytes)) {
                checkUsable(); // a striped volume tolerates no failure: memberFailed has failed it
            }
            position += lengthBytes;
        }
    }

    @Override
    void writeSectors(long first, byte[] src, int srcOffset, int totalBytes, boolean forceUnitAccess) {
        int position = 0;
        while (position < totalBytes) {
            long sector = first + position / sectorSizeBytes;
            int lengthBytes = segmentBytes(sector, totalBytes - position);
            if (!writeMember(memberOf(sector), offsetOf(sector), src, srcOffset + position, lengthBytes,
                    forceUnitAccess)) {
                checkUsable();
            }
            position += lengthBytes;
        }
    }

    @Override
    void resyncRegion(long memberOffset, long sectors) {
        // No redundancy, nothing to bring into agreement.
    }

    @Override
    void rebuildRange(int member, long memberOffset, long sectors) {
        throw new IllegalStateException("a striped volume has nothing to rebuild from");
    }

    /** No redundancy: an unreadable sector is lost. */
    @Override
    boolean sectorFromRedundancy(int member, long memberSector, byte[] dst, int offset) {
        return false;
    }

    private int memberOf(long sector) {
        return (int) ((sector / unitSectors) % memberCount);
    }

    private long offsetOf(long sector) {
        return (sector / unitSectors / memberCount) * unitSectors + sector % unitSectors;
    }

    /** Bytes from {@code sector} to the end of its stripe unit, at most {@code remainingBytes}. */
    private int segmentBytes(long sector, int remainingBytes) {
        long sectors = unitSectors - sector % unitSectors;
        return (int) Math.min(remainingBytes, sectors * sectorSizeBytes);
    }
}
