package txstack.conformance.cluster;

import txstack.conformance.rig.Rig;
import txstack.spi.cluster.ClusterEngine;
import txstack.spi.cluster.ClusterShape;
import txstack.spi.disk.SectorSizes;

/**
 * What a CSV run gives the engine: the cluster's shape and one blank shared disk in one failure domain (a power
 * loss takes the whole cluster).
 *
 * @param sectorSizeBytes the shared disk's sector size, 512 or 4096
 * @param shape           nodes, files, blocks per file, the first owner of every file
 * @param sharedSectors   the shared disk's size in sectors
 */
public record CsvSetup(int sectorSizeBytes, ClusterShape shape, long sharedSectors) {
    /** The largest shared disk the suite simulates. */
    public static final long SECTORS_MAX = 1 << 16;
    static final String DOMAIN = "cluster";

    public CsvSetup {
        SectorSizes.require(sectorSizeBytes);
        if (sharedSectors < 1 || sharedSectors > SECTORS_MAX) {
            throw new IllegalArgumentException("invalid shared disk: sectors=" + sharedSectors + " (1.."
                    + SECTORS_MAX + ")");
        }
    }

    /** Three nodes (node 0 the coordinator), two files of 4 blocks owned by node 1, a 1 MiB shared disk. */
    public static CsvSetup defaults(int sectorSizeBytes) {
        return new CsvSetup(sectorSizeBytes, new ClusterShape(3, 2, 4, 1), (1L << 20) / sectorSizeBytes);
    }

    Rig rig() {
        Rig rig = new Rig();
        rig.addBlank(ClusterEngine.SHARED, DOMAIN, sectorSizeBytes, sharedSectors);
        return rig;
    }

    @Override
    public String toString() {
        return shape.nodes() + " nodes, " + shape.files() + " files of " + shape.blocksPerFile() + " blocks, a shared "
                + "disk of " + sharedSectors + " sectors of " + sectorSizeBytes + " bytes";
    }
}
