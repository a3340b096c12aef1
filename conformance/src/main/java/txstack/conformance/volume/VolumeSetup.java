package txstack.conformance.volume;

import java.util.List;
import txstack.spi.volume.VolumeLayout;
import txstack.spi.disk.SectorSizes;

/**
 * The volume the suite builds: its layout and the simulated member disks under it.
 *
 * @param layout            mirror or RAID-5
 * @param memberCount       members (simulated disks)
 * @param sectorSizeBytes   sector size of every member, 512 or 4096
 * @param memberSectorCount sectors per member, small so every block of the volume is checked after every crash
 * @param stripeUnitSectors the stripe unit the workloads assume, in sectors: which writes they size and align as whole
 *                          stripes or units. A hint: the engine chooses its own stripe unit ({@link
 *                          txstack.spi.volume.VolumeEngine})
 */
public record VolumeSetup(VolumeLayout layout, int memberCount, int sectorSizeBytes, long memberSectorCount,
                          int stripeUnitSectors) {
    /** The largest volume the suite checks block by block. */
    public static final long MEMBER_SECTORS_MAX = 1 << 12;

    public VolumeSetup {
        int min = layout == VolumeLayout.MIRROR ? 2 : 3;
        if (memberCount < min || memberCount > 8 || !SectorSizes.isAllowed(sectorSizeBytes)
                || memberSectorCount < 2 || memberSectorCount > MEMBER_SECTORS_MAX || stripeUnitSectors < 1) {
            throw new IllegalArgumentException("invalid volume setup: layout=" + layout + " memberCount="
                    + memberCount + " sectorSizeBytes=" + sectorSizeBytes + " memberSectorCount=" + memberSectorCount
                    + " stripeUnitSectors=" + stripeUnitSectors);
        }
    }

    /** Two-way mirror of 24 blocks; RAID-5 over three members, 2-sector units, 6 stripes of 4 data blocks. */
    public static VolumeSetup defaults(VolumeLayout layout) {
        return switch (layout) {
            case MIRROR -> new VolumeSetup(layout, 2, 512, 25, 2);
            case RAID5 -> new VolumeSetup(layout, 3, 512, 13, 2);
        };
    }

    /**
     * The geometries a run draws from, one per workload, when none is fixed: the default first, then more members
     * (a 3-way mirror; RAID-5 over 4 members with writes sized for 1-sector units, where a small write's
     * read-modify-write costs less than reconstructing the stripe) and 4 KiB sectors. The default members and the 3-way
     * mirror's have an odd number of sectors, the others an even one: an engine that keeps two sectors for itself
     * and rounds its share to units of one or two sectors uses every sector of an even member, so a replacement, or
     * an assembled member, of exactly the size it needs is met there.
     */
    public static List<VolumeSetup> drawn(VolumeLayout layout) {
        return switch (layout) {
            case MIRROR -> List.of(defaults(layout), new VolumeSetup(layout, 3, 512, 25, 2),
                    new VolumeSetup(layout, 2, 4096, 24, 2));
            case RAID5 -> List.of(defaults(layout), new VolumeSetup(layout, 4, 512, 12, 1),
                    new VolumeSetup(layout, 3, 4096, 12, 2));
        };
    }

    /** A short name for reports, e.g. {@code RAID5 x4, 1-sector units, 512-byte sectors}. */
    public String label() {
        return layout + " x" + memberCount + ", " + stripeUnitSectors + "-sector units, " + sectorSizeBytes
                + "-byte sectors";
    }

    /** Data blocks per stripe: writes of this many, aligned, are full-stripe writes. */
    public int stripeDataBlocks() {
        return layout == VolumeLayout.MIRROR ? stripeUnitSectors : (memberCount - 1) * stripeUnitSectors;
    }

    /** How many members may be lost at once. */
    public int tolerance() {
        return layout == VolumeLayout.MIRROR ? memberCount - 1 : 1;
    }
}
