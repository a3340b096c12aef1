package txstack.implementation.recovery;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The store's part of the log's restart area (its client data, LFS-2): which data device belongs to the log, where
 * the last checkpoint is, and the next transaction id.
 *
 * <pre>
 * Client data, BYTES long, every field little-endian:
 *
 *  offset  bytes  field
 *       0      4  magic                "TXRS" (0x53525854)
 *       4      2  version              1
 *       6      2  reserved             0
 *       8      4  dataSectorSizeBytes  512 or 4096: one page is one sector of the data device
 *      12      4  reserved             0
 *      16      8  pageCount            &gt; 0: sectors of the data device
 *      24      8  beginCheckpointLsn   the last complete checkpoint's begin record; 0: none, and nothing before
 *                                      the log's start is needed (analysis reads from the start, tables empty)
 *      32      8  endCheckpointLsn     its end record; 0 if none
 *      40      8  nextTransactionId    &gt; 0: no transaction with a record in the log has this id or a larger one
 *      48      4  crc32c               CRC32C of bytes [0, 48)
 * </pre>
 */
record RestartData(int dataSectorSizeBytes, long pageCount, long beginCheckpointLsn, long endCheckpointLsn,
                   long nextTransactionId) {
    static final int MAGIC = 0x53525854;
    static final short VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int RESERVED_OFFSET = VERSION_OFFSET + Short.BYTES;
    static final int SECTOR_SIZE_OFFSET = RESERVED_OFFSET + Short.BYTES;
    static final int RESERVED2_OFFSET = SECTOR_SIZE_OFFSET + Integer.BYTES;
    static final int PAGE_COUNT_OFFSET = RESERVED2_OFFSET + Integer.BYTES;
    static final int BEGIN_CHECKPOINT_LSN_OFFSET = PAGE_COUNT_OFFSET + Long.BYTES;
    static final int END_CHECKPOINT_LSN_OFFSET = BEGIN_CHECKPOINT_LSN_OFFSET + Long.BYTES;
    static final int NEXT_TRANSACTION_ID_OFFSET = END_CHECKPOINT_LSN_OFFSET + Long.BYTES;
    static final int CRC_OFFSET = NEXT_TRANSACTION_ID_OFFSET + Long.BYTES;
    static final int BYTES = CRC_OFFSET + Integer.BYTES;

    byte[] encode() {
        byte[] bytes = new byte[BYTES];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(MAGIC_OFFSET, MAGIC)
                .putShort(VERSION_OFFSET, VERSION)
                .putInt(SECTOR_SIZE_OFFSET, dataSectorSizeBytes)
                .putLong(PAGE_COUNT_OFFSET, pageCount)
                .putLong(BEGIN_CHECKPOINT_LSN_OFFSET, beginCheckpointLsn)
                .putLong(END_CHECKPOINT_LSN_OFFSET, endCheckpointLsn)
                .putLong(NEXT_TRANSACTION_ID_OFFSET, nextTransactionId);
        b.putInt(CRC_OFFSET, checksum(bytes));
        return bytes;
    }

    /**
     * @throws CorruptStoreException if {@code bytes} are not a store's restart data (e.g. a format cut short before
     *                               it wrote them: the client data is then empty)
     */
    static RestartData decode(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new CorruptStoreException("not a store's restart area: clientDataBytes=" + bytes.length
                    + " expectedBytes=" + BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        check(b.getInt(MAGIC_OFFSET) == MAGIC, "bad magic", MAGIC_OFFSET, b.getInt(MAGIC_OFFSET));
        check(b.getShort(VERSION_OFFSET) == VERSION, "unknown version", VERSION_OFFSET, b.getShort(VERSION_OFFSET));
        int calculated = checksum(bytes);
        if (calculated != b.getInt(CRC_OFFSET)) {
            throw new CorruptStoreException("crc32c mismatch: restart data offset=0x" + Integer.toHexString(
                    CRC_OFFSET).toUpperCase(java.util.Locale.ROOT) + " calculated=" + PageCodec.hex(calculated)
                    + " read=" + PageCodec.hex(b.getInt(CRC_OFFSET)));
        }
        check(b.getShort(RESERVED_OFFSET) == 0 && b.getInt(RESERVED2_OFFSET) == 0, "reserved bytes not zero",
                RESERVED_OFFSET, b.getShort(RESERVED_OFFSET));
        RestartData data = new RestartData(b.getInt(SECTOR_SIZE_OFFSET), b.getLong(PAGE_COUNT_OFFSET),
                b.getLong(BEGIN_CHECKPOINT_LSN_OFFSET), b.getLong(END_CHECKPOINT_LSN_OFFSET),
                b.getLong(NEXT_TRANSACTION_ID_OFFSET));
        check(data.pageCount > 0, "bad page count", PAGE_COUNT_OFFSET, data.pageCount);
        check(data.beginCheckpointLsn >= 0 && data.endCheckpointLsn >= 0
                && (data.beginCheckpointLsn == 0) == (data.endCheckpointLsn == 0)
                && data.endCheckpointLsn >= data.beginCheckpointLsn, "bad checkpoint lsns",
                BEGIN_CHECKPOINT_LSN_OFFSET, data.beginCheckpointLsn);
        check(data.nextTransactionId > 0, "bad next transaction id", NEXT_TRANSACTION_ID_OFFSET,
                data.nextTransactionId);
        return data;
    }

    RestartData withCheckpoint(long beginLsn, long endLsn, long nextId) {
        return new RestartData(dataSectorSizeBytes, pageCount, beginLsn, endLsn, nextId);
    }

    private static int checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_OFFSET);
        return (int) crc.getValue();
    }

    private static void check(boolean condition, String what, int offset, long value) {
        if (!condition) {
            throw new CorruptStoreException(what + ": restart data offset=0x" + Integer.toHexString(offset)
                    .toUpperCase(java.util.Locale.ROOT) + " value=" + value);
        }
    }
}
