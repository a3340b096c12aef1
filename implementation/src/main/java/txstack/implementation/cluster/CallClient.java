package txstack.implementation.cluster;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The client side of the call protocol of {@link WireCodec}: one connection, opened on the first call and again
 * after a failure, one call at a time (callers synchronize). Each call is bounded: the connect by {@code
 * connectTimeoutMillis}, the reply by {@code readTimeoutMillis}; a failure closes the connection and throws an
 * {@link IOException} that the caller turns into its own exception. An error reply is thrown again as the
 * callee's exception type ({@link WireCodec#check}).
 */
final class CallClient implements AutoCloseable {
    private final InetSocketAddress address;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    CallClient(InetSocketAddress address, int connectTimeoutMillis, int readTimeoutMillis) {
        this.address = address;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    InetSocketAddress address() {
        return address;
    }

    /** Sends {@code call}, waits for its reply; returns it if OK, throws the callee's exception if not. */
    WireCodec.Reply call(WireCodec.Call call) throws IOException {
        try {
            if (socket == null) {
                connect();
            }
            WireCodec.write(out, call);
            WireCodec.Frame frame = WireCodec.read(in);
            if (frame == null) {
                throw new IOException("connection closed by the server: address=" + address + " op=" + call.op());
            }
            if (!(frame instanceof WireCodec.Reply reply)) {
                throw new CorruptFrameException("not a reply: address=" + address + " op=" + call.op() + " frame="
                        + frame.getClass().getSimpleName());
            }
            return WireCodec.check(reply, address.toString());
        } catch (IOException | CorruptFrameException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, connectTimeoutMillis);
            s.setSoTimeout(readTimeoutMillis);
            s.setTcpNoDelay(true);
            in = new BufferedInputStream(s.getInputStream());
            out = new BufferedOutputStream(s.getOutputStream());
            socket = s;
        } catch (IOException e) {
            CallServer.closeQuietly(s);
            throw e;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            CallServer.closeQuietly(socket);
        }
        socket = null;
        in = null;
        out = null;
    }
}
