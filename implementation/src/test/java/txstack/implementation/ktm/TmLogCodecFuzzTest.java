package txstack.implementation.ktm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzz tests of the transaction manager's decoders (log record, restart area): any bytes give a valid result or
 * {@link CorruptTmLogException}, nothing else escapes, nothing hangs, nothing is allocated from a length the bytes do
 * not hold; what decodes re-encodes to the same bytes. Under {@code mvn test} they run their seed corpus ({@code
 * src/test/resources/txstack/implementation/ktm/TmLogCodecFuzzTestInputs/<method>/}); {@code JAZZER_FUZZ=1} fuzzes.
 */
class TmLogCodecFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void recordDecodingOnlyThrowsCorrupt(byte[] input) {
        TmLogCodec.Entry e;
        try {
            e = TmLogCodec.decode(7, input);
        } catch (CorruptTmLogException ex) {
            return;
        }
        byte[] encoded = e.commit() ? TmLogCodec.commit(e.tx(), e.rms()) : TmLogCodec.end(e.tx());
        assertArrayEquals(input, encoded);
    }

    @FuzzTest(maxDuration = "30s")
    void restartDecodingOnlyThrowsCorrupt(byte[] input) {
        long ceiling;
        try {
            ceiling = TmLogCodec.decodeRestart(input);
        } catch (CorruptTmLogException ex) {
            return;
        }
        assertArrayEquals(input, TmLogCodec.restart(ceiling));
    }

    @Test
    void recordsRoundTrip() {
        TmLogCodec.Entry commit = TmLogCodec.decode(1, TmLogCodec.commit(new TransactionId(42), List.of("fs",
                "reg", "test-rm-7")));
        assertEquals(new TmLogCodec.Entry(true, new TransactionId(42), List.of("fs", "reg", "test-rm-7")), commit);
        assertEquals(new TmLogCodec.Entry(false, new TransactionId(9), List.of()),
                TmLogCodec.decode(2, TmLogCodec.end(new TransactionId(9))));
        assertEquals(1L << 40, TmLogCodec.decodeRestart(TmLogCodec.restart(1L << 40)));
    }
}
