package txstack.conformance.volume;

import java.util.Arrays;
import java.util.List;
import txstack.model.Bytes;

/**
 * A transfer's bytes placed at an offset inside a larger array, the rest of which holds guard bytes: how the suite
 * hands buffers to a volume's reads and writes, so that an engine that ignores the offset, or touches bytes outside
 * the transfer, is seen (DISK-1: a transfer covers exactly the bytes it names). The offset is derived from the step
 * (a write's tag, a read's blocks), so it draws nothing from the case's random streams and a trace shows it.
 */
final class PlacedBuffer {
    /** Offsets a transfer may start at: 0 for one transfer in four, else unaligned, or 3 bytes short of a sector. */
    private static final int[] OFFSETS = {0, 1, 13, 509};
    /** Guard bytes after the transfer. */
    static final int TAIL_GUARD_BYTES = 16;

    private final byte[] array;
    private final int offset;
    private final int length;
    /** The whole array as it was handed over. */
    private final byte[] before;

    private PlacedBuffer(int offset, int length) {
        this.offset = offset;
        this.length = length;
        this.array = new byte[offset + length + TAIL_GUARD_BYTES];
        for (int i = 0; i < array.length; i++) {
            array[i] = guard(i);
        }
        this.before = array.clone();
    }

    /** The offset of a transfer keyed by {@code key}: one of {@link #OFFSETS}, spread evenly over keys. */
    static int offsetFor(long key) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return OFFSETS[(int) (mixed >>> 62)];
    }

    /** An array for a read of {@code length} bytes at {@code offset}, guards everywhere. */
    static PlacedBuffer forRead(int offset, int length) {
        return new PlacedBuffer(offset, length);
    }

    /** An array holding {@code blocks} one after the other at {@code offset}, guards around them. */
    static PlacedBuffer forWrite(int offset, List<Bytes> blocks, int blockBytes) {
        PlacedBuffer out = new PlacedBuffer(offset, blocks.size() * blockBytes);
        for (int i = 0; i < blocks.size(); i++) {
            System.arraycopy(blocks.get(i).toArray(), 0, out.array, offset + i * blockBytes, blockBytes);
        }
        System.arraycopy(out.array, 0, out.before, 0, out.array.length);
        return out;
    }

    byte[] array() {
        return array;
    }

    int offset() {
        return offset;
    }

    int length() {
        return length;
    }

    /** Block {@code b} of the transfer, {@code blockBytes} long. */
    Bytes block(int b, int blockBytes) {
        return Bytes.of(array, offset + b * blockBytes, blockBytes);
    }

    /**
     * The caller reuses the array once the call returned: every byte of it changes (inverted), so bytes an engine
     * kept by reference are no longer the bytes it was given. Guard checks are over for this array.
     */
    void reuse() {
        for (int i = 0; i < array.length; i++) {
            array[i] = (byte) ~array[i];
        }
    }

    /**
     * What a read changed outside its transfer, or null if nothing: the first guard byte it overwrote.
     */
    String readDamage() {
        return damage(0, offset) != null ? damage(0, offset) : damage(offset + length, array.length);
    }

    /** What a write changed anywhere in the array it was given, or null if nothing: a write only reads its buffer. */
    String writeDamage() {
        return damage(0, array.length);
    }

    private String damage(int from, int to) {
        int i = Arrays.mismatch(array, from, to, before, from, to);
        if (i < 0) {
            return null;
        }
        int at = from + i;
        String where = at < offset ? bytes(offset - at) + " before the transfer"
                : at >= offset + length ? bytes(at - offset - length + 1) + " after its end"
                : "inside the transfer, at its byte " + (at - offset);
        return "byte " + at + " of the array changed from " + hex(before[at]) + " to " + hex(array[at]) + " (" + where
                + "; the transfer was " + length + " bytes at offset " + offset + " of a " + array.length
                + "-byte array)";
    }

    private static String bytes(int n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    private static String hex(byte b) {
        return String.format("0x%02x", b & 0xff);
    }

    /** A guard pattern no block value starts with and no engine writes by chance: it varies with the index. */
    private static byte guard(int index) {
        return (byte) (0xA5 ^ (index * 31));
    }
}
