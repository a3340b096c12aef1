package txstack.conformance.mount;

import java.util.List;
import txstack.conformance.rig.Rig;
import txstack.spi.disk.SectorSizes;
import txstack.spi.mount.MountEngine;
import txstack.spi.mount.VolumeIdentity;

/**
 * The devices a mount run gives the engine, all in one failure domain (one machine), blank: the registry's hive and
 * its log, the transaction manager's log, {@code volumeCount} volume devices and the offline store's. Volume
 * {@code k} (from 1) is on device {@code volume-k} and has the suite's identity {@link #identity(int)}: odd ones
 * basic, even ones dynamic, so both kinds of database key are exercised.
 *
 * @param sectorSizeBytes every device's sector size, 512 or 4096
 * @param volumeCount     how many volume devices, 1..{@link #VOLUMES_MAX}
 * @param volumeSectors   each volume's device (and the offline store's)
 * @param logSectors      the transaction manager's log, and the hive's log
 * @param hiveSectors     the registry hive
 */
public record MountSetup(int sectorSizeBytes, int volumeCount, long volumeSectors, long logSectors,
                         long hiveSectors) {
    /** The largest device the suite simulates. */
    public static final long SECTORS_MAX = 1 << 16;
    /** The most volumes a run announces. */
    public static final int VOLUMES_MAX = 4;
    private static final List<String> GUIDS = List.of("6f1c9e2a-0b4d-4e8f-9a3c-1d2e3f405162",
            "0a7d3b55-91e2-4c6f-8b1a-5e4d3c2b1a09");

    public MountSetup {
        SectorSizes.require(sectorSizeBytes);
        if (volumeCount < 1 || volumeCount > VOLUMES_MAX) {
            throw new IllegalArgumentException("invalid mount setup: volumes=" + volumeCount + " (1.." + VOLUMES_MAX
                    + ")");
        }
        for (long n : new long[] {volumeSectors, logSectors, hiveSectors}) {
            if (n < 1 || n > SECTORS_MAX) {
                throw new IllegalArgumentException("invalid mount setup: sectors=" + n + " (1.." + SECTORS_MAX + ")");
            }
        }
    }

    /** Three 1 MiB volumes and a 1 MiB offline store, 128 KiB logs, a 1 MiB hive. */
    public static MountSetup defaults(int sectorSizeBytes) {
        return new MountSetup(sectorSizeBytes, 3, (1L << 20) / sectorSizeBytes, (128L << 10) / sectorSizeBytes,
                (1L << 20) / sectorSizeBytes);
    }

    /** The identity the suite gives volume {@code k} (from 1). */
    public static VolumeIdentity identity(int k) {
        requireVolume(k);
        return k % 2 == 1 ? VolumeIdentity.basic(0x7A5C0000 + k, (long) k << 20)
                : VolumeIdentity.dynamic(GUIDS.get(k / 2 - 1));
    }

    /** The volume number of {@code identity}, or 0 if the suite never gives it. */
    public static int volumeOf(VolumeIdentity identity) {
        for (int k = 1; k <= VOLUMES_MAX; k++) {
            if (identity(k).equals(identity)) {
                return k;
            }
        }
        return 0;
    }

    private static void requireVolume(int k) {
        if (k < 1 || k > VOLUMES_MAX) {
            throw new IllegalArgumentException("no such suite volume: k=" + k + " (1.." + VOLUMES_MAX + ")");
        }
    }

    /** A rig with every device by role, blank. */
    Rig rig() {
        Rig rig = new Rig();
        rig.addBlank(MountEngine.TM_LOG, MountLayer.DOMAIN, sectorSizeBytes, logSectors);
        rig.addBlank(MountEngine.HIVE_LOG, MountLayer.DOMAIN, sectorSizeBytes, logSectors);
        rig.addBlank(MountEngine.HIVE, MountLayer.DOMAIN, sectorSizeBytes, hiveSectors);
        for (int k = 1; k <= volumeCount; k++) {
            rig.addBlank(MountEngine.volume(k), MountLayer.DOMAIN, sectorSizeBytes, volumeSectors);
        }
        rig.addBlank(MountEngine.OFFLINE_STORE, MountLayer.DOMAIN, sectorSizeBytes, volumeSectors);
        return rig;
    }

    @Override
    public String toString() {
        return volumeCount + " volumes and an offline store of " + volumeSectors + ", logs " + logSectors + ", hive "
                + hiveSectors + " sectors of " + sectorSizeBytes + " bytes";
    }
}
