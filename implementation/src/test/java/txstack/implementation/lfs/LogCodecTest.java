package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static txstack.implementation.lfs.LogFileTest.assertThrowsWith;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import txstack.implementation.lfs.LogPageCodec.PageHeader;
import txstack.implementation.lfs.RecordCodec.RecordHeader;
import txstack.implementation.lfs.RestartPageCodec.RestartPage;

/** The decoders' checks one by one, with the message each failure gives. */
class LogCodecTest {
    private static final RestartPage RESTART = new RestartPage(512, 16, 100, 4096, 2048, 8, 0x1234_5678_9ABCL, 7,
            468 * 3 + 10, 3, 468 * 5, new byte[] {1, 2, 3});

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A restart copy with one int field changed and its checksum made right again. */
    private static byte[] restartWithInt(int offset, int value) {
        byte[] bytes = RestartPageCodec.encode(RESTART);
        le(bytes).putInt(offset, value);
        le(bytes).putInt(RestartPageCodec.CRC_OFFSET, Checksums.crc32c(bytes, RestartPageCodec.SECTOR_SIZE_OFFSET,
                RestartPageCodec.COPY_SIZE_BYTES - RestartPageCodec.SECTOR_SIZE_OFFSET));
        return bytes;
    }

    @Test
    void restartCopyRoundTrips() {
        RestartPage decoded = RestartPageCodec.decode(ByteBuffer.wrap(RestartPageCodec.encode(RESTART)), true);
        assertEquals(RESTART.toString(), decoded.toString());
        assertEquals(RESTART.epochStartLsn(), decoded.epochStartLsn());
        assertEquals(RESTART.maxPayloadBytes(), decoded.maxPayloadBytes());
        assertArrayEquals(RESTART.clientData(), decoded.clientData());
    }

    @Test
    void badRestartCopiesAreCorrupt() {
        byte[] good = RestartPageCodec.encode(RESTART);
        assertThrowsWith(CorruptLogException.class, "truncated restart copy: lengthBytes=4095",
                () -> RestartPageCodec.decode(ByteBuffer.wrap(good, 0, 4095), true));
        byte[] torn = good.clone();
        torn[3000] ^= 1;
        assertThrowsWith(CorruptLogException.class, "crc32c mismatch: restartCopy offset=0x00000008 calculated=",
                () -> RestartPageCodec.decode(ByteBuffer.wrap(torn), true));
        assertEquals(RESTART.sequence(), RestartPageCodec.decode(ByteBuffer.wrap(torn), false).sequence());
        assertThrowsWith(CorruptLogException.class, "restart copy magic mismatch: offset=0x0 expected=0x524C5854",
                () -> RestartPageCodec.decode(ByteBuffer.wrap(restartWithInt(0, 0)), true));
        assertThrowsWith(CorruptLogException.class, "unsupported restart copy version: offset=0x00000004 expected=1"
                + " read=2", () -> RestartPageCodec.decode(ByteBuffer.wrap(restartWithInt(4, 2)), true));
        assertThrowsWith(CorruptLogException.class, "field=sectorSizeBytes value=1000", () -> RestartPageCodec
                .decode(ByteBuffer.wrap(restartWithInt(RestartPageCodec.SECTOR_SIZE_OFFSET, 1000)), true));
        assertThrowsWith(CorruptLogException.class, "field=flushBatchPages value=0", () -> RestartPageCodec
                .decode(ByteBuffer.wrap(restartWithInt(RestartPageCodec.FLUSH_BATCH_PAGES_OFFSET, 0)), true));
        assertThrowsWith(CorruptLogException.class, "field=maxPayloadBytes value=-1", () -> RestartPageCodec
                .decode(ByteBuffer.wrap(restartWithInt(RestartPageCodec.MAX_PAYLOAD_OFFSET, -1)), true));
        assertThrowsWith(CorruptLogException.class, "clientDataLength=2049 max=2048", () -> RestartPageCodec
                .decode(ByteBuffer.wrap(restartWithInt(RestartPageCodec.CLIENT_DATA_LENGTH_OFFSET, 2049)), true));
    }

    @Test
    void logPageHeadersRoundTripAndBadOnesAreCorrupt() {
        byte[] page = new byte[512];
        PageHeader header = new PageHeader(42, 17, 3, 9000, 100);
        LogPageCodec.encode(page, 0, 512, header);
        assertEquals(header, LogPageCodec.decode(ByteBuffer.wrap(page), true));
        byte[] flipped = page.clone();
        flipped[400] ^= 1;
        assertThrowsWith(CorruptLogException.class, "crc32c mismatch: page=17 offset=0x00000004 calculated=",
                () -> LogPageCodec.decode(ByteBuffer.wrap(flipped), true));
        assertEquals(header, LogPageCodec.decode(ByteBuffer.wrap(flipped), false));
        assertThrowsWith(CorruptLogException.class, "log page magic mismatch: offset=0x0 expected=0x504C5854 read="
                + "0x00000000", () -> LogPageCodec.decode(ByteBuffer.allocate(512), true));
        assertThrowsWith(CorruptLogException.class, "truncated log page: lengthBytes=44",
                () -> LogPageCodec.decode(ByteBuffer.wrap(page, 0, 44), true));
        LogPageCodec.encode(page, 0, 512, new PageHeader(42, 17, 3, 9000, 469));
        assertThrowsWith(CorruptLogException.class, "usedBytes=469 max=468",
                () -> LogPageCodec.decode(ByteBuffer.wrap(page), true));
        // Scans ask without the exception: null for every page decode refuses, the header for the rest.
        assertNull(LogPageCodec.decodeOrNull(ByteBuffer.wrap(page), true));
        assertNull(LogPageCodec.decodeOrNull(ByteBuffer.wrap(flipped), true));
        assertEquals(header, LogPageCodec.decodeOrNull(ByteBuffer.wrap(flipped), false));
        assertNull(LogPageCodec.decodeOrNull(ByteBuffer.allocate(512), true));
        assertNull(LogPageCodec.decodeOrNull(ByteBuffer.wrap(page, 0, 44), true));
        LogPageCodec.encode(page, 0, 512, header);
        assertEquals(header, LogPageCodec.decodeOrNull(ByteBuffer.wrap(page), true));
    }

    @Test
    void recordsRoundTripAndBadOnesAreCorrupt() {
        byte[] payload = "payload".getBytes();
        long lsn = 5000;
        int checksum = RecordCodec.checksum(lsn, 4000, payload.length, RecordCodec.payloadChecksum(payload));
        byte[] record = ByteBuffer.allocate(RecordCodec.HEADER_BYTES + payload.length)
                .put(RecordCodec.encodeHeader(payload.length, checksum, 4000)).put(payload).array();
        assertArrayEquals(payload, RecordCodec.decode(ByteBuffer.wrap(record), lsn, 100));
        assertEquals(new RecordHeader(payload.length, checksum, 4000),
                RecordCodec.decodeHeader(ByteBuffer.wrap(record), 100));
        assertThrowsWith(CorruptLogException.class, "crc32c mismatch: record lsn=5001 offset=0x1389 calculated=",
                () -> RecordCodec.decode(ByteBuffer.wrap(record), lsn + 1, 100));
        assertThrowsWith(CorruptLogException.class, "record length out of range: offset=0x00000000 payloadBytes=7"
                + " maxPayloadBytes=6", () -> RecordCodec.decode(ByteBuffer.wrap(record), lsn, 6));
        assertThrowsWith(CorruptLogException.class, "truncated record: lsn=5000 payloadBytes=7 availableBytes=6",
                () -> RecordCodec.decode(ByteBuffer.wrap(record, 0, record.length - 1), lsn, 100));
        assertThrowsWith(CorruptLogException.class, "truncated record header: lengthBytes=15",
                () -> RecordCodec.decodeHeader(ByteBuffer.wrap(record, 0, 15), 100));
    }

    /** The fuzz corpus' "valid" seeds must stay valid as the format evolves, or the fuzzer starts from nothing. */
    @Test
    void validFuzzSeedsStillDecode() throws Exception {
        // The seeds named "valid" must stay valid: if the format changes, the fuzz corpus must change with it.
        String inputs = "CodecFuzzTestInputs/";
        for (String name : new String[] {"valid-512", "valid-4096-empty"}) {
            byte[] bytes = seed(inputs + "restartCopyDecodingOnlyThrowsCorruptLog/" + name);
            assertDoesNotThrow(() -> RestartPageCodec.decode(ByteBuffer.wrap(bytes), true), "restart seed " + name);
        }
        for (String name : new String[] {"valid-512-partial", "valid-4096-full"}) {
            byte[] bytes = seed(inputs + "logPageDecodingOnlyThrowsCorruptLog/" + name);
            assertDoesNotThrow(() -> LogPageCodec.decode(ByteBuffer.wrap(bytes), true), "log page seed " + name);
        }
        ByteBuffer record = le(seed(inputs + "recordDecodingOnlyThrowsCorruptLog/valid"));
        long lsn = record.getLong();
        assertDoesNotThrow(() -> RecordCodec.decode(record, lsn, 100), "record seed valid");
    }

    private static byte[] seed(String name) throws java.io.IOException {
        try (var in = LogCodecTest.class.getResourceAsStream(name)) {
            return java.util.Objects.requireNonNull(in, name).readAllBytes();
        }
    }
}
