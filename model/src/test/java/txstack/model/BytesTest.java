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

    @Test
    void appendJoinsAndKeepsBothUnchanged() {
        Bytes head = Bytes.of(new byte[] {1, 2});
        Bytes tail = Bytes.of(new byte[] {3});
        assertEquals(Bytes.of(new byte[] {1, 2, 3}), head.append(tail));
        assertEquals(Bytes.of(new byte[] {3, 1, 2}), tail.append(head));
        assertEquals(Bytes.of(new byte[] {1, 2}), head);
        assertSame(head, head.append(Bytes.EMPTY));
        assertEquals(head, Bytes.EMPTY.append(head));
        assertSame(Bytes.EMPTY, Bytes.of(new byte[0]));
        byte[] source = {5};
        Bytes copied = Bytes.of(source);
        source[0] = 6;
        assertEquals(5, copied.toArray()[0]);
    }

    @Test
    void equalBytesHashAlikeAndPrintAsHexUpToSixteenBytes() {
        assertEquals(Bytes.of(new byte[] {1, 2}).hashCode(), Bytes.of(new byte[] {1, 2}).hashCode());
        assertFalse(Bytes.of(new byte[] {1, 2}).hashCode() == Bytes.of(new byte[] {2, 1}).hashCode());
        assertEquals("0a0b(2 bytes)", Bytes.of(new byte[] {10, 11}).toString());
        assertEquals("00000000000000000000000000000000(16 bytes)", Bytes.of(new byte[16]).toString());
        assertEquals("00000000000000000000000000000000..(17 bytes)", Bytes.of(new byte[17]).toString());
    }
}
