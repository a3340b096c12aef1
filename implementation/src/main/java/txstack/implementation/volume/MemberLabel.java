package txstack.implementation.volume;

import java.util.Arrays;

/**
 * One member's label, decoded ({@link LabelCodec} has the byte diagram). Every member of a volume carries the same
 * label but for {@code memberIndex}; the members the newest generation counts as failed carry none of it.
 *
 * @param sectorSizeBytes   the members' sector size
 * @param volumeId          random per volume: a member of another volume never passes for one of this one
 * @param layout            how the volume spreads over its members
 * @param memberCount       members of the volume, failed ones included
 * @param memberIndex       this member's slot, 0 to {@code memberCount - 1}
 * @param stripeUnitSectors sectors per stripe unit
 * @param memberDataSectors sectors of data per member, after the two label copies
 * @param generation        bumped by every assembly and every membership change: the highest is the truth
 * @param failedMask        bit {@code i}: member {@code i} is out of the volume as of this generation
 * @param open              true while the volume is in use: found at assembly, it means an unclean shutdown
 * @param regionSectors     member sectors each bit of {@code dirtyBitmap} covers (whole stripes)
 * @param regionCount       bits in {@code dirtyBitmap}
 * @param dirtyBitmap       regions written since the last assembly: resynchronised after an unclean shutdown;
 *                          owned by the record, never modified
 */
public record MemberLabel(int sectorSizeBytes, long volumeId, Layout layout, int memberCount, int memberIndex,
                          int stripeUnitSectors, long memberDataSectors, long generation, int failedMask,
                          boolean open, int regionSectors, int regionCount, byte[] dirtyBitmap) {

    /** The same label for another member slot. */
    MemberLabel forMember(int index) {
        return new MemberLabel(sectorSizeBytes, volumeId, layout, memberCount, index, stripeUnitSectors,
                memberDataSectors, generation, failedMask, open, regionSectors, regionCount, dirtyBitmap);
    }

    /** The same label with another volume id: for {@link VolumeFault#FOREIGN_MEMBER_ACCEPTED} only. */
    MemberLabel withVolumeId(long id) {
        return new MemberLabel(sectorSizeBytes, id, layout, memberCount, memberIndex, stripeUnitSectors,
                memberDataSectors, generation, failedMask, open, regionSectors, regionCount, dirtyBitmap);
    }

    boolean dirty(int region) {
        return (dirtyBitmap[region >>> 3] & (1 << (region & 7))) != 0;
    }

    /** True if every geometry field (not the index, generation or state) equals {@code other}'s. */
    boolean sameGeometry(MemberLabel other) {
        return sectorSizeBytes == other.sectorSizeBytes && volumeId == other.volumeId && layout == other.layout
                && memberCount == other.memberCount && stripeUnitSectors == other.stripeUnitSectors
                && memberDataSectors == other.memberDataSectors && regionSectors == other.regionSectors
                && regionCount == other.regionCount;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemberLabel l && sameGeometry(l) && memberIndex == l.memberIndex
                && generation == l.generation && failedMask == l.failedMask && open == l.open
                && Arrays.equals(dirtyBitmap, l.dirtyBitmap);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(volumeId) * 31 + Long.hashCode(generation) * 7 + memberIndex;
    }

    @Override
    public String toString() {
        return "MemberLabel[volumeId=" + LabelCodec.hex(volumeId) + " layout=" + layout + " memberCount="
                + memberCount + " memberIndex=" + memberIndex + " generation=" + generation + " failedMask=0x"
                + Integer.toHexString(failedMask) + " open=" + open + " sectorSizeBytes=" + sectorSizeBytes
                + " stripeUnitSectors=" + stripeUnitSectors + " memberDataSectors=" + memberDataSectors
                + " regionSectors=" + regionSectors + " regionCount=" + regionCount + "]";
    }
}
