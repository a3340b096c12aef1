package txstack.model.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import txstack.model.Bytes;
import txstack.model.ModelException;
import txstack.model.fs.ReparsePoint;
import txstack.model.mount.CorruptReparseBufferException.Reason;

/** The reparse buffer's header and the tag bits (MNT-5). */
class ReparseBufferTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static Reason reasonOf(byte[] buffer) {
        return assertThrows(CorruptReparseBufferException.class, () -> ReparseBuffer.decode(buffer)).reason();
    }

    @Test
    void theHeaderIsTagLengthReservedLittleEndianThenTheData() {
        Bytes encoded = ReparseBuffer.encode(new ReparsePoint(ReparseTags.MOUNT_POINT, Bytes.of(bytes(0x41, 0x42,
                0x43))));
        assertArrayEquals(bytes(0x03, 0x00, 0x00, 0xA0, 0x03, 0x00, 0x00, 0x00, 0x41, 0x42, 0x43), encoded.toArray());
        assertEquals(8, ReparseBuffer.HEADER_BYTES);
    }

    @Test
    void decodeGivesBackWhatEncodeWroteUpToTheLimit() {
        for (int length : new int[] {0, 1, 255, 256, 16383, 16384}) {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) {
                data[i] = (byte) (i * 31 + 7);
            }
            ReparsePoint p = new ReparsePoint(0x8000_0017 | length, Bytes.of(data));
            Bytes encoded = ReparseBuffer.encode(p);
            assertEquals(8 + length, encoded.length());
            assertEquals(p, ReparseBuffer.decode(encoded.toArray()), "length=" + length);
        }
    }

    @Test
    void encodeRefusesDataOverTheLimit() {
        ReparsePoint tooLarge = new ReparsePoint(ReparseTags.HSM, Bytes.of(new byte[16385]));
        assertThrows(ModelException.class, () -> ReparseBuffer.encode(tooLarge));
    }

    @Test
    void aTruncatedHeaderOrDataIsRefused() {
        assertEquals(Reason.TRUNCATED, reasonOf(new byte[0]));
        assertEquals(Reason.TRUNCATED, reasonOf(bytes(0x04, 0x00, 0x00, 0xC0, 0x02, 0x00, 0x00)));
        byte[] whole = ReparseBuffer.encode(new ReparsePoint(ReparseTags.HSM, Bytes.of(bytes(1, 2, 3, 4)))).toArray();
        assertEquals(Reason.TRUNCATED, reasonOf(Arrays.copyOf(whole, whole.length - 1)));
        assertEquals(Reason.TRAILING_BYTES, reasonOf(Arrays.copyOf(whole, whole.length + 1)));
    }

    @Test
    void aLyingLengthIsRefusedBeforeAnythingIsCopied() {
        // claims 0xFFFF bytes of data but carries 2: too large, whatever follows
        CorruptReparseBufferException e = assertThrows(CorruptReparseBufferException.class,
                () -> ReparseBuffer.decode(bytes(0x03, 0x00, 0x00, 0xA0, 0xFF, 0xFF, 0x00, 0x00, 0x01, 0x02)));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("dataLength=0xFFFF"), e.getMessage());
        // claims 16385: one over the limit
        assertEquals(Reason.TOO_LARGE, reasonOf(bytes(0x03, 0x00, 0x00, 0xA0, 0x01, 0x40, 0x00, 0x00)));
        // claims 16384 but carries 0
        assertEquals(Reason.TRUNCATED, reasonOf(bytes(0x03, 0x00, 0x00, 0xA0, 0x00, 0x40, 0x00, 0x00)));
    }

    @Test
    void reservedMustBeZeroAndTheTagNonZero() {
        assertEquals(Reason.RESERVED_NOT_ZERO, reasonOf(bytes(0x03, 0x00, 0x00, 0xA0, 0x00, 0x00, 0x01, 0x00)));
        assertEquals(Reason.TAG_ZERO, reasonOf(bytes(0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00)));
    }

    @Test
    void tagBitsMarkOwnerSurrogateAndDirectory() {
        assertTrue(ReparseTags.isMicrosoft(ReparseTags.MOUNT_POINT));
        assertTrue(ReparseTags.isNameSurrogate(ReparseTags.MOUNT_POINT));
        assertFalse(ReparseTags.isDirectory(ReparseTags.MOUNT_POINT));
        assertTrue(ReparseTags.isMicrosoft(ReparseTags.HSM));
        assertFalse(ReparseTags.isNameSurrogate(ReparseTags.HSM));
        assertFalse(ReparseTags.isMicrosoft(0x0000_1234));
        assertTrue(ReparseTags.isDirectory(0x1000_0001));
        assertFalse(ReparseTags.isNameSurrogate(0x1000_0001));
        assertEquals("0xA0000003", ReparseTags.hex(ReparseTags.MOUNT_POINT));
    }
}
