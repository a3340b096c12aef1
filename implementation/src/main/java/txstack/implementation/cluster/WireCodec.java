package txstack.implementation.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of the cluster's TCP binding: the {@link Message}s between nodes ({@link TcpTransport}), and the calls
 * and replies of the block server ({@link BlockServer}, {@link RemoteDisk}) and of a node process's control port
 * ({@link RemoteNode}, {@link ClusterNodeMain}). Every frame is a length, a type and a body; little-endian:
 *
 * <pre>
 *  0          4        5
 *  +----------+--------+------------------------------------------------------------------------
 *  | length   | type   | body (length - 1 bytes)
 *  | u32      | u8     |
 *  +----------+--------+------------------------------------------------------------------------
 *  type 1 META_REQUEST: id u64 ({@link RequestId#packed()}) | from i32 | to i32 | op u8 ({@link MetaOp}) | file i32
 *                       | sizeBytes i64                                                        (29 bytes)
 *  type 2 META_ACK:     id u64 | from i32 | to i32                                              (16 bytes)
 *  type 3 CALL:         op u8 ({@link CallOp}) | file i32 | arg1 i64 | arg2 i64 | dataLength u32 | data
 *  type 4 REPLY:        status u8 ({@link Status}) | value i64 | dataLength u32 | data (an error's UTF-8 message)
 * </pre>
 *
 * <p>{@code length} counts the type byte and the body, at most {@link #FRAME_BYTES_MAX}; {@code dataLength} at most
 * {@link #DATA_BYTES_MAX}; node ids are within {@code [0, RequestId.NODE_MAX]}. A frame that breaks any of this,
 * or whose body is shorter or longer than its type says, is a {@link CorruptFrameException}: decoding never
 * allocates more than the bound and never reads past the frame. What {@code file}, {@code arg1} and {@code arg2}
 * mean for each call is said on {@link CallOp}.
 */
final class WireCodec {
    /** Bound on a call's or a reply's data: a block (4096 B at most) or a namespace record (under 16 KiB). */
    static final int DATA_BYTES_MAX = 64 * 1024;
    /** Bound on the bytes after the length field: type, fixed fields and data. */
    static final int FRAME_BYTES_MAX = DATA_BYTES_MAX + 64;

    static final int LENGTH_BYTES = Integer.BYTES;
    static final int TYPE_BYTES = 1;

    static final byte TYPE_META_REQUEST = 1;
    static final byte TYPE_META_ACK = 2;
    static final byte TYPE_CALL = 3;
    static final byte TYPE_REPLY = 4;

    static final int META_REQUEST_BYTES = Long.BYTES + Integer.BYTES + Integer.BYTES + 1 + Integer.BYTES + Long.BYTES;
    static final int META_ACK_BYTES = Long.BYTES + Integer.BYTES + Integer.BYTES;
    static final int CALL_FIXED_BYTES = 1 + Integer.BYTES + Long.BYTES + Long.BYTES + Integer.BYTES;
    static final int REPLY_FIXED_BYTES = 1 + Long.BYTES + Integer.BYTES;

    private static final byte[] NO_DATA = new byte[0];

    private WireCodec() {
    }

    /** What travels in one frame. */
    sealed interface Frame permits Meta, Call, Reply {
    }

    /** A {@link Message} between nodes. */
    record Meta(Message message) implements Frame {
    }

    /** A request to the block server or a node process; {@code data} is never null. */
    record Call(CallOp op, int file, long arg1, long arg2, byte[] data) implements Frame {
        Call {
            checkData(data);
        }

        Call(CallOp op, int file, long arg1, long arg2) {
            this(op, file, arg1, arg2, NO_DATA);
        }
    }

    /** The answer to a {@link Call}: {@link Status#OK} with a value and data, or an error and its message. */
    record Reply(Status status, long value, byte[] data) implements Frame {
        Reply {
            checkData(data);
        }

        static Reply ok() {
            return new Reply(Status.OK, 0, NO_DATA);
        }

        static Reply ok(long value) {
            return new Reply(Status.OK, value, NO_DATA);
        }

        static Reply ok(byte[] data) {
            return new Reply(Status.OK, 0, data);
        }

        String message() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** The calls; the argument a call does not use is 0, and its data empty unless said. */
    enum CallOp {
        // The block server (SharedDisk):
        /** Value: the file count. */
        FILE_COUNT,
        /** Value: sectors per file. */
        SECTORS_PER_FILE,
        /** Value: the block size in bytes. */
        BLOCK_SIZE,
        /** file; value: its epoch. */
        EPOCH,
        /** Value: the namespace's term. */
        TERM,
        /** file, arg1 = the writer's term, arg2 = new epoch. */
        FENCE,
        /** arg1 = new term. */
        FENCE_NAMESPACE,
        /** file, arg1 = epoch, arg2 = first block, data = one block or more, consecutive. */
        WRITE_BLOCK,
        /** file, arg1 = the block's size in bytes, arg2 = block; reply data: the block. */
        READ_BLOCK,
        /** arg1 = the writer's term, data = the record. */
        WRITE_NAMESPACE,
        /** Reply data: the namespace region. */
        READ_NAMESPACE,
        // A node process, from the coordinator (NodeControl):
        /** file. */
        STOP_WRITES,
        /** file. */
        RESUME_WRITES,
        /** file. */
        RELEASE,
        /** file, arg1 = epoch. */
        GRANT,
        // A node process, from a client:
        /** file, arg2 = block, data = the block. */
        WRITE,
        /** file. */
        FLUSH,
        /** file, arg2 = block; reply data: the block. */
        READ,
        /** file, arg1 = {@link MetaOp} ordinal, arg2 = size in bytes; value: the request id, packed. */
        REQUEST_META,
        /** arg1 = a request id, packed; value: 1 if acknowledged, else 0. */
        IS_ACKNOWLEDGED,
        /** file; value: the epoch of the node's token, 0 if none. */
        EPOCH_OF,
        // The coordinator's process only:
        /** file: Coordinator.change(CREATE). */
        CREATE,
        /** file, arg1 = source node, arg2 = target node. */
        MIGRATE,
        /** arg1 = the node; reply data: the files taken back, i32 each. */
        NODE_FAILED,
        /** file; value: its owner in the namespace ({@link FileEntry#NO_OWNER} if none). */
        OWNER,
        // The block server again (added after the node calls; ordinals are the wire format):
        /** file = the node; value: its new boot count. */
        REGISTER_BOOT
    }

    /** A reply's status: OK, or the exception to throw again at the caller, by type. */
    enum Status {
        OK,
        FENCED,
        LIMIT,
        NOT_OWNER,
        NODE_DOWN,
        DISK_UNREACHABLE,
        ILLEGAL_ARGUMENT,
        ILLEGAL_STATE,
        CLUSTER,
        INTERNAL
    }

    // ---------------------------------------------------------------------------------------------- exceptions

    /** The reply that carries {@code e} to the caller, who throws it again with {@link #rethrow}. */
    static Reply error(RuntimeException e) {
        Status status = switch (e) {
            case FencedWriteException x -> Status.FENCED;
            case ClusterLimitException x -> Status.LIMIT;
            case NotOwnerException x -> Status.NOT_OWNER;
            case NodeDownException x -> Status.NODE_DOWN;
            case DiskUnreachableException x -> Status.DISK_UNREACHABLE;
            case ClusterException x -> Status.CLUSTER;
            case IllegalArgumentException x -> Status.ILLEGAL_ARGUMENT;
            case IllegalStateException x -> Status.ILLEGAL_STATE;
            default -> Status.INTERNAL;
        };
        String message = status == Status.INTERNAL ? e.getClass().getName() + ": " + e.getMessage() : e.getMessage();
        byte[] bytes = String.valueOf(message).getBytes(StandardCharsets.UTF_8);
        return new Reply(status, 0, bytes.length <= DATA_BYTES_MAX ? bytes : Arrays.copyOf(bytes, DATA_BYTES_MAX));
    }

    /** Returns {@code reply} if OK; else throws the exception it carries, of the same type as at the callee. */
    static Reply check(Reply reply, String where) {
        if (reply.status() == Status.OK) {
            return reply;
        }
        String message = reply.message() + " (at " + where + ")";
        throw switch (reply.status()) {
            case FENCED -> new FencedWriteException(message);
            case LIMIT -> new ClusterLimitException(message);
            case NOT_OWNER -> new NotOwnerException(message);
            case NODE_DOWN -> new NodeDownException(message);
            case DISK_UNREACHABLE -> new DiskUnreachableException(message, null);
            case CLUSTER -> new ClusterException(message);
            case ILLEGAL_ARGUMENT -> new IllegalArgumentException(message);
            case ILLEGAL_STATE -> new IllegalStateException(message);
            case OK, INTERNAL -> new ClusterException("remote failure: " + message);
        };
    }

    // ---------------------------------------------------------------------------------------------- encoding

    /** The whole frame: length, type, body. */
    static byte[] encode(Frame frame) {
        int bodyBytes = switch (frame) {
            case Meta(Message.MetaRequest r) -> META_REQUEST_BYTES;
            case Meta(Message.MetaAck a) -> META_ACK_BYTES;
            case Call c -> CALL_FIXED_BYTES + c.data().length;
            case Reply r -> REPLY_FIXED_BYTES + r.data().length;
        };
        ByteBuffer b = ByteBuffer.allocate(LENGTH_BYTES + TYPE_BYTES + bodyBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(TYPE_BYTES + bodyBytes);
        switch (frame) {
            case Meta(Message.MetaRequest r) -> b.put(TYPE_META_REQUEST).putLong(r.id().packed()).putInt(r.from())
                    .putInt(r.to()).put((byte) r.op().ordinal()).putInt(r.file()).putLong(r.sizeBytes());
            case Meta(Message.MetaAck a) -> b.put(TYPE_META_ACK).putLong(a.id().packed()).putInt(a.from())
                    .putInt(a.to());
            case Call c -> b.put(TYPE_CALL).put((byte) c.op().ordinal()).putInt(c.file()).putLong(c.arg1())
                    .putLong(c.arg2()).putInt(c.data().length).put(c.data());
            case Reply r -> b.put(TYPE_REPLY).put((byte) r.status().ordinal()).putLong(r.value())
                    .putInt(r.data().length).put(r.data());
        }
        return b.array();
    }

    /** Writes one frame and flushes. */
    static void write(OutputStream out, Frame frame) throws IOException {
        out.write(encode(frame));
        out.flush();
    }

    // ---------------------------------------------------------------------------------------------- decoding

    /**
     * Reads one frame: null if the stream ends cleanly before it (the peer closed), a {@link CorruptFrameException}
     * if it ends inside one or the frame is bad. A socket's read timeout bounds the wait for each byte.
     */
    static Frame read(InputStream in) throws IOException {
        byte[] lengthField = new byte[LENGTH_BYTES];
        int got = in.readNBytes(lengthField, 0, LENGTH_BYTES);
        if (got == 0) {
            return null;
        }
        if (got < LENGTH_BYTES) {
            throw new CorruptFrameException("truncated length field: readBytes=" + got + " expected=" + LENGTH_BYTES);
        }
        int length = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN).getInt();
        checkLength(length);
        byte[] rest = in.readNBytes(length);
        if (rest.length < length) {
            throw new CorruptFrameException("truncated frame: length=" + length + " readBytes=" + rest.length);
        }
        return decodeBody(rest);
    }

    /** Decodes one whole frame (length, type, body), as {@link #encode} makes it. */
    static Frame decode(byte[] frame) {
        if (frame.length < LENGTH_BYTES) {
            throw new CorruptFrameException("truncated length field: readBytes=" + frame.length + " expected="
                    + LENGTH_BYTES);
        }
        int length = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getInt();
        checkLength(length);
        if (frame.length - LENGTH_BYTES != length) {
            throw new CorruptFrameException((frame.length - LENGTH_BYTES < length ? "truncated" : "overlong")
                    + " frame: length=" + length + " readBytes=" + (frame.length - LENGTH_BYTES));
        }
        return decodeBody(Arrays.copyOfRange(frame, LENGTH_BYTES, frame.length));
    }

    private static void checkLength(int length) {
        if (length < TYPE_BYTES || length > FRAME_BYTES_MAX) {
            throw new CorruptFrameException("frame length out of bounds: length=" + Integer.toUnsignedString(length)
                    + " min=" + TYPE_BYTES + " max=" + FRAME_BYTES_MAX);
        }
    }

    /** {@code typeAndBody}: the frame without its length field. */
    private static Frame decodeBody(byte[] typeAndBody) {
        ByteBuffer b = ByteBuffer.wrap(typeAndBody).order(ByteOrder.LITTLE_ENDIAN);
        byte type = b.get();
        try {
            Frame frame = switch (type) {
                case TYPE_META_REQUEST -> new Meta(new Message.MetaRequest(RequestId.unpack(b.getLong()),
                        nodeId(b.getInt(), "from"), nodeId(b.getInt(), "to"), ordinal(MetaOp.values(), b.get(), type),
                        b.getInt(), b.getLong()));
                case TYPE_META_ACK -> new Meta(new Message.MetaAck(RequestId.unpack(b.getLong()),
                        nodeId(b.getInt(), "from"), nodeId(b.getInt(), "to")));
                case TYPE_CALL -> new Call(ordinal(CallOp.values(), b.get(), type), b.getInt(), b.getLong(),
                        b.getLong(), data(b, type));
                case TYPE_REPLY -> new Reply(ordinal(Status.values(), b.get(), type), b.getLong(), data(b, type));
                default -> throw new CorruptFrameException("unknown frame type: type=" + type + " length="
                        + typeAndBody.length);
            };
            if (b.hasRemaining()) {
                throw new CorruptFrameException("overlong body: type=" + type + " length=" + typeAndBody.length
                        + " trailingBytes=" + b.remaining());
            }
            return frame;
        } catch (BufferUnderflowException e) {
            throw new CorruptFrameException("truncated body: type=" + type + " length=" + typeAndBody.length);
        }
    }

    private static byte[] data(ByteBuffer b, byte type) {
        int length = b.getInt();
        if (length < 0 || length > b.remaining() || length > DATA_BYTES_MAX) {
            throw new CorruptFrameException("data length out of bounds: type=" + type + " dataLength="
                    + Integer.toUnsignedString(length) + " remainingBytes=" + b.remaining() + " max=" + DATA_BYTES_MAX);
        }
        byte[] data = new byte[length];
        b.get(data);
        return data;
    }

    private static <E extends Enum<E>> E ordinal(E[] values, byte ordinal, byte type) {
        int index = Byte.toUnsignedInt(ordinal);
        if (index >= values.length) {
            throw new CorruptFrameException("bad " + values[0].getDeclaringClass().getSimpleName() + " ordinal: type="
                    + type + " ordinal=" + index + " max=" + (values.length - 1));
        }
        return values[index];
    }

    private static int nodeId(int id, String field) {
        if (id < 0 || id > RequestId.NODE_MAX) {
            throw new CorruptFrameException("node id out of bounds: field=" + field + " id=" + id + " max="
                    + RequestId.NODE_MAX);
        }
        return id;
    }

    private static void checkData(byte[] data) {
        if (data.length > DATA_BYTES_MAX) {
            throw new ClusterLimitException("frame data too large: lengthBytes=" + data.length + " max="
                    + DATA_BYTES_MAX);
        }
    }
}
