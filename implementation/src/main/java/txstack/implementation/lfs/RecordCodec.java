package txstack.implementation.lfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes the header of a log record (LFS-3, LFS-6). Records are contiguous in the page stream (see
 * {@link LogPageCodec}) and may span pages, header included; a record's LSN is the stream offset of its header.
 *
 * <pre>
 * Record: HEADER_BYTES + payloadBytes stream bytes, every field little-endian.
 *
 *  offset  bytes  field
 *       0      4  payloadBytes  0 .. maxPayloadBytes (bounded before anything is allocated)
 *       4      4  crc32c        CRC32C of (lsn int64, prevLsn int64, payloadBytes int32, crc32c(payload) int32)
 *       8      8  prevLsn       LSN of the record before, 0 if none is known (chains records for recovery)
 *      16      n  payload
 * </pre>
 *
 * <p>The checksum covers the LSN, so a record read at the wrong place or from an earlier lap fails it; it covers
 * the payload through the payload's own CRC32C, which appenders compute before they take the log's lock.
 */
final class RecordCodec {
    static final int PAYLOAD_BYTES_OFFSET = 0;
    static final int CRC_OFFSET = PAYLOAD_BYTES_OFFSET + Integer.BYTES;
    static final int PREV_LSN_OFFSET = CRC_OFFSET + Integer.BYTES;
    static final int HEADER_BYTES = PREV_LSN_OFFSET + Long.BYTES;

    private static final int CHECKED_FIELDS_BYTES = Long.BYTES + Long.BYTES + Integer.BYTES + Integer.BYTES;

    /** A decoded record header. */
    record RecordHeader(int payloadBytes, int checksum, long prevLsn) {
    }

    private RecordCodec() {
    }

    /** The checksum stored in the header of the record at {@code lsn}. */
    static int checksum(long lsn, long prevLsn, int payloadBytes, int payloadChecksum) {
        byte[] fields = new byte[CHECKED_FIELDS_BYTES];
        ByteBuffer.wrap(fields).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(lsn).putLong(prevLsn).putInt(payloadBytes).putInt(payloadChecksum);
        return Checksums.crc32c(fields, 0, fields.length);
    }

    static int payloadChecksum(byte[] payload) {
        return Checksums.crc32c(payload, 0, payload.length);
    }

    static byte[] encodeHeader(int payloadBytes, int checksum, long prevLsn) {
        byte[] header = new byte[HEADER_BYTES];
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(PAYLOAD_BYTES_OFFSET, payloadBytes)
                .putInt(CRC_OFFSET, checksum)
                .putLong(PREV_LSN_OFFSET, prevLsn);
        return header;
    }

    /**
     * Decodes the header at {@code bytes}' position (the buffer is not moved).
     *
     * @throws CorruptLogException if fewer than {@link #HEADER_BYTES} remain or the length is out of bounds
     */
    static RecordHeader decodeHeader(ByteBuffer bytes, int maxPayloadBytes) {
        if (bytes.remaining() < HEADER_BYTES) {
            throw new CorruptLogException("truncated record header: lengthBytes=" + bytes.remaining()
                    + " headerBytes=" + HEADER_BYTES);
        }
        return decodeHeader(bytes.slice().order(ByteOrder.LITTLE_ENDIAN), 0, maxPayloadBytes);
    }

    /**
     * Decodes the header at {@code index} of {@code b}, a little-endian buffer with at least {@link #HEADER_BYTES}
     * bytes there; nothing is allocated but the header.
     *
     * @throws CorruptLogException if the length is out of bounds
     */
    static RecordHeader decodeHeader(ByteBuffer b, int index, int maxPayloadBytes) {
        int payloadBytes = b.getInt(index + PAYLOAD_BYTES_OFFSET);
        if (payloadBytes < 0 || payloadBytes > maxPayloadBytes) {
            throw new CorruptLogException("record length out of range: offset=" + Checksums.hex(PAYLOAD_BYTES_OFFSET)
                    + " payloadBytes=" + payloadBytes + " maxPayloadBytes=" + maxPayloadBytes);
        }
        return new RecordHeader(payloadBytes, b.getInt(index + CRC_OFFSET), b.getLong(index + PREV_LSN_OFFSET));
    }

    /**
     * Checks a whole record: header at {@code bytes}' position, then the payload; returns the payload.
     *
     * @throws CorruptLogException if the bytes are not a whole, valid record at {@code lsn}
     */
    static byte[] decode(ByteBuffer bytes, long lsn, int maxPayloadBytes) {
        RecordHeader header = decodeHeader(bytes, maxPayloadBytes);
        if (bytes.remaining() - HEADER_BYTES < header.payloadBytes()) {
            throw new CorruptLogException("truncated record: lsn=" + lsn + " payloadBytes=" + header.payloadBytes()
                    + " availableBytes=" + (bytes.remaining() - HEADER_BYTES));
        }
        byte[] payload = new byte[header.payloadBytes()];
        bytes.get(bytes.position() + HEADER_BYTES, payload);
        verify(lsn, header, payload);
        return payload;
    }

    /**
     * {@link #verify} for long scans: reuses its checksum state and takes the payload where it lies (a range of an
     * array, or a buffer's remaining bytes), so checking a record allocates nothing. Not thread-safe.
     */
    static final class Verifier {
        private final CRC32C crc = new CRC32C();
        private final ByteBuffer fields = ByteBuffer.allocate(CHECKED_FIELDS_BYTES).order(ByteOrder.LITTLE_ENDIAN);

        /** True if bytes {@code [offset, offset + header.payloadBytes())} of {@code payload} are the record. */
        boolean matches(long lsn, RecordHeader header, byte[] payload, int offset) {
            crc.reset();
            crc.update(payload, offset, header.payloadBytes());
            return checksum(lsn, header) == header.checksum();
        }

        /**
         * @throws CorruptLogException unless bytes {@code [index, index + header.payloadBytes())} of {@code source}
         *                             are the payload of the record at {@code lsn}
         */
        void verify(long lsn, RecordHeader header, ByteBuffer source, int index) {
            crc.reset();
            if (source.hasArray()) {
                crc.update(source.array(), source.arrayOffset() + index, header.payloadBytes());
            } else {
                crc.update(source.duplicate().limit(index + header.payloadBytes()).position(index));
            }
            int calculated = checksum(lsn, header);
            if (calculated != header.checksum()) {
                throw new CorruptLogException("crc32c mismatch: record lsn=" + lsn + " offset=" + Checksums.hex(lsn)
                        + " calculated=" + Checksums.hex(calculated) + " read=" + Checksums.hex(header.checksum()));
            }
        }

        /** The header checksum, with {@link #crc} holding the payload's. */
        private int checksum(long lsn, RecordHeader header) {
            int payloadChecksum = (int) crc.getValue();
            fields.clear();
            fields.putLong(lsn).putLong(header.prevLsn()).putInt(header.payloadBytes()).putInt(payloadChecksum);
            crc.reset();
            crc.update(fields.array(), 0, CHECKED_FIELDS_BYTES);
            return (int) crc.getValue();
        }
    }

    /** @throws CorruptLogException if {@code payload} and {@code header} are not the record at {@code lsn} */
    static void verify(long lsn, RecordHeader header, byte[] payload) {
        int calculated = checksum(lsn, header.prevLsn(), payload.length, payloadChecksum(payload));
        if (calculated != header.checksum()) {
            throw new CorruptLogException("crc32c mismatch: record lsn=" + lsn + " offset=" + Checksums.hex(lsn)
                    + " calculated=" + Checksums.hex(calculated) + " read=" + Checksums.hex(header.checksum()));
        }
    }
}
