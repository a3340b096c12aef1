package txstack.implementation.cluster;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Transport} of one node over TCP (CSV-3): each node id has an address, given at construction; this
 * transport listens on its own node's address (port 0: any free port, see {@link #port()}) and sends to the
 * others'. It promises what a {@link Transport} promises, nothing: a message to a peer that is down, unreachable,
 * slow to connect or behind a full queue is lost and counted ({@link #lostCount()}); the senders retry (CSV-3).
 *
 * <p>{@link #send} only puts the message in the peer's outbox (at most {@link #OUTBOX_MAX}), which a daemon thread
 * per peer writes to one connection, connecting again after a failure (each connect bounded by {@link
 * #CONNECT_TIMEOUT_MILLIS}; after a failed one, messages to that peer are dropped for {@link
 * #RECONNECT_BACKOFF_MILLIS}); a connection the peer closed is noticed before the next write. A daemon thread per inbound connection (at most {@link #CONNECTIONS_MAX}) reads
 * frames into the inbox (at most {@link #INBOX_MAX}), which {@link #receive} polls without blocking. A corrupt
 * frame closes its connection, and so does {@link CallServer#IDLE_TIMEOUT_MILLIS} of silence (the peer connects
 * again when it next sends). Thread-safe.
 */
public final class TcpTransport implements Transport, AutoCloseable {
    /** Bound on messages waiting to be sent to one peer. */
    public static final int OUTBOX_MAX = 1024;
    /** Bound on messages received and not yet taken by {@link #receive}. */
    public static final int INBOX_MAX = 4096;
    /** Bound on inbound connections. */
    public static final int CONNECTIONS_MAX = 16;
    /** Bound on one connect to a peer. */
    public static final int CONNECT_TIMEOUT_MILLIS = 500;
    /** After a failed connect, messages to that peer are dropped this long before the next try. */
    public static final int RECONNECT_BACKOFF_MILLIS = 100;

    private static final long POLL_MILLIS = 100;
    private static final int PROBE_BYTES = 64;

    private final int self;
    private final Map<Integer, InetSocketAddress> addresses;
    private final ServerSocket listener;
    private final BlockingQueue<Message> inbox = new ArrayBlockingQueue<>(INBOX_MAX);
    private final Map<Integer, Outbox> outboxes = new ConcurrentHashMap<>();
    private final Set<Socket> inbound = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong corruptFrames = new AtomicLong();
    private volatile boolean closed;

    /**
     * The transport of node {@code self}; {@code addresses} maps every node id (self included) to its address.
     * Listens at once.
     */
    public TcpTransport(int self, Map<Integer, InetSocketAddress> addresses) {
        InetSocketAddress own = addresses.get(self);
        if (own == null || self < 0 || self > RequestId.NODE_MAX) {
            throw new IllegalArgumentException("no address for this node: self=" + self + " nodes="
                    + addresses.keySet());
        }
        this.self = self;
        this.addresses = Map.copyOf(addresses);
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(own, CONNECTIONS_MAX);
        } catch (IOException e) {
            throw new ClusterException("cannot listen: node=" + self + " address=" + own, e);
        }
        start(this::acceptLoop, "transport-" + self + "-accept");
    }

    /** The port this node's transport listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Messages sent and lost here: unknown, unreachable or backed-up peer, full inbox, or closed transport. */
    public long lostCount() {
        return lost.get();
    }

    /** Messages received (put in the inbox). */
    public long receivedCount() {
        return received.get();
    }

    /** Inbound connections closed for a corrupt frame. */
    public long corruptFrames() {
        return corruptFrames.get();
    }

    /** Never blocks on the network and never throws for an unreachable peer: the message is then lost. */
    @Override
    public void send(Message message) {
        if (closed) {
            lost.incrementAndGet();
            return;
        }
        if (message.to() == self) {
            deliver(message);
            return;
        }
        InetSocketAddress address = addresses.get(message.to());
        if (address == null) {
            lost.incrementAndGet();
            return;
        }
        Outbox outbox = outboxes.computeIfAbsent(message.to(), to -> new Outbox(to, address));
        if (!outbox.queue.offer(message)) {
            lost.incrementAndGet();
        }
    }

    /** The next message that arrived for this node; {@code node} must be this transport's own. Never blocks. */
    @Override
    public Optional<Message> receive(int node) {
        if (node != self) {
            throw new IllegalArgumentException("this transport receives for one node: self=" + self + " node="
                    + node);
        }
        return Optional.ofNullable(inbox.poll());
    }

    /**
     * Closes every socket and waits (at most {@link CallServer#CLOSE_WAIT_MILLIS}) for every thread to end, so the
     * port is free when this returns; later sends are lost.
     */
    @Override
    public void close() {
        closed = true;
        CallServer.closeQuietly(listener);
        inbound.forEach(CallServer::closeQuietly);
        outboxes.values().forEach(Outbox::stop);
        CallServer.join(threads);
    }

    private void deliver(Message message) {
        if (message.to() != self || !inbox.offer(message)) {
            lost.incrementAndGet();
            return;
        }
        received.incrementAndGet();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                if (inbound.size() >= CONNECTIONS_MAX) {
                    CallServer.closeQuietly(socket);
                    continue;
                }
                inbound.add(socket);
                start(() -> readLoop(socket), "transport-" + self + "-read-" + socket.getPort());
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("accept failed: node=" + self + " error=" + e);
                    CallServer.pauseAfterAcceptFailure();
                }
            }
        }
    }

    /** Reads the messages of one inbound connection; the socket is closed after a bad frame is counted. */
    private void readLoop(Socket socket) {
        try {
            socket.setSoTimeout(CallServer.IDLE_TIMEOUT_MILLIS); // a peer stalled inside a frame holds no thread
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (WireCodec.Frame f = WireCodec.read(in); f != null && !closed; f = WireCodec.read(in)) {
                if (!(f instanceof WireCodec.Meta meta)) {
                    throw new CorruptFrameException("not a message: node=" + self + " frame="
                            + f.getClass().getSimpleName());
                }
                deliver(meta.message());
            }
        } catch (CorruptFrameException e) {
            corruptFrames.incrementAndGet();
            System.err.println("connection closed: node=" + self + " error=" + e.getMessage());
        } catch (IOException e) {
            // The peer went away or this transport is closing: the connection ends, the peer connects again.
        } finally {
            CallServer.closeQuietly(socket);
            inbound.remove(socket);
        }
    }

    private void start(Runnable body, String name) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** The messages for one peer and the thread that writes them to its connection. */
    private final class Outbox {
        final int peer;
        final InetSocketAddress address;
        final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(OUTBOX_MAX);
        private final ByteBuffer probe = ByteBuffer.allocate(PROBE_BYTES);
        private volatile SocketChannel channel;
        private long retryAtNanos;

        Outbox(int peer, InetSocketAddress address) {
            this.peer = peer;
            this.address = address;
            start(this::sendLoop, "transport-" + self + "-send-" + peer);
        }

        private void sendLoop() {
            while (!closed) {
                Message m;
                try {
                    m = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    break;
                }
                if (m != null && !sendNow(m)) {
                    lost.incrementAndGet();
                }
            }
            disconnect();
        }

        private boolean sendNow(Message m) {
            try {
                if (channel != null && peerClosed()) {
                    disconnect();
                }
                if (channel == null) {
                    if (System.nanoTime() - retryAtNanos < 0) {
                        return false;
                    }
                    connect();
                }
                ByteBuffer frame = ByteBuffer.wrap(WireCodec.encode(new WireCodec.Meta(m)));
                while (frame.hasRemaining()) {
                    channel.write(frame);
                }
                return true;
            } catch (IOException e) {
                disconnect();
                retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECONNECT_BACKOFF_MILLIS);
                return false;
            }
        }

        /**
         * The peer never writes on this connection, so a read that finds its end means the peer closed it (it
         * restarted or stopped): a frame written now would be lost without an error. Checked without blocking.
         */
        private boolean peerClosed() throws IOException {
            channel.configureBlocking(false);
            try {
                probe.clear();
                return channel.read(probe) < 0;
            } finally {
                channel.configureBlocking(true);
            }
        }

        private void connect() throws IOException {
            SocketChannel c = SocketChannel.open();
            try {
                c.socket().connect(address, CONNECT_TIMEOUT_MILLIS);
                c.socket().setTcpNoDelay(true);
                channel = c;
            } catch (IOException e) {
                CallServer.closeQuietly(c);
                throw e;
            }
        }

        private void disconnect() {
            SocketChannel c = channel;
            if (c != null) {
                CallServer.closeQuietly(c);
            }
            channel = null;
        }

        void stop() {
            queue.clear();
            disconnect();
        }
    }
}
