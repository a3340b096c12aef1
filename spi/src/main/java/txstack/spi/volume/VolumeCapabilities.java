package txstack.spi.volume;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import txstack.spi.disk.SectorSizes;

/**
 * What a volume engine claims to handle; the suite runs only that and skips the rest.
 *
 * @param layouts          the layouts it creates
 * @param sectorSizesBytes the member sector sizes it takes (a subset of 512 and 4096)
 * @param membersMax       the most members one volume may have
 */
public record VolumeCapabilities(Set<VolumeLayout> layouts, Set<Integer> sectorSizesBytes, int membersMax) {

    public VolumeCapabilities {
        if (layouts.isEmpty() || sectorSizesBytes.isEmpty() || membersMax < 2) {
            throw new IllegalArgumentException("an engine must claim a layout, a sector size and at least 2 members: "
                    + "layouts=" + layouts + " sectorSizesBytes=" + sectorSizesBytes + " membersMax=" + membersMax);
        }
        sectorSizesBytes.forEach(SectorSizes::require);
        layouts = Set.copyOf(EnumSet.copyOf(layouts));
        sectorSizesBytes = Set.copyOf(new TreeSet<>(sectorSizesBytes));
    }

    /** Every layout and sector size, up to 8 members. */
    public static VolumeCapabilities all() {
        return new VolumeCapabilities(EnumSet.allOf(VolumeLayout.class), SectorSizes.ALLOWED, 8);
    }

    public boolean claims(VolumeLayout layout, int sectorSizeBytes, int memberCount) {
        return layouts.contains(layout) && sectorSizesBytes.contains(sectorSizeBytes) && memberCount <= membersMax;
    }
}
