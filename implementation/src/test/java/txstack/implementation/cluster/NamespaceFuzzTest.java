package txstack.implementation.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz tests of the namespace record's decoder: any bytes give a namespace or {@link CorruptNamespaceException},
 * nothing else escapes, nothing hangs, no allocation follows a count the bytes do not hold; a record that decodes
 * re-encodes to the same bytes (the format is canonical). Under {@code mvn test} they run the examples Jazzer keeps
 * in {@code src/test/resources} (none yet) and one empty input; {@code JAZZER_FUZZ=1} fuzzes.
 */
class NamespaceFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void decodingOnlyThrowsCorrupt(byte[] input) {
        Namespace ns;
        try {
            ns = Namespace.decode(input);
        } catch (CorruptNamespaceException e) {
            return;
        }
        byte[] encoded = ns.encode();
        assertTrue(encoded.length <= input.length);
        assertArrayEquals(Arrays.copyOf(input, encoded.length), encoded);
    }

    /** The fuzzer's bytes after a good header, closed by a good CRC: they reach the entries' and sessions' checks. */
    @FuzzTest(maxDuration = "30s")
    void aRecordWithAGoodCrcOnlyThrowsCorrupt(byte[] input) {
        if (input.length < 3) {
            return;
        }
        int files = 1 + (input[0] & 3);
        int sessions = input[1] & 3;
        int applied = input[2] & 7;
        int body = files * Namespace.ENTRY_BYTES + sessions * Namespace.SESSION_BYTES + applied * Long.BYTES;
        ByteBuffer b = ByteBuffer.allocate(Namespace.HEADER_BYTES + body + Namespace.CRC_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(Namespace.MAGIC).putShort(Namespace.VERSION).putShort((short) files).putLong(1).putInt(applied)
                .putShort((short) sessions).putShort((short) 0);
        b.put(Arrays.copyOfRange(input, 3, 3 + body));
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, Namespace.HEADER_BYTES + body);
        b.position(Namespace.HEADER_BYTES + body);
        b.putInt((int) crc.getValue());
        decodingOnlyThrowsCorrupt(b.array());
    }
}
