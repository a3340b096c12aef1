package txstack.model.fs;

import static txstack.model.ModelException.require;

import java.util.Arrays;
import txstack.model.Bytes;

/**
 * A file's content: {@code size} bytes, of which the first {@code stored.length} are kept and the rest are zeros
 * (so extending a file by {@code setSize} costs nothing). Immutable: the array is never handed out.
 */
final class Content {
    /** The model keeps contents in memory; a workload needing more is wrong for it. */
    static final int STORED_BYTES_MAX = 64 << 20;
    static final Content EMPTY = new Content(new byte[0], 0);

    private final byte[] stored;
    private final long size;

    private Content(byte[] stored, long size) {
        require(stored.length <= size, "stored=" + stored.length + " past size=" + size);
        this.stored = stored;
        this.size = size;
    }

    static Content of(Bytes data) {
        byte[] bytes = data.toArray();
        return new Content(bytes, bytes.length);
    }

    long size() {
        return size;
    }

    /** The byte at {@code index}; zero past what is stored and past the size. */
    byte at(long index) {
        return index < stored.length ? stored[(int) index] : 0;
    }

    Content write(long offset, Bytes bytes) {
        long end = offset + bytes.length();
        require(end <= STORED_BYTES_MAX, "the model keeps file contents in memory: end=" + end + " max="
                + STORED_BYTES_MAX);
        byte[] next = Arrays.copyOf(stored, (int) Math.max(stored.length, end));
        System.arraycopy(bytes.toArray(), 0, next, (int) offset, bytes.length());
        return new Content(next, Math.max(size, end));
    }

    Content resize(long newSize) {
        return new Content(newSize < stored.length ? Arrays.copyOf(stored, (int) newSize) : stored, newSize);
    }

    /** Bytes {@code [offset, min(size, offset + length))}, empty at or past the end. */
    Bytes read(long offset, int length) {
        if (offset >= size) {
            return Bytes.EMPTY;
        }
        int count = (int) Math.min(size - offset, length);
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = at(offset + i);
        }
        return Bytes.of(out);
    }

    Bytes full() {
        require(size <= STORED_BYTES_MAX, "the model keeps file contents in memory: size=" + size);
        return read(0, (int) size);
    }

    /** Whether {@code observed[from, to)} equals this content there (zeros past the size). */
    boolean matches(byte[] observed, int from, int to) {
        return firstDifference(observed, from, to) < 0;
    }

    /** The first offset in {@code [from, to)} where {@code observed} differs from this content, or -1. */
    int firstDifference(byte[] observed, int from, int to) {
        for (int i = from; i < to; i++) {
            if (observed[i] != at(i)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Content c) || c.size != size) {
            return false;
        }
        int common = Math.min(stored.length, c.stored.length);
        if (!Arrays.equals(stored, 0, common, c.stored, 0, common)) {
            return false;
        }
        for (int i = common; i < Math.max(stored.length, c.stored.length); i++) {
            if (at(i) != c.at(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "Content(size=" + size + " " + Bytes.of(Arrays.copyOf(stored, Math.min(stored.length, 16))) + ")";
    }
}
