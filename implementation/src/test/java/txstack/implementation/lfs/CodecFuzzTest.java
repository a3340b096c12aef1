package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.code_intelligence.jazzer.junit.FuzzTest;

import txstack.implementation.lfs.LogPageCodec.PageHeader;
import txstack.implementation.lfs.RecordCodec.RecordHeader;
import txstack.implementation.lfs.RestartPageCodec.RestartPage;

/**
 * Fuzz tests of the on-disk decoders: any bytes give a valid result or {@link CorruptLogException}, nothing else
 * escapes, nothing hangs, no allocation follows an unbounded length. Under {@code mvn test} they run their seed
 * corpus ({@code src/test/resources/txstack/implementation/lfs/CodecFuzzTestInputs/<method>/}) as regression tests;
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class CodecFuzzTest {
    private static final int MAX_PAYLOAD_BYTES = 1 << 16;

    @FuzzTest(maxDuration = "30s")
    void restartCopyDecodingOnlyThrowsCorruptLog(byte[] input) {
        for (boolean verifyChecksum : new boolean[] {true, false}) {
            RestartPage page;
            try {
                page = RestartPageCodec.decode(ByteBuffer.wrap(input), verifyChecksum);
            } catch (CorruptLogException e) {
                continue;
            }
            assertTrue(page.clientData().length <= RestartPageCodec.MAX_CLIENT_DATA_BYTES);
            RestartPage again = RestartPageCodec.decode(ByteBuffer.wrap(RestartPageCodec.encode(page)), true);
            assertEquals(page.toString(), again.toString());
            assertArrayEquals(page.clientData(), again.clientData());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void logPageDecodingOnlyThrowsCorruptLog(byte[] input) {
        for (boolean verifyChecksum : new boolean[] {true, false}) {
            PageHeader header;
            try {
                header = LogPageCodec.decode(ByteBuffer.wrap(input), verifyChecksum);
            } catch (CorruptLogException e) {
                continue;
            }
            assertTrue(header.usedBytes() >= 0 && header.usedBytes() <= input.length - LogPageCodec.HEADER_BYTES);
            byte[] reencoded = input.clone();
            LogPageCodec.encode(reencoded, 0, reencoded.length, header);
            assertEquals(header, LogPageCodec.decode(ByteBuffer.wrap(reencoded), true));
        }
    }

    @FuzzTest(maxDuration = "30s")
    void recordDecodingOnlyThrowsCorruptLog(byte[] input) {
        if (input.length < Long.BYTES) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        long lsn = bytes.getLong();
        RecordHeader header;
        try {
            header = RecordCodec.decodeHeader(bytes, MAX_PAYLOAD_BYTES);
        } catch (CorruptLogException e) {
            return;
        }
        assertTrue(header.payloadBytes() >= 0 && header.payloadBytes() <= MAX_PAYLOAD_BYTES);
        try {
            byte[] payload = RecordCodec.decode(bytes, lsn, MAX_PAYLOAD_BYTES);
            assertEquals(header.payloadBytes(), payload.length);
        } catch (CorruptLogException e) {
            // A bad checksum or a short record: the only failure allowed.
        }
    }
}
