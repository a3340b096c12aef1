package txstack.model;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** An immutable byte string with value equality, so model states compare by content. */
public final class Bytes {
    private static final int TO_STRING_BYTES_MAX = 16;
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] bytes;
    /** The content's hash once computed (0 until then; a content whose hash is 0 is hashed each time). */
    private int hash;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /** A copy of {@code bytes[offset, offset + length)}. */
    public static Bytes of(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** True if these bytes are {@code other}'s, without copying either. */
    public boolean contentEquals(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    /** True if these bytes are {@code other[offset, offset + length)}, without copying either. */
    public boolean contentEquals(byte[] other, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, other.length);
        return Arrays.equals(bytes, 0, bytes.length, other, offset, offset + length);
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** These bytes followed by {@code more}. */
    public Bytes append(Bytes more) {
        if (more.bytes.length == 0) {
            return this;
        }
        byte[] joined = Arrays.copyOf(bytes, bytes.length + more.bytes.length);
        System.arraycopy(more.bytes, 0, joined, bytes.length, more.bytes.length);
        return new Bytes(joined);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes b && Arrays.equals(b.bytes, bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    /** Hex of the first bytes and the length, e.g. {@code 0a1b2c..(300 bytes)}. */
    @Override
    public String toString() {
        if (bytes.length <= TO_STRING_BYTES_MAX) {
            return HexFormat.of().formatHex(bytes) + "(" + bytes.length + " bytes)";
        }
        return HexFormat.of().formatHex(bytes, 0, TO_STRING_BYTES_MAX) + "..(" + bytes.length + " bytes)";
    }
}
