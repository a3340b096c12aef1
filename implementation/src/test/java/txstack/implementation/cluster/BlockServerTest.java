package txstack.implementation.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import txstack.implementation.disk.FileBlockDevice;

/** A {@link FencedDisk} on a file, served by a {@link BlockServer}, used through a {@link RemoteDisk}. */
@Timeout(30)
class BlockServerTest {
    private static final int FILES = 3;
    private static final long SECTORS_PER_FILE = 8;
    private static final int BLOCK_BYTES = BlockServerMain.SECTOR_BYTES;

    @TempDir
    Path dir;
    private FileBlockDevice device;
    private FencedDisk local;
    private BlockServer server;
    private RemoteDisk remote;

    @BeforeEach
    void start() {
        device = FileBlockDevice.create(dir.resolve("disk.img"), BLOCK_BYTES,
                BlockServerMain.imageSectors(FILES, SECTORS_PER_FILE));
        local = FencedDisk.create(device, FILES, SECTORS_PER_FILE);
        server = new BlockServer(local, 0);
        remote = new RemoteDisk(ClusterNodeMain.loopback(server.port()));
    }

    @AfterEach
    void stop() {
        remote.close();
        server.close();
        device.close();
    }

    private static byte[] block(int value) {
        byte[] b = new byte[BLOCK_BYTES];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] read(SharedDisk disk, int file, long blockIndex) {
        ByteBuffer dst = ByteBuffer.allocate(BLOCK_BYTES);
        disk.readBlock(file, blockIndex, dst);
        assertFalse(dst.hasRemaining());
        return dst.array();
    }

    @Test
    void everyOperationReachesTheDisk() {
        assertEquals(FILES, remote.fileCount());
        assertEquals(SECTORS_PER_FILE, remote.sectorsPerFile());
        assertEquals(BLOCK_BYTES, remote.blockSizeBytes());
        assertEquals(FencedDisk.FIRST_TERM, remote.term());
        assertEquals(0, remote.epoch(1));
        remote.fence(FencedDisk.FIRST_TERM, 1, 4);
        assertEquals(4, local.epoch(1));
        assertEquals(4, remote.epoch(1));
        ByteBuffer src = ByteBuffer.wrap(block(9));
        remote.writeBlock(1, 4, 7, src);
        assertFalse(src.hasRemaining(), "an accepted write consumes its buffer, as FencedDisk's does");
        assertArrayEquals(block(9), read(local, 1, 7));
        assertArrayEquals(block(9), read(remote, 1, 7));
        assertArrayEquals(block(0), read(remote, 0, 7));
        Namespace ns = new Namespace(FILES, FencedDisk.FIRST_TERM);
        ns.setFile(2, new FileEntry(true, 100, 1, 4));
        remote.writeNamespace(FencedDisk.FIRST_TERM, ns.encode());
        assertArrayEquals(local.readNamespace(), remote.readNamespace());
        assertEquals(ns.file(2), Namespace.decode(remote.readNamespace()).file(2));
        remote.fenceNamespace(2);
        assertEquals(2, local.term());
        assertThrows(FencedWriteException.class, () -> remote.fence(FencedDisk.FIRST_TERM, 1, 5),
                "a deposed coordinator's fence is refused across the wire too");
        assertEquals(1, remote.registerBoot(3));
        assertEquals(2, remote.registerBoot(3));
    }

    @Test
    void theFenceRefusalCrossesTheWireAsItself() {
        remote.fence(FencedDisk.FIRST_TERM, 0, 1);
        remote.writeBlock(0, 1, 0, ByteBuffer.wrap(block(1)));
        remote.fence(FencedDisk.FIRST_TERM, 0, 2);
        ByteBuffer stale = ByteBuffer.wrap(block(2));
        FencedWriteException e = assertThrows(FencedWriteException.class, () -> remote.writeBlock(0, 1, 0, stale));
        assertTrue(e.getMessage().startsWith("stale epoch: file=0 block=0 expected=2 actual=1"), e.getMessage());
        assertEquals(BLOCK_BYTES, stale.remaining(), "a refused write leaves its buffer as it was");
        assertArrayEquals(block(1), read(local, 0, 0));
        assertThrows(FencedWriteException.class, () -> remote.writeNamespace(7, new byte[10]));
        remote.fenceNamespace(3);
        e = assertThrows(FencedWriteException.class, () -> remote.writeNamespace(FencedDisk.FIRST_TERM, new byte[1]));
        assertTrue(e.getMessage().startsWith("stale term: namespace write expected=3 actual=1"), e.getMessage());
    }

    @Test
    void argumentAndLimitErrorsCrossTheWireAsThemselves() {
        assertThrows(IllegalArgumentException.class, () -> remote.epoch(FILES));
        assertThrows(IllegalArgumentException.class, () -> remote.fence(FencedDisk.FIRST_TERM, 0, 0));
        remote.fence(FencedDisk.FIRST_TERM, 2, 1);
        assertThrows(IllegalArgumentException.class,
                () -> remote.writeBlock(2, 1, SECTORS_PER_FILE, ByteBuffer.wrap(block(1))));
        assertThrows(IllegalArgumentException.class, () -> remote.readBlock(2, 0, ByteBuffer.allocate(100)));
        assertThrows(ClusterLimitException.class,
                () -> remote.writeNamespace(FencedDisk.FIRST_TERM, new byte[WireCodec.DATA_BYTES_MAX]));
        assertEquals(1, remote.epoch(2), "the connection survives error replies");
    }

    @Test
    void garbageClosesItsConnectionAndTheServerGoesOn() throws IOException {
        remote.fence(FencedDisk.FIRST_TERM, 0, 1);
        byte[][] garbage = {{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F},
            {1, 0, 0, 0, 1}, // a message frame without its body
            WireCodec.encode(new WireCodec.Meta(new Message.MetaAck(new RequestId(0, 0, 0), 0, 1))), // not a call
            {3, 0, 0, 0, 3, 99, 0}, // a truncated call
            "GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
        for (byte[] bytes : garbage) {
            try (Socket s = new Socket(ClusterNodeMain.loopback(0).getAddress(), server.port())) {
                OutputStream out = s.getOutputStream();
                out.write(bytes);
                out.flush();
                s.shutdownOutput();
                assertEquals(-1, s.getInputStream().read(), "the server closed the connection");
            }
        }
        assertEquals(garbage.length, server.corruptFrames());
        remote.writeBlock(0, 1, 3, ByteBuffer.wrap(block(5)));
        assertArrayEquals(block(5), read(remote, 0, 3));
    }

    @Test
    void anUnreachableServerIsAClearErrorAndTheClientConnectsAgainLater() {
        assertEquals(FILES, remote.fileCount());
        int port = server.port();
        server.close();
        DiskUnreachableException e = assertThrows(DiskUnreachableException.class, () -> remote.epoch(0));
        assertTrue(e.getMessage().startsWith("block server unreachable: address="), e.getMessage());
        assertTrue(e.getMessage().contains("op=EPOCH file=0"), e.getMessage());
        server = new BlockServer(local, port);
        assertEquals(0, remote.epoch(0));
    }
}
