package txstack.model.mount;

import static txstack.model.ModelException.require;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import txstack.model.Bytes;

/**
 * The offline store of hierarchical storage management (MNT-7), a simulated tape library: copies of files' data by
 * key. Keys are numbered, {@code tape-1}, {@code tape-2}, ..., never given out twice. Immutable.
 *
 * @param copies     each copy by its key
 * @param keysIssued how many keys were given out
 */
public record OfflineStore(SortedMap<String, Bytes> copies, int keysIssued) {
    public static final String KEY_PREFIX = "tape-";

    public OfflineStore {
        copies = Collections.unmodifiableSortedMap(new TreeMap<>(copies));
        require(keysIssued >= 0, "keysIssued=" + keysIssued + " must not be negative");
        copies.values().forEach(v -> Objects.requireNonNull(v, "copy"));
    }

    public static OfflineStore empty() {
        return new OfflineStore(new TreeMap<>(), 0);
    }

    /** The key the next copy gets. */
    String nextKey() {
        return KEY_PREFIX + (keysIssued + 1);
    }

    /** The store with {@code data} under {@link #nextKey()}. */
    OfflineStore withCopy(Bytes data) {
        SortedMap<String, Bytes> next = new TreeMap<>(copies);
        next.put(nextKey(), data);
        return new OfflineStore(next, keysIssued + 1);
    }

    OfflineStore without(String key) {
        require(copies.containsKey(key), "no such copy: key=" + key);
        SortedMap<String, Bytes> next = new TreeMap<>(copies);
        next.remove(key);
        return new OfflineStore(next, keysIssued);
    }
}
