package txstack.implementation.lfs;

/**
 * The LSNs of the records in memory's view of the log, ascending: a growable ring of longs. It answers "is this a
 * record boundary" and "which records follow" without touching the device. Not thread-safe: {@link LogFile} guards
 * it with its lock. Bounded by the log: at most {@code capacityBytes / RecordCodec.HEADER_BYTES} live records plus
 * the unflushed ones.
 */
final class LsnIndex {
    private static final int MIN_CAPACITY = 64;

    private long[] ring = new long[MIN_CAPACITY];
    private int head;
    private int size;

    int size() {
        return size;
    }

    long get(int position) {
        if (position < 0 || position >= size) {
            throw new IndexOutOfBoundsException("lsn index position out of range: position=" + position + " size="
                    + size);
        }
        return ring[(head + position) & (ring.length - 1)];
    }

    /** Appends {@code lsn}, which must be larger than every LSN held. */
    void add(long lsn) {
        if (size > 0 && lsn <= get(size - 1)) {
            throw new IllegalArgumentException("lsn not ascending: lsn=" + lsn + " last=" + get(size - 1));
        }
        if (size == ring.length) {
            resize(ring.length * 2);
        }
        ring[(head + size) & (ring.length - 1)] = lsn;
        size++;
    }

    /** The position of {@code lsn}, or -1 if it is not held. */
    int indexOf(long lsn) {
        int position = firstAtOrAbove(lsn);
        return position < size && get(position) == lsn ? position : -1;
    }

    /** The position of the first LSN at or above {@code lsn}; {@link #size()} if none. */
    int firstAtOrAbove(long lsn) {
        int low = 0;
        int high = size;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (get(middle) < lsn) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** The largest LSN at or below {@code bound}, or 0 if none is held. */
    long lastAtOrBelow(long bound) {
        int position = firstAtOrAbove(bound);
        if (position < size && get(position) == bound) {
            return bound;
        }
        return position == 0 ? 0 : get(position - 1);
    }

    /** Drops every LSN below {@code lsn}. */
    void removeBelow(long lsn) {
        int drop = firstAtOrAbove(lsn);
        head = (head + drop) & (ring.length - 1);
        size -= drop;
        if (ring.length > MIN_CAPACITY && size < ring.length / 4) {
            resize(Math.max(MIN_CAPACITY, ring.length / 2));
        }
    }

    private void resize(int capacity) {
        long[] resized = new long[capacity];
        for (int i = 0; i < size; i++) {
            resized[i] = get(i);
        }
        ring = resized;
        head = 0;
    }

    /** How many LSNs the ring has room for: what it holds in memory, a power of two from 64. */
    int capacity() {
        return ring.length;
    }
}
