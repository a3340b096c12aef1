package txstack.implementation.txr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz tests of the hive's decoders (record, record header, page header, hive header): any bytes give a valid result
 * or {@link CorruptHiveException}, nothing else escapes, nothing hangs, no allocation follows a length the bytes do
 * not hold; a record that decodes re-encodes to the same bytes (the format is canonical; bytes after the record are
 * not part of it). Under {@code mvn test} they run their seed corpus ({@code
 * src/test/resources/txstack/implementation/txr/HiveCodecFuzzTestInputs/<method>/}) and the examples below; {@code
 * JAZZER_FUZZ=1} fuzzes.
 */
class HiveCodecFuzzTest {
    private static final long PAGE_COUNT = 64;

    @FuzzTest(maxDuration = "30s")
    void recordDecodingOnlyThrowsCorrupt(byte[] input) {
        HiveRecord record;
        try {
            record = HiveCodec.decodeRecord(input);
        } catch (CorruptHiveException e) {
            return;
        }
        byte[] encoded = encode(record);
        assertTrue(encoded.length <= input.length);
        assertArrayEquals(Arrays.copyOf(input, encoded.length), encoded);
        assertArrayEquals(encoded, encode(HiveCodec.decodeRecord(encoded)));
    }

    /**
     * The record's body from the fuzzer, framed by a good header and a good CRC: random bytes rarely pass a CRC32C,
     * so this reaches the body's checks that {@link #recordDecodingOnlyThrowsCorrupt} seldom does.
     */
    @FuzzTest(maxDuration = "30s")
    void recordBodyDecodingOnlyThrowsCorrupt(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int recordBytes = HiveCodec.RECORD_HEADER_BYTES + input.length - 1 + HiveCodec.CRC_BYTES;
        ByteBuffer b = ByteBuffer.allocate(recordBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(HiveCodec.RECORD_MAGIC).put(HiveCodec.RECORD_VERSION)
                .put((input[0] & 1) == 0 ? HiveCodec.TYPE_VALUE : HiveCodec.TYPE_INTENT).putShort((short) 0)
                .putInt(recordBytes).put(input, 1, input.length - 1);
        b.putInt(HiveCodec.crc(b.array(), b.position()));
        recordDecodingOnlyThrowsCorrupt(b.array());
    }

    @FuzzTest(maxDuration = "30s")
    void recordHeaderDecodingOnlyThrowsCorrupt(byte[] input) {
        int recordBytes;
        try {
            recordBytes = HiveCodec.recordBytes(input, 1 << 16);
        } catch (CorruptHiveException e) {
            return;
        }
        assertTrue(recordBytes >= HiveCodec.RECORD_BYTES_MIN && recordBytes <= 1 << 16);
    }

    @FuzzTest(maxDuration = "30s")
    void pageHeaderDecodingOnlyThrowsCorrupt(byte[] input) {
        HiveCodec.PageHeader header;
        try {
            header = HiveCodec.decodePageHeader(1, input, PAGE_COUNT);
        } catch (CorruptHiveException e) {
            return;
        }
        assertTrue(header.nextPage() >= 0 && header.nextPage() < PAGE_COUNT);
        if (header.kind() != HiveCodec.KIND_FREE) {
            assertArrayEquals(Arrays.copyOf(input, HiveCodec.PAGE_HEADER_BYTES),
                    HiveCodec.encodePageHeader(header.kind(), header.nextPage()));
        }
    }

    @FuzzTest(maxDuration = "30s")
    void hiveHeaderDecodingOnlyThrowsCorrupt(byte[] input) {
        try {
            HiveCodec.checkHeader(input, PAGE_COUNT, 480);
        } catch (CorruptHiveException e) {
            return;
        }
        assertArrayEquals(HiveCodec.encodeHeader(PAGE_COUNT, 480), Arrays.copyOf(input, HiveCodec.HIVE_HEADER_BYTES));
    }

    static byte[] encode(HiveRecord record) {
        return switch (record) {
            case HiveRecord.Value v -> HiveCodec.encodeValue(v.key(), v.name(), v.data());
            case HiveRecord.Intent i -> HiveCodec.encodeIntent(i.transactionId(), i.changes());
        };
    }

    // Examples: each decoder on good records and on every one-byte truncation and bit flip of them.

    static List<byte[]> goodRecords() {
        return List.of(
                HiveCodec.encodeValue("\\Software\\App", "Count", new byte[] {1, 2, 3}),
                HiveCodec.encodeValue("\\K", "", new byte[0]),
                HiveCodec.encodeIntent(7, List.of(new Change("\\A", "x", new byte[] {9}),
                        new Change("\\A", "y", null), new Change("\\B\\C", "", new byte[600]))));
    }

    @Test
    void goodRecordsRoundTrip() {
        for (byte[] good : goodRecords()) {
            assertArrayEquals(good, encode(HiveCodec.decodeRecord(good)));
            byte[] padded = Arrays.copyOf(good, good.length + 100);
            assertArrayEquals(good, encode(HiveCodec.decodeRecord(padded)));
            recordDecodingOnlyThrowsCorrupt(padded);
        }
        HiveRecord.Intent intent = (HiveRecord.Intent) HiveCodec.decodeRecord(goodRecords().get(2));
        assertEquals(7, intent.transactionId());
        assertTrue(intent.changes().get(1).isDelete());
        assertEquals(600, intent.changes().get(2).data().length);
    }

    @Test
    void everyTruncationAndBitFlipIsCorrupt() {
        for (byte[] good : goodRecords()) {
            for (int length = 0; length < good.length; length++) {
                byte[] truncated = Arrays.copyOf(good, length);
                assertThrows(CorruptHiveException.class, () -> HiveCodec.decodeRecord(truncated), "length=" + length);
            }
            for (int bit = 0; bit < 8 * good.length; bit++) {
                byte[] flipped = good.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                assertThrows(CorruptHiveException.class, () -> HiveCodec.decodeRecord(flipped), "bit=" + bit);
            }
        }
    }

    @Test
    void lengthsBeyondTheBytesAreCorruptWithAValidCrc() {
        // An intent claiming 2^31-1 changes, its CRC right: refused before any allocation.
        byte[] intent = goodRecords().get(2);
        ByteBuffer b = ByteBuffer.wrap(intent).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(HiveCodec.CHANGE_COUNT_OFFSET, Integer.MAX_VALUE);
        b.putInt(intent.length - HiveCodec.CRC_BYTES, HiveCodec.crc(intent, intent.length - HiveCodec.CRC_BYTES));
        CorruptHiveException e = assertThrows(CorruptHiveException.class, () -> HiveCodec.decodeRecord(intent));
        assertTrue(e.getMessage().contains("changeCount=" + Integer.MAX_VALUE), e.getMessage());
        // A value whose data length runs past the record.
        byte[] value = goodRecords().get(0);
        ByteBuffer v = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        v.putInt(HiveCodec.DATA_BYTES_OFFSET, 1000);
        v.putInt(value.length - HiveCodec.CRC_BYTES, HiveCodec.crc(value, value.length - HiveCodec.CRC_BYTES));
        assertThrows(CorruptHiveException.class, () -> HiveCodec.decodeRecord(value));
    }

    @Test
    void pageAndHiveHeadersRoundTrip() {
        byte[] page = HiveCodec.encodePageHeader(HiveCodec.KIND_NEXT, 63);
        assertEquals(new HiveCodec.PageHeader(HiveCodec.KIND_NEXT, 63), HiveCodec.decodePageHeader(1, page, 64));
        assertThrows(CorruptHiveException.class, () -> HiveCodec.decodePageHeader(1, page, 63));
        HiveCodec.checkHeader(HiveCodec.encodeHeader(64, 480), 64, 480);
        assertThrows(CorruptHiveException.class, () -> HiveCodec.checkHeader(HiveCodec.encodeHeader(64, 480), 65, 480));
    }
}
