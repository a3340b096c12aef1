package txstack.implementation.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A node process ({@link ClusterNodeMain}) seen through its control port: the coordinator's {@link NodeControl}
 * calls (CSV-4, CSV-5, CSV-7), a client's calls on the node's data path ({@link #write}, {@link #flush}, {@link
 * #read}, {@link #requestMeta}) and, on the coordinator's process, the coordinator's own ({@link #create}, {@link
 * #migrate}, {@link #nodeFailed}, {@link #owner}). Each call is a request and its reply, synchronous and serialized
 * (thread-safe), bounded by {@link #CONNECT_TIMEOUT_MILLIS} and {@link #CALL_TIMEOUT_MILLIS}.
 *
 * <p>An exception of the node comes back as its type ({@link FencedWriteException} from a release whose flush was
 * refused, {@link NotOwnerException}, ...). A refused connection or a call that times out marks the node down:
 * {@link #isUp()} is false from then on and this and every later call throw {@link NodeDownException} without
 * trying (what the caller believes; the process may only be slow, which the fence makes safe: CSV-6, CSV-7).
 */
public final class RemoteNode implements NodeControl, AutoCloseable {
    /** Bound on connecting to the node's control port. */
    public static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    /** Bound on one call (a release flushes up to {@link Node#DIRTY_BLOCKS_MAX} blocks, each forced). */
    public static final int CALL_TIMEOUT_MILLIS = 15_000;

    private final int id;
    private final CallClient client;
    private volatile boolean up = true;

    /** Node {@code id}, whose process serves control calls at {@code control}. Nothing connects before a call. */
    public RemoteNode(int id, InetSocketAddress control) {
        this.id = id;
        this.client = new CallClient(control, CONNECT_TIMEOUT_MILLIS, CALL_TIMEOUT_MILLIS);
    }

    @Override
    public int id() {
        return id;
    }

    /** The node process's control address. */
    public InetSocketAddress address() {
        return client.address();
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public void stopWrites(int file) {
        call(WireCodec.CallOp.STOP_WRITES, file, 0, 0);
    }

    @Override
    public void resumeWrites(int file) {
        call(WireCodec.CallOp.RESUME_WRITES, file, 0, 0);
    }

    @Override
    public void release(int file) {
        call(WireCodec.CallOp.RELEASE, file, 0, 0);
    }

    @Override
    public void grant(int file, long epoch) {
        call(WireCodec.CallOp.GRANT, file, epoch, 0);
    }

    /** {@link Node#write}: acknowledged (in the node's cache) when this returns. */
    public void write(int file, long block, byte[] data) {
        call(new WireCodec.Call(WireCodec.CallOp.WRITE, file, 0, block, data));
    }

    /** {@link Node#flush}. */
    public void flush(int file) {
        call(WireCodec.CallOp.FLUSH, file, 0, 0);
    }

    /** {@link Node#read}. */
    public byte[] read(int file, long block) {
        return call(WireCodec.CallOp.READ, file, 0, block).data();
    }

    /** {@link Node#requestMeta}: the request is sent to the coordinator; see {@link #isAcknowledged}. */
    public RequestId requestMeta(MetaOp op, int file, long sizeBytes) {
        return RequestId.unpack(call(WireCodec.CallOp.REQUEST_META, file, op.ordinal(), sizeBytes).value());
    }

    /** {@link Node#isAcknowledged}. */
    public boolean isAcknowledged(RequestId request) {
        return call(WireCodec.CallOp.IS_ACKNOWLEDGED, 0, request.packed(), 0).value() != 0;
    }

    /** {@link Node#epochOf}. */
    public long epochOf(int file) {
        return call(WireCodec.CallOp.EPOCH_OF, file, 0, 0).value();
    }

    /** On the coordinator's process: creates {@code file} (CSV-1), owned by the coordinator's node. */
    public RequestId create(int file) {
        return RequestId.unpack(call(WireCodec.CallOp.CREATE, file, 0, 0).value());
    }

    /** On the coordinator's process: {@link Coordinator#migrate} of {@code file} from node {@code source}. */
    public void migrate(int file, int source, int target) {
        call(WireCodec.CallOp.MIGRATE, file, source, target);
    }

    /** On the coordinator's process: {@link Coordinator#nodeFailed}; returns the files taken back. */
    public List<Integer> nodeFailed(int node) {
        ByteBuffer b = ByteBuffer.wrap(call(WireCodec.CallOp.NODE_FAILED, 0, node, 0).data())
                .order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> files = new ArrayList<>();
        while (b.remaining() >= Integer.BYTES) {
            files.add(b.getInt());
        }
        return files;
    }

    /** On the coordinator's process: the owner of {@code file} in the namespace, {@link FileEntry#NO_OWNER} if none. */
    public int owner(int file) {
        return (int) call(WireCodec.CallOp.OWNER, file, 0, 0).value();
    }

    /** Closes the connection; this handle stays usable (a later call connects again). */
    @Override
    public synchronized void close() {
        client.close();
    }

    private WireCodec.Reply call(WireCodec.CallOp op, int file, long arg1, long arg2) {
        return call(new WireCodec.Call(op, file, arg1, arg2));
    }

    private synchronized WireCodec.Reply call(WireCodec.Call c) {
        if (!up) {
            throw new NodeDownException("node is believed down: node=" + id + " address=" + client.address()
                    + " op=" + c.op());
        }
        try {
            return client.call(c);
        } catch (IOException | CorruptFrameException e) {
            up = false;
            NodeDownException down = new NodeDownException("node unreachable, now believed down: node=" + id
                    + " address=" + client.address() + " op=" + c.op() + " file=" + c.file() + " error=" + e);
            down.initCause(e);
            throw down;
        }
    }
}
