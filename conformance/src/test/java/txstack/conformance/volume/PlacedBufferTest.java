package txstack.conformance.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import txstack.model.Bytes;

/** The guards around a transfer's bytes see every byte a read or write touches where it may not. */
class PlacedBufferTest {

    private static final int BLOCK = 512;

    @Test
    void aWriteHoldsItsBlocksAtItsOffsetAndChangesNothing() {
        Bytes a = VolumeLayer.content(7, 3, BLOCK);
        Bytes b = VolumeLayer.content(7, 4, BLOCK);
        PlacedBuffer buffer = PlacedBuffer.forWrite(13, List.of(a, b), BLOCK);
        assertEquals(13 + 2 * BLOCK + PlacedBuffer.TAIL_GUARD_BYTES, buffer.array().length);
        assertEquals(a, buffer.block(0, BLOCK));
        assertEquals(b, buffer.block(1, BLOCK));
        assertNull(buffer.writeDamage());
        buffer.array()[13 + BLOCK] ^= 1; // inside the transfer: a write may not change its source either
        String damage = buffer.writeDamage();
        assertNotNull(damage);
        assertTrue(damage.contains("inside the transfer, at its byte 512"), damage);
    }

    @Test
    void aReadMayFillItsBytesButNothingAroundThem() {
        PlacedBuffer buffer = PlacedBuffer.forRead(509, BLOCK);
        Arrays.fill(buffer.array(), 509, 509 + BLOCK, (byte) 0);
        assertNull(buffer.readDamage());

        buffer.array()[508] ^= 1;
        String before = buffer.readDamage();
        assertTrue(before != null && before.contains("1 byte before the transfer"), before);
        buffer.array()[508] ^= 1;

        buffer.array()[509 + BLOCK + 2] ^= 1;
        String after = buffer.readDamage();
        assertTrue(after != null && after.contains("3 bytes after its end"), after);
    }

    @Test
    void offsetsAreSpreadOverKeysAndOneInFourIsZero() {
        Set<Integer> seen = new TreeSet<>();
        int zeros = 0;
        for (long key = 0; key < 4000; key++) {
            int offset = PlacedBuffer.offsetFor(key);
            seen.add(offset);
            zeros += offset == 0 ? 1 : 0;
        }
        assertEquals(Set.of(0, 1, 13, 509), seen);
        assertTrue(zeros > 800 && zeros < 1200, "zero offsets: " + zeros + " of 4000");
    }
}
