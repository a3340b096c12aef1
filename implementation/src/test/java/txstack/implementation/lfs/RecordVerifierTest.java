package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import txstack.implementation.lfs.RecordCodec.RecordHeader;

/**
 * The scan's reusable record check takes the payload where it lies: in a heap buffer (through its array) or a direct
 * one (as a device read fills it), at any index, and checks exactly the payload's bytes, no more and no fewer.
 */
class RecordVerifierTest {

    private static final long LSN = 4242;
    private static final byte[] PAYLOAD = {3, 1, 4, 1, 5, 9, 2, 6};

    /** The payload at {@code index} of a buffer with a guard byte on each side; the buffer's position is 1. */
    private static ByteBuffer placed(boolean direct, int index) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(index + PAYLOAD.length + 1)
                : ByteBuffer.allocate(index + PAYLOAD.length + 1);
        b.put(index - 1, (byte) 0x55).put(index, PAYLOAD).put(index + PAYLOAD.length, (byte) 0x66);
        return b.position(1);
    }

    private static RecordHeader header() {
        return new RecordHeader(PAYLOAD.length,
                RecordCodec.checksum(LSN, 7, PAYLOAD.length, RecordCodec.payloadChecksum(PAYLOAD)), 7);
    }

    @ParameterizedTest(name = "direct buffer: {0}")
    @ValueSource(booleans = {false, true})
    void thePayloadIsCheckedWhereItLies(boolean direct) {
        RecordCodec.Verifier verifier = new RecordCodec.Verifier();
        for (int index : new int[] {1, 5, 17}) {
            ByteBuffer b = placed(direct, index);
            assertDoesNotThrow(() -> verifier.verify(LSN, header(), b, index));
            assertThrows(CorruptLogException.class, () -> verifier.verify(LSN + 1, header(), b, index),
                    "the LSN is checked");
            assertThrows(CorruptLogException.class, () -> verifier.verify(LSN, header(), b, index - 1),
                    "one byte early");
            assertThrows(CorruptLogException.class, () -> verifier.verify(LSN, header(), b, index + 1),
                    "one byte late");
            b.put(index + PAYLOAD.length - 1, (byte) 0);
            assertThrows(CorruptLogException.class, () -> verifier.verify(LSN, header(), b, index),
                    "the payload's last byte is checked");
        }
    }

    @ParameterizedTest(name = "offset {0}")
    @ValueSource(ints = {0, 3})
    void matchesAnArrayRange(int offset) {
        RecordCodec.Verifier verifier = new RecordCodec.Verifier();
        byte[] bytes = new byte[offset + PAYLOAD.length + 1];
        System.arraycopy(PAYLOAD, 0, bytes, offset, PAYLOAD.length);
        assertTrue(verifier.matches(LSN, header(), bytes, offset));
        assertFalse(verifier.matches(LSN, header(), bytes, offset + 1));
        assertFalse(verifier.matches(LSN - 1, header(), bytes, offset));
    }
}
