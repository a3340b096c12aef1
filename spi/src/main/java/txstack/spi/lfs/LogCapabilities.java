package txstack.spi.lfs;

import java.util.Set;
import java.util.TreeSet;
import txstack.spi.disk.SectorSizes;

/**
 * What a log engine claims to handle; the suite runs only that and skips the rest (or says why it cannot run).
 *
 * @param sectorSizesBytes the sector sizes of log devices the engine formats (a subset of 512 and 4096)
 */
public record LogCapabilities(Set<Integer> sectorSizesBytes) {

    public LogCapabilities {
        if (sectorSizesBytes.isEmpty()) {
            throw new IllegalArgumentException("an engine must claim at least one sector size");
        }
        sectorSizesBytes.forEach(SectorSizes::require);
        sectorSizesBytes = Set.copyOf(new TreeSet<>(sectorSizesBytes));
    }

    /** Both sector sizes. */
    public static LogCapabilities all() {
        return new LogCapabilities(SectorSizes.ALLOWED);
    }

    public boolean claims(int sectorSizeBytes) {
        return sectorSizesBytes.contains(sectorSizeBytes);
    }
}
