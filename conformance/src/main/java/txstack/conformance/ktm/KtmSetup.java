package txstack.conformance.ktm;

import txstack.conformance.rig.Rig;
import txstack.spi.disk.SectorSizes;
import txstack.spi.ktm.TransactionEngine;

/**
 * The devices a transaction run gives the engine, all in one failure domain (one machine), blank.
 *
 * @param sectorSizeBytes every device's sector size, 512 or 4096
 * @param volumeSectors   the file system's volume
 * @param logSectors      the transaction manager's log, and the hive's log
 * @param hiveSectors     the registry hive
 */
public record KtmSetup(int sectorSizeBytes, long volumeSectors, long logSectors, long hiveSectors) {
    /** The largest device the suite simulates. */
    public static final long SECTORS_MAX = 1 << 16;

    public KtmSetup {
        SectorSizes.require(sectorSizeBytes);
        for (long n : new long[] {volumeSectors, logSectors, hiveSectors}) {
            if (n < 1 || n > SECTORS_MAX) {
                throw new IllegalArgumentException("invalid transaction setup: sectors=" + n + " (1.." + SECTORS_MAX
                        + ")");
            }
        }
    }

    /** A 2 MiB volume, 128 KiB logs, a 1 MiB hive. */
    public static KtmSetup defaults(int sectorSizeBytes) {
        return new KtmSetup(sectorSizeBytes, (2L << 20) / sectorSizeBytes, (128L << 10) / sectorSizeBytes,
                (1L << 20) / sectorSizeBytes);
    }

    /** A rig with the four devices by role and the suite participant's, blank. */
    Rig rig() {
        Rig rig = new Rig();
        rig.addBlank(TransactionEngine.TM_LOG, KtmLayer.DOMAIN, sectorSizeBytes, logSectors);
        rig.addBlank(TransactionEngine.VOLUME, KtmLayer.DOMAIN, sectorSizeBytes, volumeSectors);
        rig.addBlank(TransactionEngine.HIVE_LOG, KtmLayer.DOMAIN, sectorSizeBytes, logSectors);
        rig.addBlank(TransactionEngine.HIVE, KtmLayer.DOMAIN, sectorSizeBytes, hiveSectors);
        rig.addBlank(SuiteParticipant.DEVICE, KtmLayer.DOMAIN, sectorSizeBytes,
                SuiteParticipant.sectors(sectorSizeBytes));
        return rig;
    }

    @Override
    public String toString() {
        return "volume " + volumeSectors + ", logs " + logSectors + ", hive " + hiveSectors + " sectors of "
                + sectorSizeBytes + " bytes";
    }
}
