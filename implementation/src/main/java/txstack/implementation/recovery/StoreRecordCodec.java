package txstack.implementation.recovery;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import txstack.implementation.recovery.StoreRecord.BeginCheckpoint;
import txstack.implementation.recovery.StoreRecord.Commit;
import txstack.implementation.recovery.StoreRecord.Compensation;
import txstack.implementation.recovery.StoreRecord.DirtyPage;
import txstack.implementation.recovery.StoreRecord.End;
import txstack.implementation.recovery.StoreRecord.EndCheckpoint;
import txstack.implementation.recovery.StoreRecord.TransactionSnapshot;
import txstack.implementation.recovery.StoreRecord.TransactionState;
import txstack.implementation.recovery.StoreRecord.Update;

/**
 * Encodes and decodes {@link StoreRecord}s, each the payload of one LFS record (which carries its length and a
 * CRC32C, LFS-6). Decoding is strict: the payload's length must be exactly what its fields say, reserved bytes zero,
 * every count and length within its bound before anything is allocated; anything else is {@link
 * CorruptStoreException}. So a decoded record re-encodes to the same bytes.
 *
 * <pre>
 * Every record, every field little-endian:
 *
 *  offset  bytes  field
 *       0      1  type           1 update, 2 compensation (CLR), 3 commit, 4 end, 5 begin checkpoint, 6 end checkpoint
 *       1      1  version        1
 *       2      2  reserved       0
 *       4      8  transactionId  &gt; 0; 0 in checkpoint records
 *      12      8  prevLsn        the transaction's previous record, 0 if none; 0 in checkpoint records
 *      20         body, by type:
 *
 * Update (1):                                  Compensation (2):
 *      20      8  page           &gt;= 0             20      8  page
 *      28      4  offset         &gt;= 0             28      4  offset
 *      32      4  n              1 .. 4064         32      4  n
 *      36      n  redo (new bytes)                 36      8  undoNextLsn   &gt;= 0: the next record to undo
 *    36+n      n  undo (old bytes)                 44      n  redo (the undone update's old bytes)
 *                 offset + n &lt;= 4064 (the largest page)
 *
 * Commit (3), end (4), begin checkpoint (5): no body.
 *
 * End checkpoint (6):
 *      20      8  beginLsn       &gt; 0: the begin checkpoint record these tables belong to
 *      28      4  d              dirty pages, 0 .. DIRTY_PAGES_MAX
 *      32      4  t              transactions, 0 .. TRANSACTIONS_MAX
 *      36   16*d  dirty page:    page 8, recLsn 8 (&gt; 0)
 *  36+16d   40*t  transaction:   transactionId 8 (&gt; 0), state 4 (1 active, 2 committed), reserved 4 (0),
 *                                firstLsn 8 (&gt; 0), lastLsn 8 (&gt;= firstLsn), undoNextLsn 8 (&gt;= 0)
 * </pre>
 */
final class StoreRecordCodec {
    static final byte TYPE_UPDATE = 1;
    static final byte TYPE_COMPENSATION = 2;
    static final byte TYPE_COMMIT = 3;
    static final byte TYPE_END = 4;
    static final byte TYPE_BEGIN_CHECKPOINT = 5;
    static final byte TYPE_END_CHECKPOINT = 6;
    static final byte VERSION = 1;

    static final int TYPE_OFFSET = 0;
    static final int VERSION_OFFSET = TYPE_OFFSET + Byte.BYTES;
    static final int RESERVED_OFFSET = VERSION_OFFSET + Byte.BYTES;
    static final int TRANSACTION_ID_OFFSET = RESERVED_OFFSET + Short.BYTES;
    static final int PREV_LSN_OFFSET = TRANSACTION_ID_OFFSET + Long.BYTES;
    static final int HEADER_BYTES = PREV_LSN_OFFSET + Long.BYTES;

    static final int PAGE_OFFSET = HEADER_BYTES;
    static final int BYTE_OFFSET_OFFSET = PAGE_OFFSET + Long.BYTES;
    static final int LENGTH_OFFSET = BYTE_OFFSET_OFFSET + Integer.BYTES;
    static final int UPDATE_REDO_OFFSET = LENGTH_OFFSET + Integer.BYTES;
    static final int UNDO_NEXT_LSN_OFFSET = LENGTH_OFFSET + Integer.BYTES;
    static final int COMPENSATION_REDO_OFFSET = UNDO_NEXT_LSN_OFFSET + Long.BYTES;

    static final int BEGIN_LSN_OFFSET = HEADER_BYTES;
    static final int DIRTY_PAGE_COUNT_OFFSET = BEGIN_LSN_OFFSET + Long.BYTES;
    static final int TRANSACTION_COUNT_OFFSET = DIRTY_PAGE_COUNT_OFFSET + Integer.BYTES;
    static final int TABLES_OFFSET = TRANSACTION_COUNT_OFFSET + Integer.BYTES;
    static final int DIRTY_PAGE_BYTES = Long.BYTES + Long.BYTES;
    static final int TRANSACTION_BYTES = Long.BYTES + Integer.BYTES + Integer.BYTES + 3 * Long.BYTES;

    /** The largest page: a 4096-byte sector less its header. */
    static final int PAGE_BYTES_MAX = 4096 - PageCodec.HEADER_BYTES;
    static final int UPDATE_BYTES_MAX = PAGE_BYTES_MAX;
    static final int DIRTY_PAGES_MAX = 1 << 16;
    static final int TRANSACTIONS_MAX = 1 << 12;

    private StoreRecordCodec() {
    }

    static int updateBytes(int n) {
        return UPDATE_REDO_OFFSET + 2 * n;
    }

    static int compensationBytes(int n) {
        return COMPENSATION_REDO_OFFSET + n;
    }

    static int endCheckpointBytes(int dirtyPages, int transactions) {
        return TABLES_OFFSET + dirtyPages * DIRTY_PAGE_BYTES + transactions * TRANSACTION_BYTES;
    }

    static byte[] encode(StoreRecord record) {
        return switch (record) {
            case Update u -> encodeUpdate(u);
            case Compensation c -> encodeCompensation(c);
            case Commit c -> header(HEADER_BYTES, TYPE_COMMIT, c).array();
            case End e -> header(HEADER_BYTES, TYPE_END, e).array();
            case BeginCheckpoint b -> header(HEADER_BYTES, TYPE_BEGIN_CHECKPOINT, b).array();
            case EndCheckpoint e -> encodeEndCheckpoint(e);
        };
    }

    private static ByteBuffer header(int lengthBytes, byte type, StoreRecord record) {
        return ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN)
                .put(TYPE_OFFSET, type)
                .put(VERSION_OFFSET, VERSION)
                .putLong(TRANSACTION_ID_OFFSET, record.transactionId())
                .putLong(PREV_LSN_OFFSET, record.prevLsn());
    }

    private static byte[] encodeUpdate(Update u) {
        int n = u.redo().length;
        if (u.undo().length != n) {
            throw new IllegalArgumentException("redo and undo differ in length: redoBytes=" + n + " undoBytes="
                    + u.undo().length);
        }
        return header(updateBytes(n), TYPE_UPDATE, u)
                .putLong(PAGE_OFFSET, u.page()).putInt(BYTE_OFFSET_OFFSET, u.offset()).putInt(LENGTH_OFFSET, n)
                .put(UPDATE_REDO_OFFSET, u.redo()).put(UPDATE_REDO_OFFSET + n, u.undo()).array();
    }

    private static byte[] encodeCompensation(Compensation c) {
        int n = c.redo().length;
        return header(compensationBytes(n), TYPE_COMPENSATION, c)
                .putLong(PAGE_OFFSET, c.page()).putInt(BYTE_OFFSET_OFFSET, c.offset()).putInt(LENGTH_OFFSET, n)
                .putLong(UNDO_NEXT_LSN_OFFSET, c.undoNextLsn()).put(COMPENSATION_REDO_OFFSET, c.redo()).array();
    }

    private static byte[] encodeEndCheckpoint(EndCheckpoint e) {
        ByteBuffer b = header(endCheckpointBytes(e.dirtyPages().size(), e.transactions().size()),
                TYPE_END_CHECKPOINT, e)
                .putLong(BEGIN_LSN_OFFSET, e.beginLsn())
                .putInt(DIRTY_PAGE_COUNT_OFFSET, e.dirtyPages().size())
                .putInt(TRANSACTION_COUNT_OFFSET, e.transactions().size())
                .position(TABLES_OFFSET);
        for (DirtyPage page : e.dirtyPages()) {
            b.putLong(page.page()).putLong(page.recLsn());
        }
        for (TransactionSnapshot t : e.transactions()) {
            b.putLong(t.transactionId()).putInt(t.state().code).putInt(0)
                    .putLong(t.firstLsn()).putLong(t.lastLsn()).putLong(t.undoNextLsn());
        }
        return b.array();
    }

    /**
     * Decodes a record's payload.
     *
     * @throws CorruptStoreException if the bytes are not exactly one valid record
     */
    static StoreRecord decode(byte[] payload) {
        return decode(ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN), new View()).toRecord();
    }

    /**
     * A record decoded in place, with every check {@link #decode(byte[])} makes but without copying its bytes: what
     * restart recovery needs of each record it scans. Reused from record to record; valid as long as its buffer.
     */
    static final class View {
        private ByteBuffer bytes;
        private byte type;
        private long transactionId;
        private long prevLsn;
        private long page;
        private int offset;
        private int lengthBytes;
        private int redoIndex;
        private long undoNextLsn;
        private EndCheckpoint endCheckpoint;

        byte type() {
            return type;
        }

        long transactionId() {
            return transactionId;
        }

        /** An update's or compensation record's page. */
        long page() {
            return page;
        }

        /** An update's or compensation record's offset within the page. */
        int offset() {
            return offset;
        }

        /** An update's or compensation record's length {@code n}. */
        int lengthBytes() {
            return lengthBytes;
        }

        /** A compensation record's undo-next LSN. */
        long undoNextLsn() {
            return undoNextLsn;
        }

        /** An end checkpoint record, decoded whole (it is rare). */
        EndCheckpoint endCheckpoint() {
            return endCheckpoint;
        }

        /** True for an update or a compensation record: a change redo may apply. */
        boolean isChange() {
            return type == TYPE_UPDATE || type == TYPE_COMPENSATION;
        }

        /** Copies an update's or compensation record's redo bytes to {@code dst} at {@code dstOffset}. */
        void copyRedo(byte[] dst, int dstOffset) {
            bytes.get(redoIndex, dst, dstOffset, lengthBytes);
        }

        /** The record as a {@link StoreRecord}, its bytes copied. */
        StoreRecord toRecord() {
            return switch (type) {
                case TYPE_UPDATE -> new Update(transactionId, prevLsn, page, offset, copy(redoIndex),
                        copy(redoIndex + lengthBytes));
                case TYPE_COMPENSATION -> new Compensation(transactionId, prevLsn, page, offset, copy(redoIndex),
                        undoNextLsn);
                case TYPE_COMMIT -> new Commit(transactionId, prevLsn);
                case TYPE_END -> new End(transactionId, prevLsn);
                case TYPE_BEGIN_CHECKPOINT -> new BeginCheckpoint();
                case TYPE_END_CHECKPOINT -> endCheckpoint;
                default -> throw new IllegalStateException("view holds no record: type=" + type);
            };
        }

        private byte[] copy(int index) {
            byte[] copy = new byte[lengthBytes];
            bytes.get(index, copy);
            return copy;
        }
    }

    /**
     * Decodes the record that is {@code b}'s bytes {@code [0, limit)} (little-endian) into {@code view}, in place.
     *
     * @throws CorruptStoreException if the bytes are not exactly one valid record
     */
    static View decode(ByteBuffer b, View view) {
        need(b, HEADER_BYTES, "header");
        byte type = b.get(TYPE_OFFSET);
        check(b.get(VERSION_OFFSET) == VERSION, "unknown version", VERSION_OFFSET, b.get(VERSION_OFFSET));
        check(b.getShort(RESERVED_OFFSET) == 0, "reserved bytes not zero", RESERVED_OFFSET,
                b.getShort(RESERVED_OFFSET));
        long transactionId = b.getLong(TRANSACTION_ID_OFFSET);
        long prevLsn = b.getLong(PREV_LSN_OFFSET);
        boolean checkpoint = type == TYPE_BEGIN_CHECKPOINT || type == TYPE_END_CHECKPOINT;
        check(checkpoint ? transactionId == 0 : transactionId > 0, "bad transaction id", TRANSACTION_ID_OFFSET,
                transactionId);
        check(checkpoint ? prevLsn == 0 : prevLsn >= 0, "bad prevLsn", PREV_LSN_OFFSET, prevLsn);
        view.bytes = b;
        view.type = type;
        view.transactionId = transactionId;
        view.prevLsn = prevLsn;
        view.endCheckpoint = null;
        switch (type) {
            case TYPE_UPDATE -> decodeChange(b, view, UPDATE_REDO_OFFSET, "update");
            case TYPE_COMPENSATION -> decodeChange(b, view, COMPENSATION_REDO_OFFSET, "compensation");
            case TYPE_COMMIT, TYPE_END, TYPE_BEGIN_CHECKPOINT -> exact(b, HEADER_BYTES);
            case TYPE_END_CHECKPOINT -> view.endCheckpoint = decodeEndCheckpoint(b);
            default -> throw corrupt("unknown record type", TYPE_OFFSET, type);
        }
        return view;
    }

    /** An update's or compensation record's body: page, offset, length, (undo-next LSN), redo (and undo) bytes. */
    private static void decodeChange(ByteBuffer b, View view, int redoIndex, String what) {
        need(b, redoIndex, what);
        int n = checkedLength(b);
        boolean update = redoIndex == UPDATE_REDO_OFFSET;
        exact(b, update ? updateBytes(n) : compensationBytes(n));
        long undoNextLsn = 0;
        if (!update) {
            undoNextLsn = b.getLong(UNDO_NEXT_LSN_OFFSET);
            check(undoNextLsn >= 0, "bad undoNextLsn", UNDO_NEXT_LSN_OFFSET, undoNextLsn);
        }
        view.page = checkedPage(b);
        view.offset = b.getInt(BYTE_OFFSET_OFFSET);
        view.lengthBytes = n;
        view.redoIndex = redoIndex;
        view.undoNextLsn = undoNextLsn;
    }

    /** The length {@code n} at {@link #LENGTH_OFFSET}, checked with the offset before it against the largest page. */
    private static int checkedLength(ByteBuffer b) {
        int offset = b.getInt(BYTE_OFFSET_OFFSET);
        int n = b.getInt(LENGTH_OFFSET);
        check(n >= 1 && n <= UPDATE_BYTES_MAX, "update length out of range", LENGTH_OFFSET, n);
        check(offset >= 0 && offset <= PAGE_BYTES_MAX - n, "update offset out of range", BYTE_OFFSET_OFFSET, offset);
        return n;
    }

    private static long checkedPage(ByteBuffer b) {
        long page = b.getLong(PAGE_OFFSET);
        check(page >= 0, "bad page", PAGE_OFFSET, page);
        return page;
    }

    private static EndCheckpoint decodeEndCheckpoint(ByteBuffer b) {
        need(b, TABLES_OFFSET, "end checkpoint");
        long beginLsn = b.getLong(BEGIN_LSN_OFFSET);
        int dirtyPageCount = b.getInt(DIRTY_PAGE_COUNT_OFFSET);
        int transactionCount = b.getInt(TRANSACTION_COUNT_OFFSET);
        check(beginLsn > 0, "bad beginLsn", BEGIN_LSN_OFFSET, beginLsn);
        check(dirtyPageCount >= 0 && dirtyPageCount <= DIRTY_PAGES_MAX, "dirty page count out of range",
                DIRTY_PAGE_COUNT_OFFSET, dirtyPageCount);
        check(transactionCount >= 0 && transactionCount <= TRANSACTIONS_MAX, "transaction count out of range",
                TRANSACTION_COUNT_OFFSET, transactionCount);
        exact(b, endCheckpointBytes(dirtyPageCount, transactionCount));
        b.position(TABLES_OFFSET);
        List<DirtyPage> dirtyPages = new ArrayList<>(dirtyPageCount);
        for (int i = 0; i < dirtyPageCount; i++) {
            dirtyPages.add(decodeDirtyPage(b));
        }
        List<TransactionSnapshot> transactions = new ArrayList<>(transactionCount);
        for (int i = 0; i < transactionCount; i++) {
            transactions.add(decodeTransaction(b));
        }
        return new EndCheckpoint(beginLsn, dirtyPages, transactions);
    }

    private static DirtyPage decodeDirtyPage(ByteBuffer b) {
        int at = b.position();
        long page = b.getLong();
        long recLsn = b.getLong();
        check(page >= 0, "bad dirty page", at, page);
        check(recLsn > 0, "bad recLsn", at + Long.BYTES, recLsn);
        return new DirtyPage(page, recLsn);
    }

    private static TransactionSnapshot decodeTransaction(ByteBuffer b) {
        int at = b.position();
        long transactionId = b.getLong();
        int stateCode = b.getInt();
        int reserved = b.getInt();
        long firstLsn = b.getLong();
        long lastLsn = b.getLong();
        long undoNextLsn = b.getLong();
        TransactionState state = TransactionState.of(stateCode);
        check(transactionId > 0, "bad transaction id", at, transactionId);
        check(state != null, "unknown transaction state", at + Long.BYTES, stateCode);
        check(reserved == 0, "reserved bytes not zero", at + Long.BYTES + Integer.BYTES, reserved);
        check(firstLsn > 0 && lastLsn >= firstLsn, "bad firstLsn or lastLsn", at + 2 * Long.BYTES, firstLsn);
        check(undoNextLsn >= 0 && undoNextLsn <= lastLsn, "bad undoNextLsn", at + 4 * Long.BYTES, undoNextLsn);
        return new TransactionSnapshot(transactionId, state, firstLsn, lastLsn, undoNextLsn);
    }

    private static void need(ByteBuffer b, int lengthBytes, String what) {
        if (b.limit() < lengthBytes) {
            throw new CorruptStoreException("truncated record: part=" + what + " lengthBytes=" + b.limit()
                    + " neededBytes=" + lengthBytes);
        }
    }

    /** Checks the payload is exactly {@code lengthBytes} long. */
    private static void exact(ByteBuffer b, int lengthBytes) {
        if (b.limit() != lengthBytes) {
            throw new CorruptStoreException("record length mismatch: type=" + b.get(TYPE_OFFSET) + " lengthBytes="
                    + b.limit() + " expectedBytes=" + lengthBytes);
        }
    }

    private static void check(boolean condition, String what, int offset, long value) {
        if (!condition) {
            throw corrupt(what, offset, value);
        }
    }

    private static CorruptStoreException corrupt(String what, int offset, long value) {
        return new CorruptStoreException(what + ": offset=0x" + Integer.toHexString(offset).toUpperCase(
                java.util.Locale.ROOT) + " value=" + value);
    }
}
