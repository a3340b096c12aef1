package txstack.implementation.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The volume header's decoder takes every field at its limit and refuses it one past (a header that passes its CRC
 * but does not fit the device is corrupt, not a volume to mount).
 */
class VolumeHeaderTest {
    private static final int SECTOR = 512;
    private static final long SECTORS = 4096;

    /** A header of 1 + 100 + 200 sectors and clusters of 4 KiB that end exactly at the device's end. */
    private static VolumeHeader fitting() {
        long clusterFirst = 1 + 100 + 200;
        return new VolumeHeader(SECTOR, SECTORS, 1, 100, 101, 200, clusterFirst, (SECTORS - clusterFirst) / 8, 4096,
                4096, 255, 64);
    }

    private static VolumeHeader decode(VolumeHeader h) {
        return VolumeHeader.decode(h.encode(), SECTOR, SECTORS);
    }

    @Test
    void theCrcIsCrc32cOfTheBytesBeforeIt() {
        byte[] sector = fitting().encode();
        CRC32C crc = new CRC32C();
        crc.update(sector, 0, VolumeHeader.CRC_OFFSET);
        assertEquals((int) crc.getValue(), ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN)
                .getInt(VolumeHeader.CRC_OFFSET));
        assertEquals(fitting(), decode(fitting()));
        sector[VolumeHeader.CLUSTER_BYTES_OFFSET] ^= 1;
        assertTrue(assertThrows(CorruptVolumeException.class, () -> VolumeHeader.decode(sector, SECTOR, SECTORS))
                .getMessage().contains("crc32c mismatch"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "clusters past the device's end",
        "cluster smaller than a sector",
        "cluster above the limit",
        "block below the minimum",
        "block above the limit",
        "name length 0",
        "name length above the limit",
        "index entries below 3",
        "index entries above 0xFFFF",
        "another device size",
        "metadata not right after the log",
    })
    void aHeaderOnePastALimitIsRefused(String what) {
        VolumeHeader h = fitting();
        UnaryOperator<VolumeHeader> past = switch (what) {
            case "clusters past the device's end" -> v -> with(v, v.clusterCount() + 1, v.clusterBytes(),
                    v.blockBytes(), v.nameLengthMax(), v.indexEntriesMax());
            case "cluster smaller than a sector" -> v -> with(v, v.clusterCount(), 256, v.blockBytes(),
                    v.nameLengthMax(), v.indexEntriesMax());
            case "cluster above the limit" -> v -> with(v, 0, FsOptions.CLUSTER_BYTES_LIMIT * 2, v.blockBytes(),
                    v.nameLengthMax(), v.indexEntriesMax());
            case "block below the minimum" -> v -> with(v, v.clusterCount(), v.clusterBytes(),
                    FsOptions.BLOCK_BYTES_MIN / 2, v.nameLengthMax(), v.indexEntriesMax());
            case "block above the limit" -> v -> with(v, v.clusterCount(), v.clusterBytes(),
                    FsOptions.BLOCK_BYTES_LIMIT * 2, v.nameLengthMax(), v.indexEntriesMax());
            case "name length 0" -> v -> with(v, v.clusterCount(), v.clusterBytes(), v.blockBytes(), 0,
                    v.indexEntriesMax());
            case "name length above the limit" -> v -> with(v, v.clusterCount(), v.clusterBytes(), v.blockBytes(),
                    FsOptions.NAME_LENGTH_LIMIT + 1, v.indexEntriesMax());
            case "index entries below 3" -> v -> with(v, v.clusterCount(), v.clusterBytes(), v.blockBytes(),
                    v.nameLengthMax(), 2);
            case "index entries above 0xFFFF" -> v -> with(v, v.clusterCount(), v.clusterBytes(), v.blockBytes(),
                    v.nameLengthMax(), 0x10000);
            case "another device size" -> v -> new VolumeHeader(SECTOR, SECTORS + 1, 1, 100, 101, 200, 301,
                    v.clusterCount(), v.clusterBytes(), v.blockBytes(), v.nameLengthMax(), v.indexEntriesMax());
            case "metadata not right after the log" -> v -> new VolumeHeader(SECTOR, SECTORS, 1, 100, 102, 199, 301,
                    v.clusterCount(), v.clusterBytes(), v.blockBytes(), v.nameLengthMax(), v.indexEntriesMax());
            default -> throw new IllegalArgumentException(what);
        };
        CorruptVolumeException e = assertThrows(CorruptVolumeException.class, () -> decode(past.apply(h)));
        assertTrue(e.getMessage().contains("does not fit the device"), e.getMessage());
    }

    @Test
    void aHeaderAtEveryLimitIsTaken() {
        VolumeHeader h = fitting();
        decode(h); // clusters end exactly at the device's end
        decode(with(h, (SECTORS - 301), SECTOR, FsOptions.BLOCK_BYTES_MIN, 1, 3));
        decode(with(h, 0, FsOptions.CLUSTER_BYTES_LIMIT, FsOptions.BLOCK_BYTES_LIMIT, FsOptions.NAME_LENGTH_LIMIT,
                0xFFFF));
    }

    private static VolumeHeader with(VolumeHeader h, long clusterCount, int clusterBytes, int blockBytes,
                                     int nameLengthMax, int indexEntriesMax) {
        return new VolumeHeader(h.sectorSizeBytes(), h.sectorCount(), h.logFirstSector(), h.logSectors(),
                h.metadataFirstSector(), h.metadataSectors(), h.clusterFirstSector(), clusterCount, clusterBytes,
                blockBytes, nameLengthMax, indexEntriesMax);
    }
}
