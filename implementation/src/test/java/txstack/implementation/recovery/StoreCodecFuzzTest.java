package txstack.implementation.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz tests of the recovery layer's decoders: any bytes give a valid result or the package's corruption exception,
 * nothing else escapes, nothing hangs, no allocation follows an unbounded length; and what decodes re-encodes to the
 * same bytes (the formats are canonical). Under {@code mvn test} they run their seed corpus
 * ({@code src/test/resources/txstack/implementation/recovery/StoreCodecFuzzTestInputs/<method>/}) as regression
 * tests; {@code JAZZER_FUZZ=1} fuzzes.
 */
class StoreCodecFuzzTest {
    /** The page index every page input is decoded as (the seeds are pages of this index). */
    static final long PAGE_INDEX = 3;

    @FuzzTest(maxDuration = "30s")
    void recordDecodingOnlyThrowsCorruptStore(byte[] input) {
        StoreRecord record;
        try {
            record = StoreRecordCodec.decode(input);
        } catch (CorruptStoreException e) {
            return;
        }
        assertArrayEquals(input, StoreRecordCodec.encode(record), record.toString());
    }

    @FuzzTest(maxDuration = "30s")
    void pageDecodingOnlyThrowsCorruptPage(byte[] input) {
        PageCodec.Page page;
        try {
            page = PageCodec.decode(PAGE_INDEX, input);
        } catch (CorruptPageException e) {
            return;
        }
        assertEquals(input.length - PageCodec.HEADER_BYTES, page.data().length);
        if (page.pageLsn() == 0) {
            assertArrayEquals(new byte[input.length], input);
        } else {
            assertTrue(page.pageLsn() > 0);
            assertArrayEquals(input, PageCodec.encode(PAGE_INDEX, page.pageLsn(), page.data()));
        }
    }

    @FuzzTest(maxDuration = "30s")
    void restartDataDecodingOnlyThrowsCorruptStore(byte[] input) {
        RestartData data;
        try {
            data = RestartData.decode(input);
        } catch (CorruptStoreException e) {
            return;
        }
        assertTrue(data.pageCount() > 0 && data.nextTransactionId() > 0);
        assertArrayEquals(input, data.encode());
    }
}
