package txstack.implementation.txf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import txstack.implementation.ktm.TransactionId;

/**
 * Fuzz test of TxF's intent decoder: any bytes give a valid intent or {@link CorruptIntentException}, nothing else
 * escapes, nothing hangs, nothing is allocated from a length the bytes do not hold; what decodes re-encodes to the
 * same bytes. Under {@code mvn test} it runs its seed corpus ({@code
 * src/test/resources/txstack/implementation/txf/TxfIntentFuzzTestInputs/<method>/}); {@code JAZZER_FUZZ=1} fuzzes.
 */
class TxfIntentFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void intentDecodingOnlyThrowsCorrupt(byte[] input) {
        TxfIntent intent;
        try {
            intent = TxfIntent.decode("fuzz", input);
        } catch (CorruptIntentException e) {
            return;
        }
        assertArrayEquals(input, intent.encode());
    }

    @Test
    void intentsRoundTrip() {
        Map<String, TxfIntent.FileState> files = new LinkedHashMap<>();
        files.put("\\d\\a", TxfIntent.FileState.of(new byte[] {1, 2, 3}));
        files.put("\\b", new TxfIntent.FileState(new byte[0], 0x20));
        files.put("\\gone", TxfIntent.FileState.ABSENT);
        TxfIntent prepared = new TxfIntent(new TransactionId(7), false, files);
        TxfIntent back = TxfIntent.decode("t", prepared.encode());
        assertEquals(prepared.tx(), back.tx());
        assertEquals(prepared.paths(), back.paths());
        assertEquals(0x20, back.files().get("\\b").attributes());
        assertEquals(false, back.files().get("\\gone").present());
        assertArrayEquals(prepared.encode(), back.encode());
        TxfIntent plain = TxfIntent.decode("p", new TxfIntent(null, true, files).encode());
        assertEquals(null, plain.tx());
        assertEquals(true, plain.committed());
    }
}
