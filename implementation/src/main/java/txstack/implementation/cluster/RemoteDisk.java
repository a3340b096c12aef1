package txstack.implementation.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A {@link SharedDisk} reached through a {@link BlockServer}: each call is one request and its reply, synchronous
 * and serialized (thread-safe), bounded by {@link #CONNECT_TIMEOUT_MILLIS} and {@link #READ_TIMEOUT_MILLIS}. The
 * disk's refusals come back as the disk threw them ({@link FencedWriteException}, {@link ClusterLimitException},
 * {@link IllegalArgumentException}); a connection that fails or a server that does not answer in time is a {@link
 * DiskUnreachableException}, after which the operation may or may not have been applied. The next call connects
 * again. The geometry (file count, sectors per file, block size) is asked once and kept: it never changes.
 */
public final class RemoteDisk implements SharedDisk, AutoCloseable {
    /** Bound on connecting to the block server. */
    public static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    /** Bound on waiting for one reply (a write is forced to the device before its reply). */
    public static final int READ_TIMEOUT_MILLIS = 10_000;

    private final CallClient client;
    private int fileCount = -1;
    private long sectorsPerFile = -1;
    private int blockSizeBytes = -1;

    /** A client of the block server at {@code server}; nothing is connected before the first call. */
    public RemoteDisk(InetSocketAddress server) {
        this.client = new CallClient(server, CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS);
    }

    @Override
    public synchronized int fileCount() {
        if (fileCount < 0) {
            fileCount = (int) value(new WireCodec.Call(WireCodec.CallOp.FILE_COUNT, 0, 0, 0));
        }
        return fileCount;
    }

    @Override
    public synchronized long sectorsPerFile() {
        if (sectorsPerFile < 0) {
            sectorsPerFile = value(new WireCodec.Call(WireCodec.CallOp.SECTORS_PER_FILE, 0, 0, 0));
        }
        return sectorsPerFile;
    }

    @Override
    public synchronized int blockSizeBytes() {
        if (blockSizeBytes < 0) {
            blockSizeBytes = (int) value(new WireCodec.Call(WireCodec.CallOp.BLOCK_SIZE, 0, 0, 0));
        }
        return blockSizeBytes;
    }

    @Override
    public synchronized long epoch(int file) {
        return value(new WireCodec.Call(WireCodec.CallOp.EPOCH, file, 0, 0));
    }

    @Override
    public synchronized long term() {
        return value(new WireCodec.Call(WireCodec.CallOp.TERM, 0, 0, 0));
    }

    @Override
    public synchronized void fence(long writerTerm, int file, long newEpoch) {
        call(new WireCodec.Call(WireCodec.CallOp.FENCE, file, writerTerm, newEpoch));
    }

    @Override
    public synchronized long registerBoot(int node) {
        return value(new WireCodec.Call(WireCodec.CallOp.REGISTER_BOOT, node, 0, 0));
    }

    @Override
    public synchronized void fenceNamespace(long newTerm) {
        call(new WireCodec.Call(WireCodec.CallOp.FENCE_NAMESPACE, 0, newTerm, 0));
    }

    /** As {@link FencedDisk#writeBlock}: {@code src} is consumed only if the disk accepted the write. */
    @Override
    public synchronized void writeBlock(int file, long epoch, long block, ByteBuffer src) {
        byte[] data = new byte[checkSize(src.remaining())];
        src.duplicate().get(data);
        call(new WireCodec.Call(WireCodec.CallOp.WRITE_BLOCK, file, epoch, block, data));
        src.position(src.limit());
    }

    /**
     * As {@link FencedDisk#writeBlocks}, in calls of at most {@link WireCodec#DATA_BYTES_MAX} bytes each (a refusal
     * can only come at the first: the epoch does not change in between unless the file was fenced meanwhile).
     */
    @Override
    public synchronized void writeBlocks(int file, long epoch, long firstBlock, ByteBuffer src) {
        int blockBytes = blockSizeBytes();
        int chunkBlocks = Math.max(1, WireCodec.DATA_BYTES_MAX / blockBytes);
        long block = firstBlock;
        while (src.hasRemaining()) {
            int length = Math.min(src.remaining(), chunkBlocks * blockBytes);
            byte[] data = new byte[length];
            src.duplicate().get(data);
            call(new WireCodec.Call(WireCodec.CallOp.WRITE_BLOCK, file, epoch, block, data));
            src.position(src.position() + length);
            block += length / blockBytes;
        }
    }

    @Override
    public synchronized void readBlock(int file, long block, ByteBuffer dst) {
        int lengthBytes = checkSize(dst.remaining());
        byte[] data = call(new WireCodec.Call(WireCodec.CallOp.READ_BLOCK, file, lengthBytes, block)).data();
        if (data.length != lengthBytes) {
            throw new CorruptFrameException("read reply of the wrong size: file=" + file + " block=" + block
                    + " expected=" + lengthBytes + " actual=" + data.length);
        }
        dst.put(data);
    }

    @Override
    public synchronized void writeNamespace(long writerTerm, byte[] record) {
        call(new WireCodec.Call(WireCodec.CallOp.WRITE_NAMESPACE, 0, writerTerm, 0, record));
    }

    @Override
    public synchronized byte[] readNamespace() {
        return call(new WireCodec.Call(WireCodec.CallOp.READ_NAMESPACE, 0, 0, 0)).data();
    }

    /** Closes the connection; a later call opens a new one. */
    @Override
    public synchronized void close() {
        client.close();
    }

    private static int checkSize(int lengthBytes) {
        if (lengthBytes > WireCodec.DATA_BYTES_MAX) {
            throw new ClusterLimitException("transfer too large: lengthBytes=" + lengthBytes + " max="
                    + WireCodec.DATA_BYTES_MAX);
        }
        return lengthBytes;
    }

    private long value(WireCodec.Call c) {
        return call(c).value();
    }

    private WireCodec.Reply call(WireCodec.Call c) {
        try {
            return client.call(c);
        } catch (IOException | CorruptFrameException e) {
            throw new DiskUnreachableException("block server unreachable: address=" + client.address() + " op="
                    + c.op() + " file=" + c.file() + " error=" + e, e);
        }
    }
}
