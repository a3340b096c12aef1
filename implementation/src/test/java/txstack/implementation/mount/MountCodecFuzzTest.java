package txstack.implementation.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import txstack.implementation.fs.ReparsePoint;

/**
 * Fuzz tests of the mount layer's decoders of stored bytes (the reparse buffer, a volume identity, an offline copy):
 * any bytes give a valid result or the layer's specific exception, nothing else escapes, nothing hangs, nothing is
 * allocated from a length the bytes do not hold; what decodes re-encodes to the same bytes. Under {@code mvn test}
 * they run their seed corpus ({@code src/test/resources/txstack/implementation/mount/MountCodecFuzzTestInputs/
 * <method>/}); {@code JAZZER_FUZZ=1} fuzzes.
 */
class MountCodecFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void reparseBufferDecodingOnlyThrowsCorrupt(byte[] input) {
        ReparsePoint point;
        try {
            point = ReparseBuffer.decode(input);
        } catch (CorruptReparseBufferException e) {
            return;
        }
        assertArrayEquals(input, ReparseBuffer.encode(point));
    }

    @FuzzTest(maxDuration = "30s")
    void volumeIdDecodingOnlyThrowsCorrupt(byte[] input) {
        VolumeId id;
        try {
            id = VolumeId.decode(input);
        } catch (CorruptMountDataException e) {
            return;
        }
        assertArrayEquals(input, id.encode());
    }

    @FuzzTest(maxDuration = "30s")
    void offlineCopyDecodingOnlyThrowsCorrupt(byte[] input) {
        byte[] data;
        try {
            data = OfflineStore.decode("tape-1", input);
        } catch (CorruptMountDataException e) {
            return;
        }
        assertArrayEquals(input, OfflineStore.encode(data));
    }

    @Test
    void aCopyCutShortIsCorruptNotAnIndexError() {
        byte[] record = OfflineStore.encode(new byte[] {1, 2, 3});
        for (int length = 0; length < record.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(record, length);
            assertThrows(CorruptMountDataException.class, () -> OfflineStore.decode("tape-1", cut), "length "
                    + cut.length);
        }
    }
}
