package txstack.conformance.disk;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The sectors of a {@link CrashImage} made from an earlier image's sectors and the sectors written since: the
 * changes on top of a base that is shared, not copied, so an image per crash state costs what was written since
 * the disk was restored, not the whole disk. Immutable. A base that is itself layered is flattened (its changes are
 * copied under the new ones), so a lookup never goes more than two maps deep.
 */
final class LayeredSectors extends AbstractMap<Long, byte[]> {
    private final Map<Long, byte[]> base;
    private final Map<Long, byte[]> top;
    /** The number of distinct sectors, counted on first use ({@code -1} until then). */
    private int size = -1;
    private Set<Entry<Long, byte[]>> entries;

    private LayeredSectors(Map<Long, byte[]> base, Map<Long, byte[]> top) {
        this.base = base;
        this.top = top;
    }

    /**
     * {@code changes} over {@code base}: {@code base} must be an image's sectors (immutable, already checked), and
     * {@code changes} the caller's own map, which it hands over and never changes again.
     */
    static Map<Long, byte[]> over(Map<Long, byte[]> base, HashMap<Long, byte[]> changes) {
        if (changes.isEmpty()) {
            return base;
        }
        if (base instanceof LayeredSectors layered) {
            HashMap<Long, byte[]> merged = new HashMap<>(layered.top);
            merged.putAll(changes);
            return new LayeredSectors(layered.base, merged);
        }
        return new LayeredSectors(base, changes);
    }

    /** The sectors on top of the base: those an image's check must still look at. */
    Map<Long, byte[]> changes() {
        return top;
    }

    @Override
    public byte[] get(Object sector) {
        byte[] content = top.get(sector);
        return content != null ? content : base.get(sector);
    }

    @Override
    public boolean containsKey(Object sector) {
        return top.containsKey(sector) || base.containsKey(sector);
    }

    @Override
    public int size() {
        if (size < 0) {
            int n = top.size();
            for (Long sector : base.keySet()) {
                n += top.containsKey(sector) ? 0 : 1;
            }
            size = n;
        }
        return size;
    }

    @Override
    public boolean isEmpty() {
        return top.isEmpty() && base.isEmpty();
    }

    @Override
    public Set<Entry<Long, byte[]>> entrySet() {
        if (entries == null) {
            entries = new AbstractSet<>() {
                @Override
                public Iterator<Entry<Long, byte[]>> iterator() {
                    return new Entries();
                }

                @Override
                public int size() {
                    return LayeredSectors.this.size();
                }
            };
        }
        return entries;
    }

    /** The top's entries, then the base's that the top does not hide; read-only. */
    private final class Entries implements Iterator<Entry<Long, byte[]>> {
        private final Iterator<Entry<Long, byte[]>> fromTop = top.entrySet().iterator();
        private final Iterator<Entry<Long, byte[]>> fromBase = base.entrySet().iterator();
        private Entry<Long, byte[]> next;

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (fromTop.hasNext()) {
                Entry<Long, byte[]> e = fromTop.next();
                next = Map.entry(e.getKey(), e.getValue());
                return true;
            }
            while (fromBase.hasNext()) {
                Entry<Long, byte[]> e = fromBase.next();
                if (!top.containsKey(e.getKey())) {
                    next = Map.entry(e.getKey(), e.getValue());
                    return true;
                }
            }
            return false;
        }

        @Override
        public Entry<Long, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Entry<Long, byte[]> e = next;
            next = null;
            return e;
        }
    }
}
