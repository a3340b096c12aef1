package example.ringlog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * One record in one sector of the ring, little-endian:
 * <pre>
 * offset size field
 *      0    4 magic 0x52474E52
 *      4    2 version 1
 *      6    2 zero
 *      8    8 LSN: it fixes the slot, so a record left from an earlier lap of the ring never matches its slot's LSN
 *     16    8 epoch: the incarnation of the log that wrote it ({@link RingLog})
 *     24    8 durable LSN: every record below it was durable when this one was written ({@link RingLog#open})
 *     32    4 payload length
 *     36    4 CRC32C of bytes 0..35 and the payload
 *     40    n payload, then zeros to the end of the sector
 * </pre>
 * A sector is written whole or not at all (DISK-3), so a record is never torn; a CRC that does not match is
 * a sector never written by this log or a corrupted one (DISK-4).
 */
final class RecordSector {
    static final int MAGIC = 0x52474E52;
    static final short VERSION = 2;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int RESERVED_OFFSET = VERSION_OFFSET + Short.BYTES;
    static final int LSN_OFFSET = RESERVED_OFFSET + Short.BYTES;
    static final int EPOCH_OFFSET = LSN_OFFSET + Long.BYTES;
    static final int DURABLE_OFFSET = EPOCH_OFFSET + Long.BYTES;
    static final int LENGTH_OFFSET = DURABLE_OFFSET + Long.BYTES;
    static final int CRC_OFFSET = LENGTH_OFFSET + Integer.BYTES;
    static final int PAYLOAD_OFFSET = CRC_OFFSET + Integer.BYTES;
    static final int HEADER_BYTES = PAYLOAD_OFFSET;

    /** A record as read from its sector. */
    record Decoded(long lsn, long epoch, long durableLsn, byte[] payload) {
    }

    private RecordSector() {
    }

    static byte[] encode(int sectorSizeBytes, long lsn, long epoch, long durableLsn, byte[] payload) {
        if (payload.length > sectorSizeBytes - HEADER_BYTES) {
            throw new IllegalArgumentException("payload too large: payloadBytes=" + payload.length + " max="
                    + (sectorSizeBytes - HEADER_BYTES));
        }
        ByteBuffer b = ByteBuffer.allocate(sectorSizeBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC_OFFSET, MAGIC).putShort(VERSION_OFFSET, VERSION).putLong(LSN_OFFSET, lsn)
                .putLong(EPOCH_OFFSET, epoch).putLong(DURABLE_OFFSET, durableLsn).putInt(LENGTH_OFFSET, payload.length)
                .put(PAYLOAD_OFFSET, payload);
        b.putInt(CRC_OFFSET, crc(b.array(), payload.length));
        return b.array();
    }

    /** The record in {@code sector}, or null if it holds none (blank, another format, bad length or CRC). */
    static Decoded decode(byte[] sector) {
        ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(MAGIC_OFFSET) != MAGIC || b.getShort(VERSION_OFFSET) != VERSION
                || b.getShort(RESERVED_OFFSET) != 0) {
            return null;
        }
        int length = b.getInt(LENGTH_OFFSET);
        if (length < 0 || length > sector.length - HEADER_BYTES || b.getInt(CRC_OFFSET) != crc(sector, length)) {
            return null; // the length is checked before the CRC reads that far
        }
        return new Decoded(b.getLong(LSN_OFFSET), b.getLong(EPOCH_OFFSET), b.getLong(DURABLE_OFFSET),
                Arrays.copyOfRange(sector, PAYLOAD_OFFSET, PAYLOAD_OFFSET + length));
    }

    private static int crc(byte[] sector, int payloadBytes) {
        CRC32C crc = new CRC32C();
        crc.update(sector, 0, CRC_OFFSET);
        crc.update(sector, PAYLOAD_OFFSET, payloadBytes);
        return (int) crc.getValue();
    }
}
