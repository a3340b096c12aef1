package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import txstack.implementation.lfs.RestartPageCodec.RestartPage;

/**
 * Every range check of the log's values, at its edge: the last value in range is taken and the first one out is
 * refused, with the field named. A stored restart copy whose checksum holds but whose fields are out of range (a bug
 * that wrote it, or damage the checksum missed) must be refused as corrupt, never used to size an allocation.
 */
class LogValueLimitsTest {

    @Test
    void geometryTakesItsEdgesAndRefusesPastThem() {
        assertDoesNotThrow(() -> new LogGeometry(1, 0, 0, 1, 0));
        assertDoesNotThrow(() -> new LogGeometry(10, 0, 9, 1, 0));
        assertGeometryRefused(0, 0, 0, 1, 0);
        assertGeometryRefused(10, -1, 0, 1, 0);
        assertGeometryRefused(10, 0, -1, 1, 0);
        assertGeometryRefused(10, 0, 10, 1, 0);
        assertGeometryRefused(10, 0, 0, 0, 0);
        assertGeometryRefused(10, 0, 0, 1, -1);
    }

    private static void assertGeometryRefused(long capacity, int overhead, long slack, int maxPayload, int maxClient) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LogGeometry(capacity, overhead, slack, maxPayload, maxClient));
        assertTrue(e.getMessage().startsWith("invalid geometry: capacityBytes=" + capacity), e.getMessage());
    }

    @Test
    void optionsTakeTheirEdgesAndRefusePastThem() {
        int payloadMax = LogOptions.MAX_PAYLOAD_LIMIT_BYTES;
        int clientMax = LogOptions.MAX_CLIENT_DATA_LIMIT_BYTES;
        int batchMin = LogOptions.MIN_FLUSH_BATCH_BYTES;
        int batchMax = LogOptions.MAX_FLUSH_BATCH_BYTES;
        assertEquals(new LogOptions(1, 0, batchMin), new LogOptions(1, 0, batchMin));
        assertDoesNotThrow(() -> new LogOptions(payloadMax, clientMax, batchMax));
        assertOptionsRefused("maxPayloadBytes", 0, 0, batchMin);
        assertOptionsRefused("maxPayloadBytes", payloadMax + 1, 0, batchMin);
        assertOptionsRefused("maxClientDataBytes", 1, -1, batchMin);
        assertOptionsRefused("maxClientDataBytes", 1, clientMax + 1, batchMin);
        assertOptionsRefused("flushBatchMaxBytes", 1, 0, batchMin - 1);
        assertOptionsRefused("flushBatchMaxBytes", 1, 0, batchMax + 1);
        LogOptions o = LogOptions.defaults();
        assertEquals(new LogOptions(7, o.maxClientDataBytes(), o.flushBatchMaxBytes()), o.withMaxPayloadBytes(7));
        assertEquals(new LogOptions(o.maxPayloadBytes(), 7, o.flushBatchMaxBytes()), o.withMaxClientDataBytes(7));
        assertEquals(new LogOptions(o.maxPayloadBytes(), o.maxClientDataBytes(), batchMin),
                o.withFlushBatchMaxBytes(batchMin));
    }

    private static void assertOptionsRefused(String field, int maxPayload, int maxClient, int flushBatch) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LogOptions(maxPayload, maxClient, flushBatch));
        assertTrue(e.getMessage().startsWith(field + " out of range"), e.getMessage());
    }

    @Test
    void recordsAndRestartAreasNeedAPositiveLsnAndKeepTheirOwnCopy() {
        assertThrows(IllegalArgumentException.class, () -> new LogRecord(0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new RestartArea(0, new byte[0]));
        byte[] bytes = {1, 2, 3};
        LogRecord record = new LogRecord(1, bytes);
        RestartArea area = new RestartArea(1, bytes);
        bytes[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, record.payload());
        assertArrayEquals(new byte[] {1, 2, 3}, area.clientData());
        assertNotSame(record.payload(), record.payload());
        assertNotSame(area.clientData(), area.clientData());
        assertEquals(3, record.payloadBytes());
        assertEquals(new LogRecord(1, new byte[] {1, 2, 3}), record);
        assertEquals(new LogRecord(1, new byte[] {1, 2, 3}).hashCode(), record.hashCode());
        assertTrue(!record.equals(new LogRecord(2, new byte[] {1, 2, 3}))
                && !record.equals(new LogRecord(1, new byte[] {1, 2, 4})));
        assertEquals(new RestartArea(1, new byte[] {1, 2, 3}), area);
        assertEquals(new RestartArea(1, new byte[] {1, 2, 3}).hashCode(), area.hashCode());
        assertTrue(!area.equals(new RestartArea(2, new byte[] {1, 2, 3}))
                && !area.equals(new RestartArea(1, new byte[] {1, 2, 4})));
    }

    /**
     * {@code maxRecordPages} bounds the pages the largest record touches, found by placing it at every offset of a
     * page, and is at most one page more; the window recovery searches for proof of a lost durable record is a flush
     * batch past it, within the ring.
     */
    @ParameterizedTest(name = "{0}-byte sectors")
    @ValueSource(ints = {512, 4096})
    void theLargestRecordsPagesAreBounded(int sectorSizeBytes) {
        int pageData = sectorSizeBytes - LogPageCodec.HEADER_BYTES;
        for (long sectors : new long[] {LogLayout.restartSectors(sectorSizeBytes) + 2, 40, 300}) {
            for (int maxPayload : new int[] {1, pageData - RecordCodec.HEADER_BYTES, pageData, 3 * pageData + 7,
                    1 << 20}) {
                LogLayout layout = LogLayout.forFormat(sectorSizeBytes, sectors,
                        LogOptions.defaults().withMaxPayloadBytes(maxPayload).withFlushBatchMaxBytes(8192));
                long recordBytes = (long) layout.maxPayloadBytes() + RecordCodec.HEADER_BYTES;
                long touched = 0;
                for (int offset = 0; offset < pageData; offset++) {
                    touched = Math.max(touched, (offset + recordBytes - 1) / pageData + 1);
                }
                String what = layout.toString();
                assertTrue(layout.maxRecordPages() >= touched, what + " touches " + touched);
                assertTrue(layout.maxRecordPages() <= touched + 1, what + " touches " + touched);
                assertTrue(layout.maxRecordPages() <= layout.logPageCount(), what);
                assertEquals(Math.min(layout.logPageCount() - 1,
                        (long) layout.flushBatchPages() + layout.maxRecordPages()),
                        layout.durableProofWindowPages(), what);
            }
        }
    }

    /** The largest LSN, epoch and start a stored restart copy may name. */
    private static final long HALF = Long.MAX_VALUE / 2;

    /** A restart copy as a log of 8 pages on {@code sectorSizeBytes} sectors stores it, every field inside its range. */
    private static RestartPage stored(int sectorSizeBytes) {
        long pageData = sectorSizeBytes - LogPageCodec.HEADER_BYTES;
        return new RestartPage(sectorSizeBytes, LogLayout.restartSectors(sectorSizeBytes), 8, 100, 10, 2,
                0x1234L, 5, pageData, 3, pageData, new byte[0]);
    }

    @ParameterizedTest(name = "{0}-byte sectors")
    @ValueSource(ints = {512, 4096})
    void aStoredCopyIsTakenAtEveryFieldsEdgeAndRefusedOnePast(int sectorSizeBytes) {
        RestartPage p = stored(sectorSizeBytes);
        long pageData = sectorSizeBytes - LogPageCodec.HEADER_BYTES;
        long pagesMax = Long.MAX_VALUE / 4 / sectorSizeBytes;
        accepted(edit(p));
        accepted(edit(p).set("logPageCount", LogLayout.MIN_LOG_PAGES));
        accepted(edit(p).set("logPageCount", pagesMax));
        accepted(edit(p).set("maxPayloadBytes", 1));
        accepted(edit(p).set("maxPayloadBytes", 2 * pageData).withPages(2));
        accepted(edit(p).set("maxPayloadBytes", LogOptions.MAX_PAYLOAD_LIMIT_BYTES)
                .withPages(pagesMax));
        accepted(edit(p).set("maxClientDataBytes", 0));
        accepted(edit(p).set("maxClientDataBytes", RestartPageCodec.MAX_CLIENT_DATA_BYTES));
        accepted(edit(p).set("flushBatchPages", 1));
        accepted(edit(p).set("flushBatchPages", 8));
        accepted(edit(p).set("startLsn", pageData));
        accepted(edit(p).set("startLsn", HALF));
        accepted(edit(p).set("epoch", 1));
        accepted(edit(p).set("epoch", HALF));
        accepted(edit(p).set("epochStartLsn", pageData));
        accepted(edit(p).set("epochStartLsn", HALF));
        accepted(edit(p).set("sequence", 0));

        assertCorrupt("sectorSizeBytes", edit(p).set("sectorSizeBytes", 1024));
        assertCorrupt("firstLogSector", edit(p).set("firstLogSector", p.firstLogSector() + 1));
        assertCorrupt("firstLogSector", edit(p).set("firstLogSector", p.firstLogSector() - 1));
        assertCorrupt("logPageCount", edit(p).set("logPageCount", LogLayout.MIN_LOG_PAGES - 1));
        assertCorrupt("logPageCount", edit(p).set("logPageCount", pagesMax + 1));
        assertCorrupt("maxPayloadBytes", edit(p).set("maxPayloadBytes", 0));
        assertCorrupt("maxPayloadBytes", edit(p).set("maxPayloadBytes", 2 * pageData + 1).withPages(2));
        assertCorrupt("maxPayloadBytes", edit(p).set("maxPayloadBytes", LogOptions.MAX_PAYLOAD_LIMIT_BYTES + 1L)
                .withPages(pagesMax));
        assertCorrupt("maxClientDataBytes", edit(p).set("maxClientDataBytes", -1));
        assertCorrupt("maxClientDataBytes", edit(p).set("maxClientDataBytes",
                RestartPageCodec.MAX_CLIENT_DATA_BYTES + 1L));
        assertCorrupt("flushBatchPages", edit(p).set("flushBatchPages", 0));
        assertCorrupt("flushBatchPages", edit(p).set("flushBatchPages", 9));
        assertCorrupt("startLsn", edit(p).set("startLsn", pageData - 1));
        assertCorrupt("startLsn", edit(p).set("startLsn", HALF + 1));
        assertCorrupt("epoch", edit(p).set("epoch", 0));
        assertCorrupt("epoch", edit(p).set("epoch", HALF + 1));
        assertCorrupt("epochStartLsn", edit(p).set("epochStartLsn", pageData - 1));
        assertCorrupt("epochStartLsn", edit(p).set("epochStartLsn", HALF + 1));
        assertCorrupt("sequence", edit(p).set("sequence", -1));
    }

    @Test
    void aRestartCopyHoldsClientDataUpToItsLimit() {
        RestartPage p = stored(512);
        int max = RestartPageCodec.MAX_CLIENT_DATA_BYTES;
        byte[] full = RestartPageCodec.encode(p.withArea(6, p.startLsn(), new byte[max]));
        assertEquals(RestartPageCodec.COPY_SIZE_BYTES, full.length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestartPageCodec.encode(p.withArea(6, p.startLsn(), new byte[max + 1])));
        assertTrue(e.getMessage().startsWith("client data too large: clientDataBytes=" + (max + 1)), e.getMessage());
    }

    private static void accepted(Fields page) {
        assertDoesNotThrow(() -> LogLayout.checkStored(page.page()), page.page()::toString);
    }

    private static void assertCorrupt(String field, Fields page) {
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> LogLayout.checkStored(page.page()));
        assertTrue(e.getMessage().startsWith("restart copy field out of range: field=" + field + " "),
                e.getMessage());
    }

    private static Fields edit(RestartPage page) {
        return new Fields(page);
    }

    /** A restart copy being edited field by field. */
    private record Fields(RestartPage page) {
        Fields set(String field, long v) {
            UnaryOperator<RestartPage> edit = switch (field) {
                case "sectorSizeBytes" -> q -> new RestartPage((int) v, q.firstLogSector(), q.logPageCount(),
                        q.maxPayloadBytes(), q.maxClientDataBytes(), q.flushBatchPages(), q.logId(), q.sequence(),
                        q.startLsn(), q.epoch(), q.epochStartLsn(), q.clientData());
                case "firstLogSector" -> q -> new RestartPage(q.sectorSizeBytes(), v, q.logPageCount(),
                        q.maxPayloadBytes(), q.maxClientDataBytes(), q.flushBatchPages(), q.logId(), q.sequence(),
                        q.startLsn(), q.epoch(), q.epochStartLsn(), q.clientData());
                case "logPageCount" -> q -> new RestartPage(q.sectorSizeBytes(), q.firstLogSector(), v,
                        q.maxPayloadBytes(), q.maxClientDataBytes(), q.flushBatchPages(), q.logId(), q.sequence(),
                        q.startLsn(), q.epoch(), q.epochStartLsn(), q.clientData());
                case "maxPayloadBytes" -> q -> new RestartPage(q.sectorSizeBytes(), q.firstLogSector(),
                        q.logPageCount(), (int) Math.min(v, Integer.MAX_VALUE), q.maxClientDataBytes(),
                        q.flushBatchPages(), q.logId(), q.sequence(), q.startLsn(), q.epoch(), q.epochStartLsn(),
                        q.clientData());
                case "maxClientDataBytes" -> q -> new RestartPage(q.sectorSizeBytes(), q.firstLogSector(),
                        q.logPageCount(), q.maxPayloadBytes(), (int) v, q.flushBatchPages(), q.logId(),
                        q.sequence(), q.startLsn(), q.epoch(), q.epochStartLsn(), q.clientData());
                case "flushBatchPages" -> q -> new RestartPage(q.sectorSizeBytes(), q.firstLogSector(),
                        q.logPageCount(), q.maxPayloadBytes(), q.maxClientDataBytes(), (int) v, q.logId(),
                        q.sequence(), q.startLsn(), q.epoch(), q.epochStartLsn(), q.clientData());
                case "sequence" -> q -> q.withEpoch(v, q.epoch(), q.epochStartLsn());
                case "startLsn" -> q -> q.withArea(q.sequence(), v, q.clientData());
                case "epoch" -> q -> q.withEpoch(q.sequence(), v, q.epochStartLsn());
                case "epochStartLsn" -> q -> q.withEpoch(q.sequence(), q.epoch(), v);
                default -> throw new IllegalArgumentException("no such field: " + field);
            };
            return new Fields(edit.apply(page));
        }

        Fields withPages(long pages) {
            return set("logPageCount", pages);
        }
    }
}
