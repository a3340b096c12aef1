package txstack.implementation.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

import txstack.implementation.recovery.StoreRecord.BeginCheckpoint;
import txstack.implementation.recovery.StoreRecord.Commit;
import txstack.implementation.recovery.StoreRecord.Compensation;
import txstack.implementation.recovery.StoreRecord.DirtyPage;
import txstack.implementation.recovery.StoreRecord.End;
import txstack.implementation.recovery.StoreRecord.EndCheckpoint;
import txstack.implementation.recovery.StoreRecord.TransactionSnapshot;
import txstack.implementation.recovery.StoreRecord.TransactionState;
import txstack.implementation.recovery.StoreRecord.Update;

/** The on-disk records, pages and restart data: the documented layouts, round trips, and garbage refused. */
class StoreCodecTest {

    /** One record of every type. */
    static List<StoreRecord> samples() {
        return List.of(
                new Update(7, 0, 3, 10, new byte[] {1, 2, 3}, new byte[] {4, 5, 6}),
                new Compensation(7, 900, 3, 10, new byte[] {4, 5, 6}, 0),
                new Commit(7, 800),
                new End(7, 1000),
                new BeginCheckpoint(),
                new EndCheckpoint(500, List.of(new DirtyPage(3, 600), new DirtyPage(9, 450)),
                        List.of(new TransactionSnapshot(7, TransactionState.ACTIVE, 450, 700, 700),
                                new TransactionSnapshot(8, TransactionState.COMMITTED, 520, 640, 0))));
    }

    @Test
    void everyRecordRoundTripsToTheSameBytes() {
        for (StoreRecord record : samples()) {
            byte[] encoded = StoreRecordCodec.encode(record);
            StoreRecord decoded = StoreRecordCodec.decode(encoded);
            assertEquals(record.getClass(), decoded.getClass());
            assertArrayEquals(encoded, StoreRecordCodec.encode(decoded), record.toString());
        }
        EndCheckpoint end = (EndCheckpoint) StoreRecordCodec.decode(StoreRecordCodec.encode(samples().get(5)));
        assertEquals(samples().get(5), end);
    }

    @Test
    void anUpdateIsLaidOutAsDocumented() {
        byte[] encoded = StoreRecordCodec.encode(samples().getFirst());
        ByteBuffer b = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(36 + 2 * 3, encoded.length);
        assertEquals(1, b.get(0));
        assertEquals(1, b.get(1));
        assertEquals(0, b.getShort(2));
        assertEquals(7, b.getLong(4));
        assertEquals(0, b.getLong(12));
        assertEquals(3, b.getLong(20));
        assertEquals(10, b.getInt(28));
        assertEquals(3, b.getInt(32));
        assertEquals(1, b.get(36));
        assertEquals(4, b.get(39));
        assertEquals(44 + 3, StoreRecordCodec.encode(samples().get(1)).length);
        assertEquals(36 + 2 * 16 + 2 * 40, StoreRecordCodec.encode(samples().get(5)).length);
    }

    @Test
    void garbageIsACorruptStoreErrorNeverAnAllocation() {
        byte[] update = StoreRecordCodec.encode(samples().getFirst());
        assertCorrupt(new byte[0], "truncated record");
        assertCorrupt(new byte[19], "truncated record");
        assertCorrupt(with(update, 0, b -> b.put(0, (byte) 9)), "unknown record type");
        assertCorrupt(with(update, 0, b -> b.put(1, (byte) 2)), "unknown version");
        assertCorrupt(with(update, 0, b -> b.putShort(2, (short) 1)), "reserved bytes not zero");
        assertCorrupt(with(update, 0, b -> b.putLong(4, 0)), "bad transaction id");
        assertCorrupt(with(update, 0, b -> b.putLong(12, -1)), "bad prevLsn");
        assertCorrupt(with(update, 0, b -> b.putInt(32, Integer.MAX_VALUE)), "update length out of range");
        assertCorrupt(with(update, 0, b -> b.putInt(28, 4062)), "update offset out of range");
        assertCorrupt(with(update, 1, b -> { }), "record length mismatch");
        byte[] end = StoreRecordCodec.encode(samples().get(5));
        assertCorrupt(with(end, 0, b -> b.putInt(28, Integer.MAX_VALUE)), "dirty page count out of range");
        assertCorrupt(with(end, 0, b -> b.putInt(32, 1 << 20)), "transaction count out of range");
        assertCorrupt(with(end, 0, b -> b.putInt(28, 3)), "record length mismatch");
        assertCorrupt(with(end, 0, b -> b.putInt(36 + 32 + 8, 3)), "unknown transaction state");
        assertCorrupt(with(end, 0, b -> b.putLong(36 + 8, 0)), "bad recLsn");
        byte[] begin = StoreRecordCodec.encode(new BeginCheckpoint());
        assertCorrupt(with(begin, 0, b -> b.putLong(4, 7)), "bad transaction id");
    }

    private interface Edit {
        void apply(ByteBuffer b);
    }

    private static byte[] with(byte[] bytes, int extraBytes, Edit edit) {
        byte[] copy = java.util.Arrays.copyOf(bytes, bytes.length + extraBytes);
        edit.apply(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
        return copy;
    }

    private static void assertCorrupt(byte[] payload, String expected) {
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> StoreRecordCodec.decode(payload));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void aPageRoundTripsAndEveryFlippedBitIsCaught() {
        byte[] data = new byte[512 - PageCodec.HEADER_BYTES];
        data[0] = 42;
        byte[] sector = PageCodec.encode(5, 1234, data);
        assertEquals(512, sector.length);
        PageCodec.Page page = PageCodec.decode(5, sector);
        assertEquals(1234, page.pageLsn());
        assertArrayEquals(data, page.data());
        ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x47505854, b.getInt(0));
        assertEquals(5, b.getLong(8));
        assertEquals(1234, b.getLong(16));
        for (int bit = 0; bit < 512 * 8; bit++) {
            byte[] flipped = sector.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(CorruptPageException.class, () -> PageCodec.decode(5, flipped), "bit " + bit);
        }
        CorruptPageException misplaced = assertThrows(CorruptPageException.class, () -> PageCodec.decode(6, sector));
        assertTrue(misplaced.getMessage().startsWith("page index mismatch: page=6"), misplaced.getMessage());
        assertEquals(0, PageCodec.decode(5, new byte[512]).pageLsn());
    }

    @Test
    void restartDataRoundTripsAndRefusesWhatIsNotAStores() {
        RestartData data = new RestartData(4096, 100, 700, 750, 12);
        assertEquals(data, RestartData.decode(data.encode()));
        assertEquals(52, data.encode().length);
        assertThrows(CorruptStoreException.class, () -> RestartData.decode(new byte[0]));
        byte[] bad = data.encode();
        bad[20] ^= 1;
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> RestartData.decode(bad));
        assertTrue(e.getMessage().startsWith("crc32c mismatch"), e.getMessage());
        RestartData half = new RestartData(512, 100, 700, 0, 12);
        assertThrows(CorruptStoreException.class, () -> RestartData.decode(half.encode()));
    }
}
