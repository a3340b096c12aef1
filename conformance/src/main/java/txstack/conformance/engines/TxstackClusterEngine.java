package txstack.conformance.engines;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import txstack.implementation.cluster.BrokenClusters;
import txstack.implementation.cluster.Cluster;
import txstack.implementation.cluster.ClusterLimitException;
import txstack.implementation.cluster.FencedWriteException;
import txstack.implementation.cluster.FileEntry;
import txstack.implementation.cluster.Message;
import txstack.implementation.cluster.MetaOp;
import txstack.implementation.cluster.Namespace;
import txstack.implementation.cluster.NodeDownException;
import txstack.implementation.cluster.NotOwnerException;
import txstack.implementation.cluster.RequestId;
import txstack.implementation.cluster.Transport;
import txstack.spi.cluster.ClusterEngine;
import txstack.spi.cluster.ClusterException;
import txstack.spi.cluster.ClusterMessage;
import txstack.spi.cluster.ClusterNetwork;
import txstack.spi.cluster.ClusterSession;
import txstack.spi.cluster.ClusterShape;
import txstack.spi.cluster.ClusterView;
import txstack.spi.disk.Devices;

/**
 * txstack's cluster layer as the SPI's {@link ClusterEngine}: a {@link Cluster} of nodes in this process on the
 * shared device, its messages handed to the suite's network (a request's payload: op u8, file u32, size u64,
 * big-endian; an ack's: empty). The binding is one of many: an engine from elsewhere implements the same interfaces.
 */
public final class TxstackClusterEngine implements ClusterEngine {
    private static final int REQUEST_PAYLOAD_BYTES = 1 + Integer.BYTES + Long.BYTES;

    private final Optional<String> variant;

    /** The correct implementation. */
    public TxstackClusterEngine() {
        this(Optional.empty());
    }

    private TxstackClusterEngine(Optional<String> variant) {
        this.variant = variant;
    }

    /**
     * The engine named {@code txstack} or {@code txstack:<VARIANT>} (a deliberately broken cluster, {@code
     * BrokenClusters}); case does not matter.
     *
     * @throws IllegalArgumentException with every valid name, if {@code name} is none of {@link #names()}
     */
    public static TxstackClusterEngine named(String name) {
        return new TxstackClusterEngine(TxstackNames.variantOf(name, BrokenClusters.names()));
    }

    /** Every name {@link #named} accepts, {@code txstack} first, then each broken variant. */
    public static List<String> names() {
        return TxstackNames.names(BrokenClusters.names());
    }

    @Override
    public String name() {
        return TxstackNames.canonical(variant);
    }

    @Override
    public ClusterSession format(Devices devices, ClusterShape shape, ClusterNetwork network) {
        Wire wire = new Wire(network);
        SpiBlockDevice shared = new SpiBlockDevice(devices.get(SHARED));
        Cluster cluster = variant.isEmpty()
                ? Cluster.format(shared, shape.nodes(), shape.files(), shape.blocksPerFile(), shape.firstOwner(), wire)
                : BrokenClusters.format(shared, shape.nodes(), shape.files(), shape.blocksPerFile(),
                        shape.firstOwner(), wire, variant.get());
        return new Session(cluster);
    }

    @Override
    public ClusterSession open(Devices devices, ClusterShape shape, ClusterNetwork network, int coordinator) {
        Wire wire = new Wire(network);
        SpiBlockDevice shared = new SpiBlockDevice(devices.get(SHARED));
        Cluster cluster = variant.isEmpty() ? Cluster.open(shared, shape.nodes(), wire, coordinator)
                : BrokenClusters.open(shared, shape.nodes(), wire, coordinator, variant.get());
        return new Session(cluster);
    }

    /** The cluster's transport: every message goes to the suite's network; the suite delivers them. */
    private record Wire(ClusterNetwork network) implements Transport {
        @Override
        public void send(Message message) {
            network.send(switch (message) {
                case Message.MetaRequest r -> new ClusterMessage(ClusterMessage.Kind.REQUEST, r.from(), r.to(),
                        r.id().packed(), ByteBuffer.allocate(REQUEST_PAYLOAD_BYTES).put((byte) r.op().ordinal())
                                .putInt(r.file()).putLong(r.sizeBytes()).array());
                case Message.MetaAck a -> new ClusterMessage(ClusterMessage.Kind.ACK, a.from(), a.to(),
                        a.id().packed(), new byte[0]);
            });
        }

        @Override
        public Optional<Message> receive(int node) {
            return Optional.empty();
        }
    }

    private static final class Session implements ClusterSession {
        private final Cluster cluster;

        Session(Cluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void write(int node, int file, long block, byte[] data) {
            call(() -> {
                cluster.node(node).write(file, block, data);
                return null;
            });
        }

        @Override
        public void flush(int node, int file) {
            call(() -> {
                cluster.node(node).flush(file);
                return null;
            });
        }

        @Override
        public byte[] readDisk(int file, long block) {
            ByteBuffer dst = ByteBuffer.allocate(cluster.disk().blockSizeBytes());
            cluster.disk().readBlock(file, block, dst);
            return dst.array();
        }

        @Override
        public long requestResize(int node, int file, long sizeBytes) {
            return call(() -> cluster.requestResize(node, file, sizeBytes).packed());
        }

        @Override
        public void deliver(ClusterMessage m) {
            RequestId id = RequestId.unpack(m.request());
            if (m.kind() == ClusterMessage.Kind.ACK) {
                cluster.deliver(new Message.MetaAck(id, m.from(), m.to()));
                return;
            }
            ByteBuffer p = ByteBuffer.wrap(m.payload());
            if (p.remaining() != REQUEST_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("not a request this engine sent: payloadBytes=" + p.remaining());
            }
            int op = p.get();
            if (op < 0 || op >= MetaOp.values().length) {
                throw new IllegalArgumentException("not a request this engine sent: op=" + op);
            }
            cluster.deliver(new Message.MetaRequest(id, m.from(), m.to(), MetaOp.values()[op], p.getInt(), p.getLong()));
        }

        @Override
        public void retry(int node) {
            call(() -> {
                cluster.node(node).retry();
                return null;
            });
        }

        @Override
        public List<Long> pending(int node) {
            return cluster.node(node).pending().stream().map(RequestId::packed).toList();
        }

        @Override
        public void migrate(int source, int target) {
            call(() -> cluster.migrate(source, target));
        }

        @Override
        public void takeBack(int file) {
            call(() -> {
                cluster.takeBack(file);
                return null;
            });
        }

        @Override
        public void crash(int node) {
            call(() -> {
                cluster.crash(node);
                return null;
            });
        }

        @Override
        public void restart(int node) {
            cluster.restart(node);
        }

        @Override
        public void failover(int node) {
            call(() -> {
                cluster.failover(node);
                return null;
            });
        }

        @Override
        public int coordinator() {
            return cluster.elected();
        }

        @Override
        public boolean isUp(int node) {
            return cluster.node(node).isUp();
        }

        @Override
        public boolean believesItCoordinates(int node) {
            return cluster.node(node).isUp() && cluster.coordinatorAt(node).isPresent();
        }

        @Override
        public ClusterView view() {
            Namespace ns = cluster.durableNamespace();
            List<ClusterView.FileView> files = new ArrayList<>();
            for (int f = 0; f < ns.fileCount(); f++) {
                FileEntry e = ns.file(f);
                files.add(new ClusterView.FileView(e.exists(), e.sizeBytes(), e.owner()));
            }
            return new ClusterView(cluster.disk().term(), files, ns.applied().stream().map(RequestId::packed)
                    .toList());
        }

        @Override
        public void close() {
            // Every write of the cluster is durable when it returns: nothing to stop.
        }

        /** Runs a call, with the implementation's exceptions as the contract's kinds. */
        private static <T> T call(Supplier<T> call) {
            try {
                return call.get();
            } catch (NotOwnerException e) {
                throw new ClusterException(ClusterException.Kind.NOT_OWNER, e.getMessage(), e);
            } catch (NodeDownException e) {
                throw new ClusterException(ClusterException.Kind.NODE_DOWN, e.getMessage(), e);
            } catch (FencedWriteException e) {
                throw new ClusterException(ClusterException.Kind.FENCED, e.getMessage(), e);
            } catch (ClusterLimitException e) {
                throw new ClusterException(ClusterException.Kind.LIMIT, e.getMessage(), e);
            }
        }
    }
}
