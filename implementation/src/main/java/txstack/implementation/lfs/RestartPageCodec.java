package txstack.implementation.lfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes and decodes one restart copy (LFS-1, LFS-2). The device starts with two copies, copy {@code i} at byte
 * {@code i * COPY_SIZE_BYTES}; each is written whole with force-unit-access, into the older copy, so a torn write
 * (several sectors on a 512 B disk) spoils only the copy being written and the CRC finds it.
 *
 * <pre>
 * Restart copy: COPY_SIZE_BYTES = 4096, every field little-endian.
 *
 *  offset  bytes  field
 *       0      4  magic              "TXLR" (0x524C5854)
 *       4      4  version            1
 *       8      4  crc32c             CRC32C of bytes [12, 4096): a torn write of any sector fails it
 *      12      4  sectorSizeBytes    512 or 4096
 *      16      8  firstLogSector     COPY_COUNT * 4096 / sectorSizeBytes
 *      24      8  logPageCount       P: log pages (one sector each) after the restart copies
 *      32      4  maxPayloadBytes    bounds every record length read back
 *      36      4  maxClientDataBytes bounds clientDataLength
 *      40      4  flushBatchPages    most pages one flush writes before device.flush()
 *      44      8  logId              random per format
 *      52      8  sequence           the valid copy with the larger one is the newest
 *      60      8  startLsn           the durable logical start (LFS-5)
 *      68      8  epoch              incarnation: bumped durably by every open
 *      76      8  epochStartLsn      the end recovery found when this epoch opened: no byte at or past it
 *                                    in a page of an older epoch is valid (it was written by a dead one)
 *      84      4  clientDataLength   0 .. maxClientDataBytes
 *      88      n  clientData         then zeros up to 4096
 * </pre>
 *
 * <p>{@code sequence} orders the copies (the valid one with the larger wins); {@code epoch} is the incarnation
 * (bumped by every open, carried by every log page); {@code logId} is random per format, so pages of an earlier log
 * on the same device never pass for this one's. Decoding never trusts a length before bounding it and never
 * throws anything but {@link CorruptLogException}.
 */
final class RestartPageCodec {
    static final int COPY_SIZE_BYTES = 4096;
    static final int COPY_COUNT = 2;
    static final int MAGIC = 0x524C5854; // "TXLR" read little-endian
    static final int VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int CRC_OFFSET = VERSION_OFFSET + Integer.BYTES;
    static final int SECTOR_SIZE_OFFSET = CRC_OFFSET + Integer.BYTES;
    static final int FIRST_LOG_SECTOR_OFFSET = SECTOR_SIZE_OFFSET + Integer.BYTES;
    static final int LOG_PAGE_COUNT_OFFSET = FIRST_LOG_SECTOR_OFFSET + Long.BYTES;
    static final int MAX_PAYLOAD_OFFSET = LOG_PAGE_COUNT_OFFSET + Long.BYTES;
    static final int MAX_CLIENT_DATA_OFFSET = MAX_PAYLOAD_OFFSET + Integer.BYTES;
    static final int FLUSH_BATCH_PAGES_OFFSET = MAX_CLIENT_DATA_OFFSET + Integer.BYTES;
    static final int LOG_ID_OFFSET = FLUSH_BATCH_PAGES_OFFSET + Integer.BYTES;
    static final int SEQUENCE_OFFSET = LOG_ID_OFFSET + Long.BYTES;
    static final int START_LSN_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    static final int EPOCH_OFFSET = START_LSN_OFFSET + Long.BYTES;
    static final int EPOCH_START_LSN_OFFSET = EPOCH_OFFSET + Long.BYTES;
    static final int CLIENT_DATA_LENGTH_OFFSET = EPOCH_START_LSN_OFFSET + Long.BYTES;
    static final int CLIENT_DATA_OFFSET = CLIENT_DATA_LENGTH_OFFSET + Integer.BYTES;
    static final int MAX_CLIENT_DATA_BYTES = COPY_SIZE_BYTES - CLIENT_DATA_OFFSET;

    /** One decoded restart copy. {@code clientData} is owned by the record: callers never modify it. */
    record RestartPage(int sectorSizeBytes, long firstLogSector, long logPageCount, int maxPayloadBytes,
                       int maxClientDataBytes, int flushBatchPages, long logId, long sequence, long startLsn,
                       long epoch, long epochStartLsn, byte[] clientData) {

        /** The copy a new incarnation writes when it opens: same area, next sequence, its epoch and end. */
        RestartPage withEpoch(long newSequence, long newEpoch, long newEpochStartLsn) {
            return new RestartPage(sectorSizeBytes, firstLogSector, logPageCount, maxPayloadBytes,
                    maxClientDataBytes, flushBatchPages, logId, newSequence, startLsn, newEpoch, newEpochStartLsn,
                    clientData);
        }

        /** The copy {@code writeRestartArea} writes: a new area, the next sequence, the same incarnation. */
        RestartPage withArea(long newSequence, long newStartLsn, byte[] newClientData) {
            return new RestartPage(sectorSizeBytes, firstLogSector, logPageCount, maxPayloadBytes,
                    maxClientDataBytes, flushBatchPages, logId, newSequence, newStartLsn, epoch, epochStartLsn,
                    newClientData);
        }

        @Override
        public String toString() {
            return "RestartPage[sequence=" + sequence + ", startLsn=" + startLsn + ", epoch=" + epoch
                    + ", epochStartLsn=" + epochStartLsn + ", logId="
                    + Checksums.hex(logId) + ", clientDataBytes=" + clientData.length + "]";
        }
    }

    private RestartPageCodec() {
    }

    static byte[] encode(RestartPage page) {
        if (page.clientData().length > MAX_CLIENT_DATA_BYTES) {
            throw new IllegalArgumentException("client data too large: clientDataBytes=" + page.clientData().length
                    + " max=" + MAX_CLIENT_DATA_BYTES);
        }
        byte[] bytes = new byte[COPY_SIZE_BYTES];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC_OFFSET, MAGIC);
        b.putInt(VERSION_OFFSET, VERSION);
        b.putInt(SECTOR_SIZE_OFFSET, page.sectorSizeBytes());
        b.putLong(FIRST_LOG_SECTOR_OFFSET, page.firstLogSector());
        b.putLong(LOG_PAGE_COUNT_OFFSET, page.logPageCount());
        b.putInt(MAX_PAYLOAD_OFFSET, page.maxPayloadBytes());
        b.putInt(MAX_CLIENT_DATA_OFFSET, page.maxClientDataBytes());
        b.putInt(FLUSH_BATCH_PAGES_OFFSET, page.flushBatchPages());
        b.putLong(LOG_ID_OFFSET, page.logId());
        b.putLong(SEQUENCE_OFFSET, page.sequence());
        b.putLong(START_LSN_OFFSET, page.startLsn());
        b.putLong(EPOCH_OFFSET, page.epoch());
        b.putLong(EPOCH_START_LSN_OFFSET, page.epochStartLsn());
        b.putInt(CLIENT_DATA_LENGTH_OFFSET, page.clientData().length);
        b.put(CLIENT_DATA_OFFSET, page.clientData());
        b.putInt(CRC_OFFSET, Checksums.crc32c(bytes, SECTOR_SIZE_OFFSET, COPY_SIZE_BYTES - SECTOR_SIZE_OFFSET));
        return bytes;
    }

    /**
     * Decodes the copy at {@code copy}'s position (the buffer is not moved). With {@code verifyChecksum} false (the
     * broken {@link LogFault#NO_CHECKSUM_VALIDATION} only) a torn copy may pass.
     *
     * @throws CorruptLogException for any copy that is not a whole, valid one
     */
    static RestartPage decode(ByteBuffer copy, boolean verifyChecksum) {
        if (copy.remaining() < COPY_SIZE_BYTES) {
            throw new CorruptLogException("truncated restart copy: lengthBytes=" + copy.remaining()
                    + " expectedBytes=" + COPY_SIZE_BYTES);
        }
        ByteBuffer b = copy.slice(copy.position(), COPY_SIZE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new CorruptLogException("restart copy magic mismatch: offset=0x0 expected=" + Checksums.hex(MAGIC)
                    + " read=" + Checksums.hex(magic));
        }
        int version = b.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            throw new CorruptLogException("unsupported restart copy version: offset=" + Checksums.hex(VERSION_OFFSET)
                    + " expected=" + VERSION + " read=" + version);
        }
        if (verifyChecksum) {
            int calculated = Checksums.crc32c(b, SECTOR_SIZE_OFFSET, COPY_SIZE_BYTES);
            int read = b.getInt(CRC_OFFSET);
            if (calculated != read) {
                throw new CorruptLogException("crc32c mismatch: restartCopy offset=" + Checksums.hex(CRC_OFFSET)
                        + " calculated=" + Checksums.hex(calculated) + " read=" + Checksums.hex(read));
            }
        }
        RestartPage page = new RestartPage(b.getInt(SECTOR_SIZE_OFFSET), b.getLong(FIRST_LOG_SECTOR_OFFSET),
                b.getLong(LOG_PAGE_COUNT_OFFSET), b.getInt(MAX_PAYLOAD_OFFSET), b.getInt(MAX_CLIENT_DATA_OFFSET),
                b.getInt(FLUSH_BATCH_PAGES_OFFSET), b.getLong(LOG_ID_OFFSET), b.getLong(SEQUENCE_OFFSET),
                b.getLong(START_LSN_OFFSET), b.getLong(EPOCH_OFFSET), b.getLong(EPOCH_START_LSN_OFFSET),
                decodeClientData(b));
        LogLayout.checkStored(page);
        return page;
    }

    private static byte[] decodeClientData(ByteBuffer b) {
        int length = b.getInt(CLIENT_DATA_LENGTH_OFFSET);
        int max = Math.min(MAX_CLIENT_DATA_BYTES, b.getInt(MAX_CLIENT_DATA_OFFSET));
        if (length < 0 || length > max) {
            throw new CorruptLogException("restart client data length out of range: offset="
                    + Checksums.hex(CLIENT_DATA_LENGTH_OFFSET) + " clientDataLength=" + length + " max=" + max);
        }
        byte[] data = new byte[length];
        b.get(CLIENT_DATA_OFFSET, data);
        return data;
    }

    /** The byte offset of copy {@code slot} on the device. */
    static long copyOffsetBytes(int slot) {
        return (long) slot * COPY_SIZE_BYTES;
    }
}
