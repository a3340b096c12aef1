package txstack.implementation.cluster;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Serves one {@link SharedDisk} (normally a {@link FencedDisk} on a file-backed device) to the nodes over TCP on
 * the loopback interface: every operation of {@link SharedDisk} as a {@link WireCodec.Call}, one at a time per
 * connection, at most {@link CallServer#CONNECTIONS_MAX} connections. The fence is checked here, by the disk
 * (CSV-6): a {@link FencedWriteException}, {@link ClusterLimitException} or {@link IllegalArgumentException} goes
 * back as an error reply and {@link RemoteDisk} throws it again as the same type. Bad bytes close their connection
 * only.
 */
public final class BlockServer implements AutoCloseable {
    private final SharedDisk disk;
    private final CallServer server;

    /** Serves {@code disk} on the loopback port {@code port} (0: any free one, see {@link #port()}). */
    public BlockServer(SharedDisk disk, int port) {
        this.disk = disk;
        this.server = new CallServer("block-server", new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                this::handle);
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** How many connections were closed because they sent a corrupt frame. */
    public long corruptFrames() {
        return server.corruptFrames();
    }

    private WireCodec.Reply handle(WireCodec.Call c) {
        return switch (c.op()) {
            case FILE_COUNT -> WireCodec.Reply.ok(disk.fileCount());
            case SECTORS_PER_FILE -> WireCodec.Reply.ok(disk.sectorsPerFile());
            case BLOCK_SIZE -> WireCodec.Reply.ok(disk.blockSizeBytes());
            case EPOCH -> WireCodec.Reply.ok(disk.epoch(c.file()));
            case TERM -> WireCodec.Reply.ok(disk.term());
            case FENCE -> {
                disk.fence(c.arg1(), c.file(), c.arg2());
                yield WireCodec.Reply.ok();
            }
            case FENCE_NAMESPACE -> {
                disk.fenceNamespace(c.arg1());
                yield WireCodec.Reply.ok();
            }
            case WRITE_BLOCK -> {
                disk.writeBlocks(c.file(), c.arg1(), c.arg2(), ByteBuffer.wrap(c.data()));
                yield WireCodec.Reply.ok();
            }
            case READ_BLOCK -> WireCodec.Reply.ok(readBlock(c.file(), c.arg1(), c.arg2()));
            case WRITE_NAMESPACE -> {
                disk.writeNamespace(c.arg1(), c.data());
                yield WireCodec.Reply.ok();
            }
            case READ_NAMESPACE -> WireCodec.Reply.ok(disk.readNamespace());
            case REGISTER_BOOT -> WireCodec.Reply.ok(disk.registerBoot(c.file()));
            default -> throw new IllegalArgumentException("not a block server call: op=" + c.op());
        };
    }

    private byte[] readBlock(int file, long lengthBytes, long block) {
        if (lengthBytes <= 0 || lengthBytes > WireCodec.DATA_BYTES_MAX) {
            throw new IllegalArgumentException("invalid read length: file=" + file + " block=" + block
                    + " lengthBytes=" + lengthBytes + " max=" + WireCodec.DATA_BYTES_MAX);
        }
        ByteBuffer dst = ByteBuffer.allocate((int) lengthBytes);
        disk.readBlock(file, block, dst);
        return dst.array();
    }

    /** Stops listening and closes every connection; the disk stays open (its owner closes it). */
    @Override
    public void close() {
        server.close();
    }
}
