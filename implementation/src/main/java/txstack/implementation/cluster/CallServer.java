package txstack.implementation.cluster;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of the call protocol of {@link WireCodec}, shared by the {@link BlockServer} and a node process's
 * control port: a listening socket, one daemon thread per connection (at most {@link #CONNECTIONS_MAX}; one more
 * is closed at once), each answering one {@link WireCodec.Call} at a time with the handler's {@link
 * WireCodec.Reply}. A runtime exception of the handler travels back as an error reply; a corrupt frame, or a frame
 * that is not a call, closes its connection and nothing else: the server goes on.
 */
final class CallServer implements AutoCloseable {
    /** Bound on open connections. */
    static final int CONNECTIONS_MAX = 16;
    /** A connection idle this long (or stalled inside a frame) is closed. */
    static final int IDLE_TIMEOUT_MILLIS = 10 * 60 * 1000;
    /** After a failed accept (e.g. out of file descriptors) the acceptor waits this long: no busy loop. */
    static final int ACCEPT_RETRY_MILLIS = 50;
    /** Bound on waiting, in {@link #close()}, for the threads to end. */
    static final int CLOSE_WAIT_MILLIS = 2_000;

    /** What a server does with one call. */
    @FunctionalInterface
    interface Handler {
        WireCodec.Reply handle(WireCodec.Call call);
    }

    private final String name;
    private final Handler handler;
    private final ServerSocket listener;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong corruptFrames = new AtomicLong();
    private final AtomicLong connectionCount = new AtomicLong();
    private volatile boolean closed;

    /** Listens on {@code address} (port 0: any free port, see {@link #port()}) and serves until closed. */
    CallServer(String name, InetSocketAddress address, Handler handler) {
        this.name = name;
        this.handler = handler;
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(address, CONNECTIONS_MAX);
        } catch (IOException e) {
            throw new ClusterException("cannot listen: server=" + name + " address=" + address, e);
        }
        start(this::acceptLoop, name + "-accept");
    }

    /** The port this server listens on. */
    int port() {
        return listener.getLocalPort();
    }

    /** How many connections were closed for a corrupt frame. */
    long corruptFrames() {
        return corruptFrames.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("accept failed: server=" + name + " error=" + e);
                    pauseAfterAcceptFailure();
                }
                continue;
            }
            if (connections.size() >= CONNECTIONS_MAX) {
                closeQuietly(socket);
                continue;
            }
            connections.add(socket);
            start(() -> serve(socket), name + "-conn-" + connectionCount.incrementAndGet());
        }
    }

    /** Answers the calls of one connection; the socket is closed after a bad frame is counted. */
    private void serve(Socket socket) {
        try {
            serveCalls(socket);
        } catch (CorruptFrameException e) {
            corruptFrames.incrementAndGet();
            System.err.println("connection closed: server=" + name + " error=" + e.getMessage());
        } catch (SocketException e) {
            // The peer went away or the server is closing: the connection ends.
        } catch (IOException e) {
            if (!closed) {
                System.err.println("connection failed: server=" + name + " error=" + e);
            }
        } finally {
            closeQuietly(socket);
            connections.remove(socket);
        }
    }

    private void serveCalls(Socket socket) throws IOException {
        socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        for (WireCodec.Frame frame = WireCodec.read(in); frame != null && !closed; frame = WireCodec.read(in)) {
            if (!(frame instanceof WireCodec.Call call)) {
                throw new CorruptFrameException("not a call: server=" + name + " frame="
                        + frame.getClass().getSimpleName());
            }
            WireCodec.write(out, answer(call));
        }
    }

    private WireCodec.Reply answer(WireCodec.Call call) {
        try {
            return handler.handle(call);
        } catch (RuntimeException e) {
            return WireCodec.error(e);
        }
    }

    /** Closes every socket and waits (at most {@link #CLOSE_WAIT_MILLIS}) for every thread to end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        connections.forEach(CallServer::closeQuietly);
        join(threads);
    }

    private void start(Runnable body, String threadName) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, threadName);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Waits for {@code threads} to end, {@link #CLOSE_WAIT_MILLIS} at most in all; a thread may not wait for itself. */
    static void join(Set<Thread> threads) {
        long deadline = System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000L;
        for (Thread t : Set.copyOf(threads)) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000L;
            if (t == Thread.currentThread() || leftMillis <= 0) {
                continue;
            }
            try {
                t.join(leftMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(ACCEPT_RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing is best effort: the socket is gone either way.
        }
    }
}
