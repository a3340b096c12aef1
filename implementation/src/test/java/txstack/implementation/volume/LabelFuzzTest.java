package txstack.implementation.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz test of the member-label decoder: any bytes give a valid label or {@link CorruptLabelException}, nothing else
 * escapes, nothing hangs, no allocation follows an unbounded length; a decoded label encodes back to a label that
 * decodes equal. Under {@code mvn test} it runs its seed corpus ({@code
 * src/test/resources/txstack/implementation/volume/LabelFuzzTestInputs/<method>/}) as regression tests; {@code
 * JAZZER_FUZZ=1} fuzzes.
 */
class LabelFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void labelDecodingOnlyThrowsCorruptLabel(byte[] input) {
        MemberLabel label;
        try {
            label = LabelCodec.decode(ByteBuffer.wrap(input));
        } catch (CorruptLabelException e) {
            return;
        }
        assertTrue(label.memberIndex() < label.memberCount() && label.memberCount() <= LabelCodec.MAX_MEMBERS);
        assertTrue(label.regionCount() <= LabelCodec.MAX_REGIONS);
        assertEquals(LabelCodec.bitmapBytes(label.regionCount()), label.dirtyBitmap().length);
        assertEquals(label, LabelCodec.decode(LabelCodec.encode(label)));
    }
}
