package txstack.implementation.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import txstack.implementation.disk.BlockDevice;

/**
 * A whole cluster shared volume in one process (CSV-1..7): {@code n} {@link Node}s on one {@link FencedDisk}, the
 * {@link Coordinator} objects of the nodes that believe they coordinate, and the node elected last. Messages go
 * through the {@link Transport} given; {@link #deliver} hands one that arrived to its node (the way a simulator
 * drives the cluster), or the caller polls the nodes itself. What a call on a node does is the node's and the
 * coordinator's documentation; this class routes, and keeps which node coordinates. Not thread-safe.
 */
public final class Cluster {
    /** Bound on nodes: the disk's boot registers. */
    public static final int NODES_MAX = FencedDisk.NODES_MAX;

    private final FencedDisk disk;
    private final Transport transport;
    private final ClusterFault fault;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Integer, Coordinator> believers = new TreeMap<>();
    private int elected;

    private Cluster(FencedDisk disk, int nodeCount, Transport transport, ClusterFault fault, int coordinator) {
        if (nodeCount < 1 || nodeCount > NODES_MAX || coordinator < 0 || coordinator >= nodeCount) {
            throw new IllegalArgumentException("invalid cluster: nodes=" + nodeCount + " (1.." + NODES_MAX
                    + ") coordinator=" + coordinator);
        }
        this.disk = disk;
        this.transport = transport;
        this.fault = fault;
        for (int n = 0; n < nodeCount; n++) {
            nodes.add(new Node(n, coordinator, disk, transport, fault));
        }
        this.elected = coordinator;
    }

    /**
     * Formats {@code device} for {@code files} files of {@code blocksPerFile} blocks, with node 0 the coordinator,
     * every file created and handed to {@code firstOwner}. Durable when it returns.
     */
    public static Cluster format(BlockDevice device, int nodeCount, int files, long blocksPerFile, int firstOwner,
                                 Transport transport) {
        return format(device, nodeCount, files, blocksPerFile, firstOwner, transport, ClusterFault.CORRECT);
    }

    static Cluster format(BlockDevice device, int nodeCount, int files, long blocksPerFile, int firstOwner,
                          Transport transport, ClusterFault fault) {
        if (firstOwner < 0 || firstOwner >= nodeCount) {
            throw new IllegalArgumentException("no such node: firstOwner=" + firstOwner + " nodes=" + nodeCount);
        }
        Cluster c = new Cluster(FencedDisk.create(device, files, blocksPerFile, fault), nodeCount, transport, fault,
                0);
        Coordinator first = new Coordinator(c.nodes.get(0), c.disk, transport, fault);
        c.believers.put(0, first);
        for (int f = 0; f < files; f++) {
            first.change(MetaOp.CREATE, f, 0);
            if (firstOwner != 0) {
                first.migrate(f, c.nodes.get(0), c.nodes.get(firstOwner));
            }
        }
        return c;
    }

    /**
     * Starts the cluster again on a disk {@link #format} wrote (after a power loss or a clean stop): every node
     * boots with an empty memory, and {@code coordinator} takes over in a new term with the namespace recovered
     * from the disk.
     */
    public static Cluster open(BlockDevice device, int nodeCount, Transport transport, int coordinator) {
        return open(device, nodeCount, transport, coordinator, ClusterFault.CORRECT);
    }

    static Cluster open(BlockDevice device, int nodeCount, Transport transport, int coordinator, ClusterFault fault) {
        Cluster c = new Cluster(FencedDisk.open(device, fault), nodeCount, transport, fault, coordinator);
        c.believers.put(coordinator, Coordinator.takeOver(c.nodes.get(coordinator), c.disk, transport, fault));
        return c;
    }

    public int nodeCount() {
        return nodes.size();
    }

    public Node node(int n) {
        checkNode(n);
        return nodes.get(n);
    }

    public SharedDisk disk() {
        return disk;
    }

    /** The node elected last. */
    public int elected() {
        return elected;
    }

    /** The coordinator object of {@code node}, if it is up and believes it coordinates (no write of it refused). */
    public Optional<Coordinator> coordinatorAt(int node) {
        checkNode(node);
        Coordinator c = believers.get(node);
        return c == null || c.isDeposed() ? Optional.empty() : Optional.of(c);
    }

    /** The coordinator elected last; {@link IllegalStateException} if it crashed or was deposed (fail over). */
    public Coordinator coordinator() {
        return coordinatorAt(elected).orElseThrow(() -> new IllegalStateException("no coordinator: node " + elected
                + " was elected last and is down or deposed; fail over to another node"));
    }

    /**
     * Hands {@code message} to its node: a request to the node's coordinator if it believes it coordinates (it
     * applies and acks it, or learns it was deposed), an ack to the node. Ignored if the node is down.
     */
    public void deliver(Message message) {
        int to = message.to();
        if (to < 0 || to >= nodes.size() || !nodes.get(to).isUp()) {
            return;
        }
        switch (message) {
            case Message.MetaRequest request -> coordinatorAt(to).ifPresent(c -> c.handle(request));
            case Message.MetaAck ack -> nodes.get(to).accept(ack);
        }
    }

    /**
     * CSV-3: a resize of {@code file} asked by {@code node}: applied at once if the node believes it coordinates
     * ({@link FencedWriteException} if it was deposed), else sent as a request.
     */
    public RequestId requestResize(int node, int file, long sizeBytes) {
        Optional<Coordinator> own = coordinatorAt(node);
        if (own.isPresent()) {
            return own.get().change(MetaOp.RESIZE, file, sizeBytes);
        }
        return node(node).requestMeta(MetaOp.RESIZE, file, sizeBytes);
    }

    /** CSV-4: the coordinator moves every file of {@code source} to {@code target}. */
    public List<Integer> migrate(int source, int target) {
        return coordinator().migrateAll(node(source), node(target));
    }

    /** CSV-7: the coordinator takes {@code file} back. */
    public void takeBack(int file) {
        coordinator().takeback(file);
    }

    /** CSV-7: node {@code n} fails; if it coordinated, the cluster has no coordinator until a failover. */
    public void crash(int n) {
        node(n).crash();
        believers.remove(n);
    }

    public void restart(int n) {
        node(n).restart();
    }

    /** CSV-7: node {@code n} becomes the coordinator of a new term; every node follows it. */
    public void failover(int n) {
        Node node = node(n);
        if (!node.isUp()) {
            throw new NodeDownException("node is down: node=" + n);
        }
        believers.put(n, Coordinator.takeOver(node, disk, transport, fault));
        elected = n;
        nodes.forEach(other -> other.followCoordinator(n));
    }

    /** The namespace as the disk holds it. */
    public Namespace durableNamespace() {
        return Namespace.decode(disk.readNamespace());
    }

    private void checkNode(int n) {
        if (n < 0 || n >= nodes.size()) {
            throw new IllegalArgumentException("no such node: node=" + n + " nodes=" + nodes.size());
        }
    }
}
