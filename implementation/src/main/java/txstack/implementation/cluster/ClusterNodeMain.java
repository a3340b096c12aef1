package txstack.implementation.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;

/**
 * One cluster node as a process on the loopback interface: its {@link Node} (and, on the coordinator's process,
 * the {@link Coordinator}) on a {@link RemoteDisk} and a {@link TcpTransport}, with a control port that serves
 * {@link RemoteNode}'s calls. Arguments:
 *
 * <pre>
 *  ClusterNodeMain nodeId coordinatorId blockServerPort id:transportPort:controlPort[,id:transportPort:controlPort...]
 *  e.g.            1      0             40000           0:41000:41001,1:41002:41003,2:41004:41005
 * </pre>
 *
 * The list names every node, this one included; the coordinator's {@link NodeControl} for every other node is a
 * {@link RemoteNode} on its control port. Once listening the process prints {@code ready <controlPort>} on
 * stdout; it stops when its stdin ends (its parent closed it or died) or when it is killed.
 *
 * <p>{@link Node} and {@link Coordinator} are not thread-safe: every call in the process (control calls, the poll
 * loop) holds one lock. The poll loop receives messages every {@link #POLL_INTERVAL_MILLIS} and sends the pending
 * metadata requests again every {@link #RETRY_INTERVAL_MILLIS} (the transport may lose them; CSV-3). A call the
 * coordinator makes on another node (stop, release, grant) holds the coordinator's lock while the other node takes
 * its own; nodes never call the coordinator synchronously, so there is no cycle.
 */
public final class ClusterNodeMain {
    /** How often the process receives messages. */
    public static final int POLL_INTERVAL_MILLIS = 5;
    /** How often pending metadata requests are sent again. */
    public static final int RETRY_INTERVAL_MILLIS = 200;

    private record Ports(int transportPort, int controlPort) {
    }

    private final Object lock = new Object();
    private final int self;
    private final Node node;
    private final Coordinator coordinator;
    private final Map<Integer, NodeControl> controls = new HashMap<>();

    private ClusterNodeMain(int self, int coordinatorId, SharedDisk disk, TcpTransport transport,
            Map<Integer, Ports> ports) {
        this.self = self;
        if (self == coordinatorId) {
            Split split = new Split(transport);
            node = new Node(self, coordinatorId, disk, split.acks);
            coordinator = new Coordinator(node, disk, split.requests);
            for (var e : ports.entrySet()) {
                controls.put(e.getKey(), e.getKey() == self ? node
                        : new RemoteNode(e.getKey(), loopback(e.getValue().controlPort())));
            }
        } else {
            node = new Node(self, coordinatorId, disk, transport);
            coordinator = null;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: ClusterNodeMain nodeId coordinatorId blockServerPort"
                    + " id:transportPort:controlPort[,...]");
            System.exit(2);
        }
        int self = Integer.parseInt(args[0]);
        int coordinatorId = Integer.parseInt(args[1]);
        int blockServerPort = Integer.parseInt(args[2]);
        Map<Integer, Ports> ports = parsePorts(args[3]);
        if (!ports.containsKey(self) || !ports.containsKey(coordinatorId)) {
            throw new IllegalArgumentException("node or coordinator not in the list: nodeId=" + self
                    + " coordinatorId=" + coordinatorId + " nodes=" + ports.keySet());
        }
        Map<Integer, InetSocketAddress> transportAddresses = new HashMap<>();
        ports.forEach((id, p) -> transportAddresses.put(id, loopback(p.transportPort())));
        try (RemoteDisk disk = new RemoteDisk(loopback(blockServerPort));
                TcpTransport transport = new TcpTransport(self, transportAddresses)) {
            ClusterNodeMain main = new ClusterNodeMain(self, coordinatorId, disk, transport, ports);
            try (CallServer server = new CallServer("node-" + self + "-control",
                    loopback(ports.get(self).controlPort()), main::handle)) {
                Thread poller = new Thread(main::pollLoop, "node-" + self + "-poll");
                poller.setDaemon(true);
                poller.start();
                System.out.println("ready " + server.port());
                System.out.flush();
                waitForEndOfInput(System.in);
            }
        }
        System.exit(0);
    }

    /** Parses {@code id:transportPort:controlPort[,...]}. */
    static Map<Integer, Ports> parsePorts(String list) {
        Map<Integer, Ports> ports = new LinkedHashMap<>();
        for (String item : list.split(",")) {
            String[] f = item.split(":");
            if (f.length != 3) {
                throw new IllegalArgumentException("expected id:transportPort:controlPort: item=" + item);
            }
            ports.put(Integer.parseInt(f[0]), new Ports(Integer.parseInt(f[1]), Integer.parseInt(f[2])));
        }
        return ports;
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private static void waitForEndOfInput(InputStream in) throws IOException {
        byte[] sink = new byte[256];
        while (in.read(sink) >= 0) {
            // Nothing is read from stdin; its end is the signal to stop.
        }
    }

    private void pollLoop() {
        long nextRetryNanos = System.nanoTime();
        while (true) {
            try {
                synchronized (lock) {
                    if (coordinator != null) {
                        coordinator.poll();
                    }
                    if (node.isUp()) {
                        node.poll();
                        if (System.nanoTime() - nextRetryNanos >= 0) {
                            node.retry();
                            nextRetryNanos = System.nanoTime() + RETRY_INTERVAL_MILLIS * 1_000_000L;
                        }
                    }
                }
                Thread.sleep(POLL_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The disk may be unreachable for a while: report and go on polling.
                System.err.println("poll failed: node=" + self + " error=" + e);
            }
        }
    }

    private WireCodec.Reply handle(WireCodec.Call c) {
        synchronized (lock) {
            return switch (c.op()) {
                case STOP_WRITES -> done(() -> node.stopWrites(c.file()));
                case RESUME_WRITES -> done(() -> node.resumeWrites(c.file()));
                case RELEASE -> done(() -> node.release(c.file()));
                case GRANT -> done(() -> node.grant(c.file(), c.arg1()));
                case WRITE -> done(() -> node.write(c.file(), c.arg2(), c.data()));
                case FLUSH -> done(() -> node.flush(c.file()));
                case READ -> WireCodec.Reply.ok(node.read(c.file(), c.arg2()));
                case REQUEST_META -> WireCodec.Reply.ok(node.requestMeta(metaOp(c.arg1()), c.file(), c.arg2())
                        .packed());
                case IS_ACKNOWLEDGED -> WireCodec.Reply.ok(node.isAcknowledged(RequestId.unpack(c.arg1())) ? 1 : 0);
                case EPOCH_OF -> WireCodec.Reply.ok(node.epochOf(c.file()));
                case CREATE -> WireCodec.Reply.ok(coordinator().change(MetaOp.CREATE, c.file(), 0).packed());
                case MIGRATE -> done(() -> coordinator().migrate(c.file(), control(c.arg1()), control(c.arg2())));
                case NODE_FAILED -> WireCodec.Reply.ok(files(coordinator().nodeFailed(nodeId(c.arg1()))));
                case OWNER -> WireCodec.Reply.ok(coordinator().namespace().file(c.file()).owner());
                default -> throw new IllegalArgumentException("not a node call: node=" + self + " op=" + c.op());
            };
        }
    }

    private static WireCodec.Reply done(Runnable action) {
        action.run();
        return WireCodec.Reply.ok();
    }

    private Coordinator coordinator() {
        if (coordinator == null) {
            throw new IllegalStateException("not the coordinator: node=" + self);
        }
        return coordinator;
    }

    private NodeControl control(long id) {
        NodeControl control = controls.get(nodeId(id));
        if (control == null) {
            throw new IllegalArgumentException("no such node: node=" + id + " nodes=" + controls.keySet());
        }
        return control;
    }

    private static int nodeId(long id) {
        if (id < 0 || id > RequestId.NODE_MAX) {
            throw new IllegalArgumentException("invalid node id: node=" + id);
        }
        return (int) id;
    }

    private static MetaOp metaOp(long ordinal) {
        if (ordinal < 0 || ordinal >= MetaOp.values().length) {
            throw new IllegalArgumentException("invalid metadata op: ordinal=" + ordinal);
        }
        return MetaOp.values()[(int) ordinal];
    }

    private static byte[] files(List<Integer> files) {
        ByteBuffer b = ByteBuffer.allocate(files.size() * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        files.forEach(b::putInt);
        return b.array();
    }

    /**
     * The coordinator's process has two receivers for one node id: the {@link Coordinator} takes the requests, its
     * {@link Node} the acks (of its own requests to itself). Each queue is bounded by {@link
     * TcpTransport#INBOX_MAX}; beyond it a message is lost, as the transport may lose it. Used under the lock only.
     */
    private static final class Split {
        private final TcpTransport transport;
        private final Queue<Message> requestQueue = new ArrayDeque<>();
        private final Queue<Message> ackQueue = new ArrayDeque<>();
        final Transport requests = new View(requestQueue);
        final Transport acks = new View(ackQueue);

        Split(TcpTransport transport) {
            this.transport = transport;
        }

        private void drain(int node) {
            for (var m = transport.receive(node); m.isPresent(); m = transport.receive(node)) {
                Queue<Message> target = m.get() instanceof Message.MetaRequest ? requestQueue : ackQueue;
                if (target.size() < TcpTransport.INBOX_MAX) {
                    target.add(m.get());
                }
            }
        }

        private final class View implements Transport {
            private final Queue<Message> own;

            View(Queue<Message> own) {
                this.own = own;
            }

            @Override
            public void send(Message message) {
                transport.send(message);
            }

            @Override
            public Optional<Message> receive(int node) {
                drain(node);
                return Optional.ofNullable(own.poll());
            }
        }
    }
}
