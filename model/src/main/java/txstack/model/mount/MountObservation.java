package txstack.model.mount;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import txstack.model.Bytes;

/**
 * What can be seen of the mount layer after a crash, for {@link CrashedMount#judge}: the registry values of the
 * database, the symbolic links of the namespace, every volume's tree, the offline store's copies.
 *
 * @param database     the registry values of {@code MountedDevices} ({@link MountDatabase#registryValues})
 * @param namespace    the symbolic links ({@link MountState#namespace})
 * @param trees        every volume's tree, present or not
 * @param offlineStore the offline store's copies by key
 */
public record MountObservation(SortedMap<String, VolumeId> database, SortedMap<String, VolumeId> namespace,
        Map<VolumeId, VolumeTree> trees, SortedMap<String, Bytes> offlineStore) {

    public MountObservation {
        database = Collections.unmodifiableSortedMap(new TreeMap<>(database));
        namespace = Collections.unmodifiableSortedMap(new TreeMap<>(namespace));
        trees = Collections.unmodifiableMap(new LinkedHashMap<>(trees));
        offlineStore = Collections.unmodifiableSortedMap(new TreeMap<>(offlineStore));
    }
}
