package txstack.implementation.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import txstack.implementation.disk.BlockDevice;

/**
 * The deliberately broken variants of the cluster layer, by name, for the CSV suite to prove its checks bite
 * (STYLE 10). A test fixture: published only in the {@code txstack-implementation} artifact with classifier {@code
 * tests}. What each variant breaks is documented on {@code ClusterFault}. Never use one for data you want back.
 */
public final class BrokenClusters {
    /** Every variant but the real one, in the enum's order. */
    private static final List<String> NAMES = Arrays.stream(ClusterFault.values())
            .filter(fault -> fault != ClusterFault.CORRECT).map(Enum::name).toList();

    private BrokenClusters() {
    }

    /** Every broken variant's name, e.g. {@code MIGRATE_WITHOUT_FLUSH}, in a fixed order. */
    public static List<String> names() {
        return NAMES;
    }

    /** {@link Cluster#format} with the broken variant {@code variantName}. */
    public static Cluster format(BlockDevice device, int nodeCount, int files, long blocksPerFile, int firstOwner,
                                 Transport transport, String variantName) {
        return Cluster.format(device, nodeCount, files, blocksPerFile, firstOwner, transport, fault(variantName));
    }

    /** {@link Cluster#open} with the broken variant {@code variantName}. */
    public static Cluster open(BlockDevice device, int nodeCount, Transport transport, int coordinator,
                               String variantName) {
        return Cluster.open(device, nodeCount, transport, coordinator, fault(variantName));
    }

    private static ClusterFault fault(String variantName) {
        Objects.requireNonNull(variantName, "variantName");
        if (!NAMES.contains(variantName)) {
            throw new IllegalArgumentException("unknown broken cluster variant: name=" + variantName + " valid="
                    + String.join(",", NAMES));
        }
        return ClusterFault.valueOf(variantName);
    }
}
