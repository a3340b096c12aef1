package txstack.spi.cluster;

import txstack.spi.disk.Devices;

/**
 * A cluster-shared-volume engine under test: nodes sharing one disk, the device under {@link #SHARED}, which
 * carries everything durable (the namespace, the files' data, the fences). The nodes have no other device: their
 * memory is lost when they crash. All messages between nodes go through the {@link ClusterNetwork} the suite gives.
 */
public interface ClusterEngine {
    /** The role of the shared disk. */
    String SHARED = "shared";

    /** A short name for reports, e.g. {@code txstack}. */
    String name();

    /**
     * Formats the shared disk (it may hold anything an earlier user left) for {@code shape}: node 0 coordinates,
     * every file exists, empty, owned by {@code shape.firstOwner()}, which holds its token; every node is up. Durable
     * when it returns.
     */
    ClusterSession format(Devices devices, ClusterShape shape, ClusterNetwork network);

    /**
     * Starts the whole cluster again after a power loss (or a clean {@link ClusterSession#close()}): every node
     * boots with an empty memory and no token, and node {@code coordinator} becomes the coordinator of a new term,
     * with the namespace recovered from the shared disk.
     */
    ClusterSession open(Devices devices, ClusterShape shape, ClusterNetwork network, int coordinator);
}
