package txstack.implementation.txr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The hive's on-disk formats, every field little-endian. The hive lives in the pages of a {@link
 * txstack.implementation.recovery.RecoverableStore} (P = the store's page size: the hive device's sector size minus
 * the store's page header; the store checks each page's own CRC32C). Page 0 is the hive header; every other page is
 * free or holds one piece of one record.
 *
 * <pre>
 * Hive header (page 0):
 *  offset size field
 *       0    4 magic      "TXRH" (0x48525854)
 *       4    2 version    1
 *       6    2 reserved   0
 *       8    8 pageCount  the store's pages, header included
 *      16    4 pageBytes  P
 *      20    4 crc32c     of bytes [0, 20)
 *
 * Record page (pages 1 .. pageCount-1):
 *  offset size field
 *       0    1 kind       0 free, 1 a record's first page, 2 a following page
 *       1    3 reserved   0 (stale on a free page: only its kind is cleared)
 *       4    4 nextPage   the record's next page; 0 on its last page (page 0 is never a record's)
 *       8  P-8 the record's bytes [i*(P-8), (i+1)*(P-8)) on its i-th page (the last page's tail is stale)
 *
 * Record (its bytes laid end to end over its chain of pages):
 *  offset size field
 *       0    4 magic        "TXRR" (0x52525854)
 *       4    1 version      1
 *       5    1 type         1 value, 2 intent
 *       6    2 reserved     0
 *       8    4 recordBytes  R, this record's length, CRC included
 *      12      body, by type:
 *    value:
 *      12    2 keyChars k     1..KEY_CHARS_LIMIT, the key path as first spelled
 *      14    2 nameChars n    0..255, the value name as first spelled
 *      16    4 dataBytes d    0..VALUE_BYTES_LIMIT
 *      20   2k key (UTF-16), 2n name (UTF-16), d data
 *    intent (a prepared transaction's changes, KTM-4):
 *      12    8 transactionId  &gt; 0, the transaction manager's
 *      20    4 changeCount c  &ge; 1
 *      24      c changes:     op (1: 1 set, 2 delete), reserved (1: 0), keyChars k (2), nameChars n (2),
 *                             dataBytes d (4: 0 for a delete), key (2k), name (2n), data (d); no value twice
 *     R-4    4 crc32c         of bytes [0, R-4)
 * </pre>
 *
 * <p>Decoders check every length against the bytes they hold before they allocate, and every field; the formats are
 * canonical (a decoded record encodes to the same bytes). Anything else is a {@link CorruptHiveException}.
 */
final class HiveCodec {
    static final int HIVE_MAGIC = 0x48525854;
    static final short HIVE_VERSION = 1;
    static final int HIVE_VERSION_OFFSET = Integer.BYTES;
    static final int HIVE_RESERVED_OFFSET = HIVE_VERSION_OFFSET + Short.BYTES;
    static final int HIVE_PAGE_COUNT_OFFSET = HIVE_RESERVED_OFFSET + Short.BYTES;
    static final int HIVE_PAGE_BYTES_OFFSET = HIVE_PAGE_COUNT_OFFSET + Long.BYTES;
    static final int HIVE_CRC_OFFSET = HIVE_PAGE_BYTES_OFFSET + Integer.BYTES;
    static final int HIVE_HEADER_BYTES = HIVE_CRC_OFFSET + Integer.BYTES;

    static final byte KIND_FREE = 0;
    static final byte KIND_FIRST = 1;
    static final byte KIND_NEXT = 2;
    static final int KIND_OFFSET = 0;
    static final int NEXT_PAGE_OFFSET = 4;
    static final int PAGE_HEADER_BYTES = NEXT_PAGE_OFFSET + Integer.BYTES;

    static final int RECORD_MAGIC = 0x52525854;
    static final byte RECORD_VERSION = 1;
    static final byte TYPE_VALUE = 1;
    static final byte TYPE_INTENT = 2;
    static final int RECORD_VERSION_OFFSET = Integer.BYTES;
    static final int TYPE_OFFSET = RECORD_VERSION_OFFSET + Byte.BYTES;
    static final int RECORD_RESERVED_OFFSET = TYPE_OFFSET + Byte.BYTES;
    static final int RECORD_BYTES_OFFSET = RECORD_RESERVED_OFFSET + Short.BYTES;
    static final int RECORD_HEADER_BYTES = RECORD_BYTES_OFFSET + Integer.BYTES;
    static final int CRC_BYTES = Integer.BYTES;

    static final int KEY_CHARS_OFFSET = RECORD_HEADER_BYTES;
    static final int NAME_CHARS_OFFSET = KEY_CHARS_OFFSET + Short.BYTES;
    static final int DATA_BYTES_OFFSET = NAME_CHARS_OFFSET + Short.BYTES;
    static final int VALUE_STRINGS_OFFSET = DATA_BYTES_OFFSET + Integer.BYTES;

    static final int TRANSACTION_ID_OFFSET = RECORD_HEADER_BYTES;
    static final int CHANGE_COUNT_OFFSET = TRANSACTION_ID_OFFSET + Long.BYTES;
    static final int CHANGES_OFFSET = CHANGE_COUNT_OFFSET + Integer.BYTES;
    static final byte OP_SET = 1;
    static final byte OP_DELETE = 2;
    /** op, reserved, keyChars, nameChars, dataBytes. */
    static final int CHANGE_HEADER_BYTES = 2 * Byte.BYTES + 2 * Short.BYTES + Integer.BYTES;

    /**
     * An upper bound of every record's length: the largest intent; the largest value record (a 1 MiB value, the
     * longest key path and name) is shorter. Bounds what a scan allocates from a length read off the hive.
     */
    static final int RECORD_BYTES_LIMIT = RegistryOptions.TRANSACTION_BYTES_LIMIT;
    /** A lower bound of every record's length: the header, a value's length fields, the CRC. */
    static final int RECORD_BYTES_MIN = VALUE_STRINGS_OFFSET + CRC_BYTES;

    private HiveCodec() {
    }

    // Hive header.

    static byte[] encodeHeader(long pageCount, int pageBytes) {
        ByteBuffer b = ByteBuffer.allocate(HIVE_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, HIVE_MAGIC).putShort(HIVE_VERSION_OFFSET, HIVE_VERSION)
                .putLong(HIVE_PAGE_COUNT_OFFSET, pageCount).putInt(HIVE_PAGE_BYTES_OFFSET, pageBytes);
        b.putInt(HIVE_CRC_OFFSET, crc(b.array(), HIVE_CRC_OFFSET));
        return b.array();
    }

    /** Checks page 0 of a hive of {@code pageCount} pages of {@code pageBytes} bytes. */
    static void checkHeader(byte[] page, long pageCount, int pageBytes) {
        if (page.length < HIVE_HEADER_BYTES) {
            throw new CorruptHiveException("hive header too short: page=0 lengthBytes=" + page.length);
        }
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != HIVE_MAGIC || b.getShort(HIVE_VERSION_OFFSET) != HIVE_VERSION
                || b.getShort(HIVE_RESERVED_OFFSET) != 0) {
            throw new CorruptHiveException(String.format("not a hive: page=0 magic=0x%08X expected=0x%08X version=%d"
                    + " expectedVersion=%d", b.getInt(0), HIVE_MAGIC, b.getShort(HIVE_VERSION_OFFSET), HIVE_VERSION));
        }
        checkCrc(page, HIVE_CRC_OFFSET, "page=0");
        if (b.getLong(HIVE_PAGE_COUNT_OFFSET) != pageCount || b.getInt(HIVE_PAGE_BYTES_OFFSET) != pageBytes) {
            throw new CorruptHiveException("hive header does not match the store: pageCount="
                    + b.getLong(HIVE_PAGE_COUNT_OFFSET) + " expectedPageCount=" + pageCount + " pageBytes="
                    + b.getInt(HIVE_PAGE_BYTES_OFFSET) + " expectedPageBytes=" + pageBytes);
        }
    }

    // Record pages.

    /** A record page's header: its kind and the next page of its record. */
    record PageHeader(byte kind, int nextPage) {
    }

    static byte[] encodePageHeader(byte kind, int nextPage) {
        return ByteBuffer.allocate(PAGE_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .put(KIND_OFFSET, kind).putInt(NEXT_PAGE_OFFSET, nextPage).array();
    }

    /**
     * Decodes page {@code page}'s header; a free page's other bytes are stale and not checked.
     *
     * @throws CorruptHiveException if the kind is unknown, or a record page's reserved bytes are not zero or its next
     *                              page is not within {@code [0, pageCount)}
     */
    static PageHeader decodePageHeader(long page, byte[] bytes, long pageCount) {
        if (bytes.length < PAGE_HEADER_BYTES) {
            throw new CorruptHiveException("page too short: page=" + page + " lengthBytes=" + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte kind = b.get(KIND_OFFSET);
        if (kind == KIND_FREE) {
            return new PageHeader(kind, 0);
        }
        int next = b.getInt(NEXT_PAGE_OFFSET);
        boolean reservedZero = b.get(1) == 0 && b.getShort(2) == 0;
        if ((kind != KIND_FIRST && kind != KIND_NEXT) || !reservedZero || next < 0 || next >= pageCount) {
            throw new CorruptHiveException(String.format("bad page header: page=%d kind=%d nextPage=%d pageCount=%d"
                    + " reserved=0x%06X", page, kind, next, pageCount, b.getInt(0) >>> 8));
        }
        return new PageHeader(kind, next);
    }

    // Records.

    static int valueRecordBytes(String key, String name, int dataBytes) {
        return VALUE_STRINGS_OFFSET + 2 * key.length() + 2 * name.length() + dataBytes + CRC_BYTES;
    }

    static byte[] encodeValue(String key, String name, byte[] data) {
        ByteBuffer b = header(TYPE_VALUE, valueRecordBytes(key, name, data.length));
        b.putShort((short) key.length()).putShort((short) name.length()).putInt(data.length);
        putChars(b, key);
        putChars(b, name);
        b.put(data);
        return finish(b);
    }

    /** The intent record's length (a long: a large transaction's may not fit an int). */
    static long intentRecordBytes(Collection<Change> changes) {
        long bytes = CHANGES_OFFSET + CRC_BYTES;
        for (Change c : changes) {
            bytes += CHANGE_HEADER_BYTES + 2L * c.key().length() + 2L * c.name().length()
                    + (c.isDelete() ? 0 : c.data().length);
        }
        return bytes;
    }

    /** The intent record; {@code changes} must not name a value twice, and its length fit an int. */
    static byte[] encodeIntent(long transactionId, Collection<Change> changes) {
        long recordBytes = intentRecordBytes(changes);
        if (recordBytes > Integer.MAX_VALUE || changes.isEmpty() || transactionId <= 0) {
            throw new IllegalArgumentException("intent cannot be encoded: recordBytes=" + recordBytes + " changes="
                    + changes.size() + " transactionId=" + transactionId);
        }
        ByteBuffer b = header(TYPE_INTENT, (int) recordBytes);
        b.putLong(transactionId).putInt(changes.size());
        for (Change c : changes) {
            b.put(c.isDelete() ? OP_DELETE : OP_SET).put((byte) 0).putShort((short) c.key().length())
                    .putShort((short) c.name().length()).putInt(c.isDelete() ? 0 : c.data().length);
            putChars(b, c.key());
            putChars(b, c.name());
            if (!c.isDelete()) {
                b.put(c.data());
            }
        }
        return finish(b);
    }

    private static ByteBuffer header(byte type, int recordBytes) {
        return ByteBuffer.allocate(recordBytes).order(ByteOrder.LITTLE_ENDIAN).putInt(RECORD_MAGIC)
                .put(RECORD_VERSION).put(type).putShort((short) 0).putInt(recordBytes);
    }

    private static void putChars(ByteBuffer b, String s) {
        for (int i = 0; i < s.length(); i++) {
            b.putChar(s.charAt(i));
        }
    }

    private static byte[] finish(ByteBuffer b) {
        b.putInt(crc(b.array(), b.position()));
        if (b.hasRemaining()) {
            throw new IllegalStateException("record length miscounted: remaining=" + b.remaining());
        }
        return b.array();
    }

    /**
     * The record length a record's first bytes announce, checked against the header's magic, version and type and
     * against {@code recordBytesMax}; the CRC is checked by {@link #decodeRecord}.
     */
    static int recordBytes(byte[] firstBytes, long recordBytesMax) {
        if (firstBytes.length < RECORD_HEADER_BYTES) {
            throw new CorruptHiveException("record header too short: lengthBytes=" + firstBytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(firstBytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        byte version = b.get(RECORD_VERSION_OFFSET);
        byte type = b.get(TYPE_OFFSET);
        short reserved = b.getShort(RECORD_RESERVED_OFFSET);
        if (magic != RECORD_MAGIC || version != RECORD_VERSION || (type != TYPE_VALUE && type != TYPE_INTENT)
                || reserved != 0) {
            throw new CorruptHiveException(String.format("bad record header: magic=0x%08X expected=0x%08X version=%d"
                    + " type=%d reserved=0x%04X", magic, RECORD_MAGIC, version, type, reserved));
        }
        int recordBytes = b.getInt(RECORD_BYTES_OFFSET);
        if (recordBytes < RECORD_BYTES_MIN || recordBytes > recordBytesMax) {
            throw new CorruptHiveException("record length out of range: recordBytes=" + recordBytes + " min="
                    + RECORD_BYTES_MIN + " max=" + recordBytesMax);
        }
        return recordBytes;
    }

    /**
     * Decodes the record at the start of {@code bytes} (bytes after it are ignored).
     *
     * @throws CorruptHiveException on any bad byte
     */
    static HiveRecord decodeRecord(byte[] bytes) {
        int recordBytes = recordBytes(bytes, bytes.length);
        checkCrc(bytes, recordBytes - CRC_BYTES, "record");
        Reader r = new Reader(bytes, RECORD_HEADER_BYTES, recordBytes - CRC_BYTES);
        HiveRecord record = bytes[TYPE_OFFSET] == TYPE_VALUE ? readValue(r) : readIntent(r);
        if (r.position != r.limit) {
            throw new CorruptHiveException("bytes after the record's body: offset=" + r.position + " crcOffset="
                    + r.limit);
        }
        return record;
    }

    private static HiveRecord.Value readValue(Reader r) {
        int keyChars = r.u16();
        int nameChars = r.u16();
        int dataBytes = r.dataBytes();
        String key = r.chars(keyChars);
        String name = r.chars(nameChars);
        byte[] data = r.bytes(dataBytes);
        checkNames(key, name, r.position);
        return new HiveRecord.Value(key, name, data);
    }

    private static HiveRecord.Intent readIntent(Reader r) {
        long transactionId = r.i64();
        int changeCount = r.i32();
        if (transactionId <= 0 || changeCount < 1 || changeCount > (r.limit - r.position) / CHANGE_HEADER_BYTES) {
            throw new CorruptHiveException("bad intent header: transactionId=" + transactionId + " changeCount="
                    + changeCount + " bodyBytes=" + (r.limit - r.position));
        }
        List<Change> changes = new ArrayList<>(changeCount);
        Set<ValueId> seen = new HashSet<>();
        for (int i = 0; i < changeCount; i++) {
            int at = r.position;
            int op = r.u8();
            int reserved = r.u8();
            int keyChars = r.u16();
            int nameChars = r.u16();
            int dataBytes = r.dataBytes();
            if ((op != OP_SET && op != OP_DELETE) || reserved != 0 || (op == OP_DELETE && dataBytes != 0)) {
                throw new CorruptHiveException("bad intent change: offset=" + at + " op=" + op + " reserved="
                        + reserved + " dataBytes=" + dataBytes);
            }
            String key = r.chars(keyChars);
            String name = r.chars(nameChars);
            byte[] data = op == OP_DELETE ? null : r.bytes(dataBytes);
            checkNames(key, name, at);
            Change change = new Change(key, name, data);
            if (!seen.add(change.id())) {
                throw new CorruptHiveException("intent changes a value twice: offset=" + at + " value="
                        + change.id());
            }
            changes.add(change);
        }
        return new HiveRecord.Intent(transactionId, List.copyOf(changes));
    }

    private static void checkNames(String key, String name, int offset) {
        try {
            Names.checkKey(key, RegistryOptions.KEY_CHARS_LIMIT);
            Names.checkValueName(name);
        } catch (InvalidRegistryNameException e) {
            throw new CorruptHiveException("bad name in record: offset=" + offset + " " + e.getMessage(), e);
        }
    }

    /** Reads fields within {@code [position, limit)}; every length is checked against what is left. */
    private static final class Reader {
        private final ByteBuffer b;
        private final int limit;
        private int position;

        Reader(byte[] bytes, int position, int limit) {
            this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            this.position = position;
            this.limit = limit;
        }

        private void need(int bytes) {
            if (bytes < 0 || bytes > limit - position) {
                throw new CorruptHiveException("field beyond the record: offset=" + position + " fieldBytes=" + bytes
                        + " crcOffset=" + limit);
            }
        }

        int u8() {
            need(1);
            return Byte.toUnsignedInt(b.get(position++));
        }

        int u16() {
            need(2);
            int v = Short.toUnsignedInt(b.getShort(position));
            position += 2;
            return v;
        }

        int i32() {
            need(4);
            int v = b.getInt(position);
            position += 4;
            return v;
        }

        long i64() {
            need(8);
            long v = b.getLong(position);
            position += 8;
            return v;
        }

        int dataBytes() {
            int at = position;
            int v = i32();
            if (v < 0 || v > RegistryOptions.VALUE_BYTES_LIMIT) {
                throw new CorruptHiveException("data length out of range: offset=" + at + " dataBytes=" + v
                        + " max=" + RegistryOptions.VALUE_BYTES_LIMIT);
            }
            return v;
        }

        String chars(int count) {
            need(2 * count);
            char[] chars = new char[count];
            for (int i = 0; i < count; i++) {
                chars[i] = b.getChar(position);
                position += 2;
            }
            return new String(chars);
        }

        byte[] bytes(int count) {
            need(count);
            byte[] bytes = new byte[count];
            b.get(position, bytes);
            position += count;
            return bytes;
        }
    }

    // Checksums.

    static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static void checkCrc(byte[] bytes, int crcOffset, String where) {
        int calculated = crc(bytes, crcOffset);
        int read = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(crcOffset);
        if (calculated != read) {
            throw new CorruptHiveException(String.format("crc32c mismatch: %s offset=0x%X calculated=0x%08X"
                    + " read=0x%08X", where, crcOffset, calculated, read));
        }
    }
}
