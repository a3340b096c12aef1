package txstack.conformance.disk;

import java.util.HashMap;

/**
 * The sectors a {@link SimulatedDisk} has been written since it was made, by sector number: an open-addressing table
 * of primitive keys, since the explorer reads and writes them millions of times a run and a boxed map costs a
 * {@code Long} and a node per access. Sectors are only ever added or replaced, never removed. Not thread-safe (the
 * disk's callers serialize access).
 */
final class SectorTable {
    private static final int INITIAL_CAPACITY = 16;

    private long[] keys = new long[INITIAL_CAPACITY];
    /** {@code null} marks a free slot: a sector's content is never null. */
    private byte[][] values = new byte[INITIAL_CAPACITY][];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The content last put for {@code sector}, or {@code null} if none was. */
    byte[] get(long sector) {
        int mask = keys.length - 1;
        for (int i = slot(sector, mask); ; i = (i + 1) & mask) {
            byte[] content = values[i];
            if (content == null || keys[i] == sector) {
                return content;
            }
        }
    }

    /** {@code content} is now the sector's (it must not be null). */
    void put(long sector, byte[] content) {
        if (content == null) {
            throw new IllegalArgumentException("null content: sector=" + sector);
        }
        int mask = keys.length - 1;
        int i = slot(sector, mask);
        while (values[i] != null && keys[i] != sector) {
            i = (i + 1) & mask;
        }
        if (values[i] == null) {
            size++;
        }
        keys[i] = sector;
        values[i] = content;
        if (size * 2 > keys.length) {
            grow();
        }
    }

    /** Every sector and its content, as a map the caller owns. */
    HashMap<Long, byte[]> toMap() {
        HashMap<Long, byte[]> out = HashMap.newHashMap(size);
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null) {
                out.put(keys[i], values[i]);
            }
        }
        return out;
    }

    private void grow() {
        long[] oldKeys = keys;
        byte[][] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new byte[oldKeys.length * 2][];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] != null) {
                int i = slot(oldKeys[j], mask);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private static int slot(long sector, int mask) {
        long h = sector * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }
}
