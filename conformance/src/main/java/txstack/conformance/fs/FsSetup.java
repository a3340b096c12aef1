package txstack.conformance.fs;

import txstack.spi.disk.SectorSizes;

/**
 * The device a file-system run gives the engine.
 *
 * @param sectorSizeBytes the volume's sector size, 512 or 4096
 * @param sectors         sectors of the volume: small, so that crash states are cheap and a full volume is reachable
 */
public record FsSetup(int sectorSizeBytes, long sectors) {
    /** The largest volume the suite simulates. */
    public static final long SECTORS_MAX = 1 << 16;

    public FsSetup {
        SectorSizes.require(sectorSizeBytes);
        if (sectors < 1 || sectors > SECTORS_MAX) {
            throw new IllegalArgumentException("invalid file-system setup: sectors=" + sectors + " (1.." + SECTORS_MAX
                    + ")");
        }
    }

    /** 2 MiB volumes: 4,096 sectors of 512 bytes, or 512 of 4,096. */
    public static FsSetup defaults(int sectorSizeBytes) {
        return new FsSetup(sectorSizeBytes, (2L << 20) / sectorSizeBytes);
    }

    @Override
    public String toString() {
        return "volume of " + sectors + " sectors of " + sectorSizeBytes + " bytes";
    }
}
