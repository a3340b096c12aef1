package example.ringlog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * One copy of the restart area (LFS-2), in sector 0 or 1, little-endian:
 * <pre>
 * offset size field
 *      0    4 magic 0x54535252
 *      4    2 version 1
 *      6    2 zero
 *      8    8 sequence: one more for every copy written; the copy in sector s has sequence % 2 == s, so each
 *             write goes to the older copy and the newer one survives a write that fails or is cut short
 *     16    8 epoch: the incarnation of the log that wrote it
 *     24    8 start LSN
 *     32    8 start epoch: the record at the start LSN has this epoch or a later one (see {@link RingLog})
 *     40    8 slot count of the ring (a copy of a log of another size is not this log's)
 *     48    4 client data length
 *     52    4 CRC32C of bytes 0..51 and the client data
 *     56    n client data, then zeros to the end of the sector
 * </pre>
 */
record RestartCopy(long sequence, long epoch, long startLsn, long startEpoch, long slotCount, byte[] clientData) {
    static final int MAGIC = 0x54535252;
    static final short VERSION = 1;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int RESERVED_OFFSET = VERSION_OFFSET + Short.BYTES;
    static final int SEQUENCE_OFFSET = RESERVED_OFFSET + Short.BYTES;
    static final int EPOCH_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    static final int START_LSN_OFFSET = EPOCH_OFFSET + Long.BYTES;
    static final int START_EPOCH_OFFSET = START_LSN_OFFSET + Long.BYTES;
    static final int SLOT_COUNT_OFFSET = START_EPOCH_OFFSET + Long.BYTES;
    static final int LENGTH_OFFSET = SLOT_COUNT_OFFSET + Long.BYTES;
    static final int CRC_OFFSET = LENGTH_OFFSET + Integer.BYTES;
    static final int CLIENT_DATA_OFFSET = CRC_OFFSET + Integer.BYTES;
    static final int HEADER_BYTES = CLIENT_DATA_OFFSET;

    RestartCopy {
        clientData = clientData.clone();
    }

    /** The sector this copy belongs in. */
    long sector() {
        return sequence % Geometry.RESTART_COPIES;
    }

    byte[] encode(int sectorSizeBytes) {
        if (clientData.length > sectorSizeBytes - HEADER_BYTES) {
            throw new IllegalArgumentException("client data too large: clientDataBytes=" + clientData.length
                    + " max=" + (sectorSizeBytes - HEADER_BYTES));
        }
        ByteBuffer b = ByteBuffer.allocate(sectorSizeBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC_OFFSET, MAGIC).putShort(VERSION_OFFSET, VERSION).putLong(SEQUENCE_OFFSET, sequence)
                .putLong(EPOCH_OFFSET, epoch).putLong(START_LSN_OFFSET, startLsn)
                .putLong(START_EPOCH_OFFSET, startEpoch).putLong(SLOT_COUNT_OFFSET, slotCount)
                .putInt(LENGTH_OFFSET, clientData.length).put(CLIENT_DATA_OFFSET, clientData);
        b.putInt(CRC_OFFSET, crc(b.array(), clientData.length));
        return b.array();
    }

    /**
     * The copy in sector {@code sector} of a ring of {@code slotCount} slots.
     *
     * @throws RingLogException saying why, if the sector holds no valid copy
     */
    static RestartCopy decode(byte[] bytes, long sector, long slotCount) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(MAGIC_OFFSET) != MAGIC || b.getShort(VERSION_OFFSET) != VERSION) {
            throw new RingLogException(String.format("no restart copy: sector=%d magic=%08X version=%d", sector,
                    b.getInt(MAGIC_OFFSET), b.getShort(VERSION_OFFSET)));
        }
        int length = b.getInt(LENGTH_OFFSET);
        if (length < 0 || length > bytes.length - HEADER_BYTES) {
            throw new RingLogException("restart copy length out of range: sector=" + sector + " clientDataBytes="
                    + length);
        }
        int calculated = crc(bytes, length);
        if (b.getInt(CRC_OFFSET) != calculated) {
            throw new RingLogException(String.format("restart copy checksum: sector=%d calculated=%08X read=%08X",
                    sector, calculated, b.getInt(CRC_OFFSET)));
        }
        RestartCopy copy = new RestartCopy(b.getLong(SEQUENCE_OFFSET), b.getLong(EPOCH_OFFSET),
                b.getLong(START_LSN_OFFSET), b.getLong(START_EPOCH_OFFSET), b.getLong(SLOT_COUNT_OFFSET),
                Arrays.copyOfRange(bytes, CLIENT_DATA_OFFSET, CLIENT_DATA_OFFSET + length));
        if (copy.sector() != sector || copy.slotCount() != slotCount || copy.startLsn() < RingLog.FIRST_LSN
                || copy.startEpoch() < RingLog.FIRST_EPOCH || copy.startEpoch() > copy.epoch()
                || b.getShort(RESERVED_OFFSET) != 0) {
            throw new RingLogException("restart copy does not belong here: sector=" + sector + " sequence="
                    + copy.sequence() + " slotCount=" + copy.slotCount() + " expectedSlotCount=" + slotCount
                    + " startLsn=" + copy.startLsn() + " startEpoch=" + copy.startEpoch() + " epoch=" + copy.epoch());
        }
        return copy;
    }

    private static int crc(byte[] bytes, int clientDataBytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_OFFSET);
        crc.update(bytes, CLIENT_DATA_OFFSET, clientDataBytes);
        return (int) crc.getValue();
    }
}
