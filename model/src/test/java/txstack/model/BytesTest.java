package txstack.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Bytes}: a range copied in is a copy, and content compares with arrays and ranges of them. */
class BytesTest {

    @Test
    void aRangeIsCopiedIn() {
        byte[] source = {1, 2, 3, 4, 5};
        Bytes middle = Bytes.of(source, 1, 3);
        source[2] = 9;
        assertEquals(Bytes.of(new byte[] {2, 3, 4}), middle);
        assertSame(Bytes.EMPTY, Bytes.of(source, 5, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes.of(source, 3, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes.of(source, -1, 2));
    }

    @Test
    void contentComparesWithArraysAndRanges() {
        Bytes value = Bytes.of(new byte[] {7, 8});
        assertTrue(value.contentEquals(new byte[] {7, 8}));
        assertFalse(value.contentEquals(new byte[] {7, 8, 0}));
        assertFalse(value.contentEquals(new byte[] {7, 9}));
        byte[] wide = {0, 7, 8, 7};
        assertTrue(value.contentEquals(wide, 1, 2));
        assertFalse(value.contentEquals(wide, 2, 2));
        assertFalse(value.contentEquals(wide, 1, 3));
        assertTrue(Bytes.EMPTY.contentEquals(wide, 4, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> value.contentEquals(wide, 3, 2));
    }
}
