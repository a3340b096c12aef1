package txstack.implementation.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The volume header in sector 0, written durably at format. Little-endian:
 *
 * <pre>
 * offset size field
 *      0    4 magic "TXFS" (0x53465854)
 *      4    4 version (1)
 *      8    4 sectorSizeBytes
 *     12    8 sectorCount of the device
 *     20    8 logFirstSector
 *     28    8 logSectors
 *     36    8 metadataFirstSector
 *     44    8 metadataSectors
 *     52    8 clusterFirstSector
 *     60    8 clusterCount
 *     68    4 clusterBytes
 *     72    4 blockBytes
 *     76    4 nameLengthMax
 *     80    4 indexEntriesMax (entries an index node holds before it splits)
 *     84    4 CRC32C of bytes [0, 84)
 * </pre>
 */
record VolumeHeader(int sectorSizeBytes, long sectorCount, long logFirstSector, long logSectors,
                    long metadataFirstSector, long metadataSectors, long clusterFirstSector, long clusterCount,
                    int clusterBytes, int blockBytes, int nameLengthMax, int indexEntriesMax) {
    static final int MAGIC = 0x53465854;
    static final int VERSION = 1;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + 4;
    static final int SECTOR_SIZE_OFFSET = VERSION_OFFSET + 4;
    static final int SECTOR_COUNT_OFFSET = SECTOR_SIZE_OFFSET + 4;
    static final int LOG_FIRST_OFFSET = SECTOR_COUNT_OFFSET + 8;
    static final int LOG_SECTORS_OFFSET = LOG_FIRST_OFFSET + 8;
    static final int META_FIRST_OFFSET = LOG_SECTORS_OFFSET + 8;
    static final int META_SECTORS_OFFSET = META_FIRST_OFFSET + 8;
    static final int CLUSTER_FIRST_OFFSET = META_SECTORS_OFFSET + 8;
    static final int CLUSTER_COUNT_OFFSET = CLUSTER_FIRST_OFFSET + 8;
    static final int CLUSTER_BYTES_OFFSET = CLUSTER_COUNT_OFFSET + 8;
    static final int BLOCK_BYTES_OFFSET = CLUSTER_BYTES_OFFSET + 4;
    static final int NAME_LENGTH_OFFSET = BLOCK_BYTES_OFFSET + 4;
    static final int INDEX_ENTRIES_OFFSET = NAME_LENGTH_OFFSET + 4;
    static final int CRC_OFFSET = INDEX_ENTRIES_OFFSET + 4;
    static final int BYTES = CRC_OFFSET + 4;

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(sectorSizeBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).putInt(sectorSizeBytes).putLong(sectorCount).putLong(logFirstSector)
                .putLong(logSectors).putLong(metadataFirstSector).putLong(metadataSectors)
                .putLong(clusterFirstSector).putLong(clusterCount).putInt(clusterBytes).putInt(blockBytes)
                .putInt(nameLengthMax).putInt(indexEntriesMax);
        b.putInt(CRC_OFFSET, crc(b.array()));
        return b.array();
    }

    static VolumeHeader decode(byte[] sector, int deviceSectorSize, long deviceSectorCount) {
        if (sector.length < BYTES) {
            throw new CorruptVolumeException("volume header too short: lengthBytes=" + sector.length);
        }
        ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(MAGIC_OFFSET) != MAGIC || b.getInt(VERSION_OFFSET) != VERSION) {
            throw new CorruptVolumeException(String.format("not a txstack volume: magic=0x%08X version=%d",
                    b.getInt(MAGIC_OFFSET), b.getInt(VERSION_OFFSET)));
        }
        int calculated = crc(sector);
        if (calculated != b.getInt(CRC_OFFSET)) {
            throw new CorruptVolumeException(String.format("crc32c mismatch: volumeHeader offset=0x%X"
                    + " calculated=0x%08X read=0x%08X", CRC_OFFSET, calculated, b.getInt(CRC_OFFSET)));
        }
        VolumeHeader h = new VolumeHeader(b.getInt(SECTOR_SIZE_OFFSET), b.getLong(SECTOR_COUNT_OFFSET),
                b.getLong(LOG_FIRST_OFFSET), b.getLong(LOG_SECTORS_OFFSET), b.getLong(META_FIRST_OFFSET),
                b.getLong(META_SECTORS_OFFSET), b.getLong(CLUSTER_FIRST_OFFSET), b.getLong(CLUSTER_COUNT_OFFSET),
                b.getInt(CLUSTER_BYTES_OFFSET), b.getInt(BLOCK_BYTES_OFFSET), b.getInt(NAME_LENGTH_OFFSET), b.getInt(INDEX_ENTRIES_OFFSET));
        h.check(deviceSectorSize, deviceSectorCount);
        return h;
    }

    private void check(int deviceSectorSize, long deviceSectorCount) {
        boolean ok = sectorSizeBytes == deviceSectorSize && sectorCount == deviceSectorCount
                && logFirstSector == 1 && logSectors > 0 && metadataFirstSector == logFirstSector + logSectors
                && metadataSectors > 0 && clusterFirstSector == metadataFirstSector + metadataSectors
                && clusterBytes >= sectorSizeBytes && clusterBytes <= FsOptions.CLUSTER_BYTES_LIMIT
                && Integer.bitCount(clusterBytes) == 1 && blockBytes >= FsOptions.BLOCK_BYTES_MIN
                && blockBytes <= FsOptions.BLOCK_BYTES_LIMIT && Integer.bitCount(blockBytes) == 1
                && nameLengthMax >= 1 && nameLengthMax <= FsOptions.NAME_LENGTH_LIMIT && clusterCount >= 0
                && indexEntriesMax >= 3 && indexEntriesMax <= 0xFFFF
                && clusterFirstSector + clusterCount * (clusterBytes / sectorSizeBytes) <= sectorCount;
        if (!ok) {
            throw new CorruptVolumeException("volume header does not fit the device: header=" + this
                    + " deviceSectorSizeBytes=" + deviceSectorSize + " deviceSectorCount=" + deviceSectorCount);
        }
    }

    private static int crc(byte[] sector) {
        CRC32C crc = new CRC32C();
        crc.update(sector, 0, CRC_OFFSET);
        return (int) crc.getValue();
    }
}
