package txstack.implementation.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz tests of the file system's decoders (file record, index block, volume header): any bytes give a valid result
 * or {@link CorruptVolumeException}, nothing else escapes, nothing hangs, no allocation follows a length the bytes do
 * not hold; what decodes re-encodes to the same bytes (the formats are canonical; a block's bytes after the structure
 * are not part of it). Under {@code mvn test} they run their seed corpus ({@code
 * src/test/resources/txstack/implementation/fs/FsCodecFuzzTestInputs/<method>/}); {@code JAZZER_FUZZ=1} fuzzes.
 */
class FsCodecFuzzTest {
    static final int BLOCK = 5;

    @FuzzTest(maxDuration = "30s")
    void recordDecodingOnlyThrowsCorrupt(byte[] input) {
        FileRecord record;
        try {
            record = FileRecord.decode(BLOCK, input);
        } catch (CorruptVolumeException e) {
            return;
        }
        byte[] encoded = record.encode();
        assertTrue(encoded.length <= input.length);
        assertArrayEquals(Arrays.copyOf(input, encoded.length), encoded);
        assertArrayEquals(encoded, FileRecord.decode(BLOCK, encoded).encode());
    }

    @FuzzTest(maxDuration = "30s")
    void indexBlockDecodingOnlyThrowsCorrupt(byte[] input) {
        IndexNode node;
        try {
            node = IndexNode.decode(BLOCK, input);
        } catch (CorruptVolumeException e) {
            return;
        }
        byte[] encoded = node.encode();
        assertTrue(encoded.length <= input.length);
        assertArrayEquals(Arrays.copyOf(input, encoded.length), encoded);
        assertEquals(node.entries, IndexNode.decode(BLOCK, encoded).entries);
    }

    @FuzzTest(maxDuration = "30s")
    void volumeHeaderDecodingOnlyThrowsCorrupt(byte[] input) {
        VolumeHeader header;
        try {
            header = VolumeHeader.decode(input, 512, 4096);
        } catch (CorruptVolumeException e) {
            return;
        }
        assertArrayEquals(Arrays.copyOf(input, VolumeHeader.BYTES),
                Arrays.copyOf(header.encode(), VolumeHeader.BYTES));
    }
}
