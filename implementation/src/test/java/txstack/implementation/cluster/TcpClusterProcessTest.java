package txstack.implementation.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static txstack.implementation.cluster.ClusterFixture.payload;
import static txstack.implementation.cluster.ClusterFixture.stamp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TCP binding end to end: a {@link BlockServerMain} process serving a disk image and three {@link
 * ClusterNodeMain} processes on the loopback interface, node 0 the coordinator, driven through {@link RemoteNode}s
 * and checked through a {@link RemoteDisk}. Each block the tests write carries a unique stamp and its writer
 * ({@link ClusterFixture#payload}). Every process is killed after each test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpClusterProcessTest {
    private static final int FILES = 4;
    private static final long BLOCKS_PER_FILE = 64;
    private static final int NODE_COUNT = 3;
    private static final int COORDINATOR = 0;
    private static final int FILE = 0;
    private static final long READY_WAIT_MILLIS = 20_000;
    private static final long CLIENT_PAUSE_MILLIS = 3;

    @TempDir
    Path dir;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private RemoteDisk disk;
    private final List<RemoteNode> nodes = new ArrayList<>();

    /** A write a node acknowledged: it returned. */
    private record Ack(long block, long stamp, int node) {
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        for (Process p : processes.values()) {
            p.destroyForcibly();
        }
        for (var e : processes.entrySet()) {
            e.getValue().waitFor(10, TimeUnit.SECONDS);
            Path log = dir.resolve(e.getKey() + ".err");
            if (Files.exists(log) && Files.size(log) > 0) {
                System.out.println("--- stderr of " + e.getKey() + ":\n" + Files.readString(log));
            }
        }
    }

    @Test
    void aMigrationUnderWritesLosesNoAcknowledgedWriteAndFencesTheOldOwner() throws Exception {
        startCluster();
        RemoteNode coordinator = nodes.get(COORDINATOR);
        coordinator.create(FILE);
        coordinator.migrate(FILE, COORDINATOR, 1);
        assertEquals(1, coordinator.owner(FILE));
        long node1Epoch = nodes.get(1).epochOf(FILE);
        assertEquals(disk.epoch(FILE), node1Epoch);

        Queue<Ack> acks = new ConcurrentLinkedQueue<>();
        AtomicInteger ackedByNode1 = new AtomicInteger();
        AtomicReference<Throwable> clientError = new AtomicReference<>();
        Thread client = new Thread(() -> {
            try {
                writeEveryBlock(acks, ackedByNode1);
            } catch (Throwable t) {
                clientError.set(t);
            }
        }, "tcp-cluster-client");
        client.start();
        TcpTransportTest.await(() -> ackedByNode1.get() >= 10 || clientError.get() != null, "10 writes at node 1");
        coordinator.migrate(FILE, 1, 2); // CSV-4, CSV-5: stop, flush, release, fence, grant
        assertEquals(2, coordinator.owner(FILE));
        assertTrue(disk.epoch(FILE) > node1Epoch, "the file was fenced with a new epoch");
        kill(1);
        client.join(30_000);
        assertFalse(client.isAlive(), "the client finished");
        assertNull(clientError.get(), () -> "client failed: " + clientError.get());
        nodes.get(2).flush(FILE);

        int byNode1 = 0;
        int byNode2 = 0;
        for (Ack ack : acks) {
            assertEquals(ack.stamp(), stamp(onDisk(ack.block())), "acknowledged write lost: " + ack);
            byNode1 += ack.node() == 1 ? 1 : 0;
            byNode2 += ack.node() == 2 ? 1 : 0;
        }
        assertEquals(BLOCKS_PER_FILE, acks.size());
        assertTrue(byNode1 >= 10 && byNode2 > 0, "writes at both owners: node1=" + byNode1 + " node2=" + byNode2);

        // The old owner as a zombie: a write with its epoch is refused by the block server (CSV-6).
        byte[] before = onDisk(0);
        FencedWriteException fenced = assertThrows(FencedWriteException.class,
                () -> disk.writeBlock(FILE, node1Epoch, 0, ByteBuffer.wrap(payload(999, 1, node1Epoch))));
        assertTrue(fenced.getMessage().contains("expected=" + disk.epoch(FILE) + " actual=" + node1Epoch),
                fenced.getMessage());
        assertArrayEquals(before, onDisk(0));

        assertEquals(List.of(), coordinator.nodeFailed(1), "node 1 owns nothing any more");
        assertThrows(NodeDownException.class, () -> nodes.get(1).epochOf(FILE));
        assertFalse(nodes.get(1).isUp(), "a refused connection marks the node down");
    }

    @Test
    void aNodeWronglyBelievedFailedIsFencedAndItsReleaseSaysSo() throws Exception {
        startCluster();
        RemoteNode coordinator = nodes.get(COORDINATOR);
        coordinator.create(FILE);
        coordinator.migrate(FILE, COORDINATOR, 1);
        long node1Epoch = nodes.get(1).epochOf(FILE);
        nodes.get(1).write(FILE, 5, payload(1, 1, node1Epoch));
        assertArrayEquals(payload(1, 1, node1Epoch), nodes.get(1).read(FILE, 5), "the node reads its own cache");

        assertEquals(List.of(FILE), coordinator.nodeFailed(1), "CSV-7: taken back, node 1 is alive all the same");
        assertEquals(COORDINATOR, coordinator.owner(FILE));
        FencedWriteException e = assertThrows(FencedWriteException.class, () -> nodes.get(1).release(FILE));
        assertTrue(e.getMessage().startsWith("stale epoch: file=0 block=5"), e.getMessage());
        assertEquals(0, nodes.get(1).epochOf(FILE), "the fenced node dropped its token");
        assertThrows(NotOwnerException.class, () -> nodes.get(1).write(FILE, 5, payload(2, 1, node1Epoch)));
        assertEquals(0, stamp(onDisk(5)), "the zombie's data never reached the disk");

        long epoch = nodes.get(COORDINATOR).epochOf(FILE);
        nodes.get(COORDINATOR).write(FILE, 5, payload(3, COORDINATOR, epoch));
        nodes.get(COORDINATOR).flush(FILE);
        assertEquals(3, stamp(onDisk(5)));
        assertThrows(IllegalStateException.class, () -> nodes.get(1).create(1), "only the coordinator creates");

        RequestId rid = nodes.get(2).requestMeta(MetaOp.CREATE, 1, 0); // CSV-3, over the TCP transport
        TcpTransportTest.await(() -> nodes.get(2).isAcknowledged(rid), "the coordinator acks node 2's create");
        assertEquals(COORDINATOR, coordinator.owner(1));
    }

    /**
     * Writes blocks 0.. of the file once each, at its owner; after {@link NotOwnerException} (or the old owner's
     * death) asks the coordinator who owns it, and waits while that does not change (writes stopped).
     */
    private void writeEveryBlock(Queue<Ack> acks, AtomicInteger ackedByNode1) throws InterruptedException {
        List<RemoteNode> own = new ArrayList<>();
        for (int n = 0; n < NODE_COUNT; n++) {
            own.add(client(new RemoteNode(n, nodes.get(n).address())));
        }
        int owner = 1;
        for (long block = 0; block < BLOCKS_PER_FILE; block++) {
            long stamp = block + 1;
            while (true) {
                try {
                    own.get(owner).write(FILE, block, payload(stamp, owner, 0));
                    acks.add(new Ack(block, stamp, owner));
                    if (owner == 1) {
                        ackedByNode1.incrementAndGet();
                    }
                    break;
                } catch (NotOwnerException | NodeDownException e) {
                    int next = own.get(COORDINATOR).owner(FILE);
                    if (next == owner || next == FileEntry.NO_OWNER) {
                        Thread.sleep(CLIENT_PAUSE_MILLIS); // stopped for the migration; the grant comes soon
                    }
                    owner = next == FileEntry.NO_OWNER ? owner : next;
                }
            }
            Thread.sleep(CLIENT_PAUSE_MILLIS);
        }
    }

    private byte[] onDisk(long block) {
        ByteBuffer dst = ByteBuffer.allocate(BlockServerMain.SECTOR_BYTES);
        disk.readBlock(FILE, block, dst);
        return dst.array();
    }

    private <T extends AutoCloseable> T client(T c) {
        clients.add(c);
        return c;
    }

    // ---------------------------------------------------------------------------------------------- processes

    private void startCluster() throws Exception {
        Process server = start("block-server", BlockServerMain.class, dir.resolve("disk.img").toString(),
                String.valueOf(FILES), String.valueOf(BLOCKS_PER_FILE), "0");
        int diskPort = awaitReady("block-server", server);
        disk = client(new RemoteDisk(ClusterNodeMain.loopback(diskPort)));
        List<String> ports = new ArrayList<>();
        int[] controlPorts = new int[NODE_COUNT];
        int[] free = FreePorts.take(2 * NODE_COUNT);
        for (int n = 0; n < NODE_COUNT; n++) {
            controlPorts[n] = free[2 * n + 1];
            ports.add(n + ":" + free[2 * n] + ":" + controlPorts[n]);
        }
        for (int n = 0; n < NODE_COUNT; n++) {
            start("node-" + n, ClusterNodeMain.class, String.valueOf(n), String.valueOf(COORDINATOR),
                    String.valueOf(diskPort), String.join(",", ports));
        }
        for (int n = 0; n < NODE_COUNT; n++) {
            assertEquals(controlPorts[n], awaitReady("node-" + n, processes.get("node-" + n)));
            nodes.add(client(new RemoteNode(n, ClusterNodeMain.loopback(controlPorts[n]))));
        }
    }

    private Process start(String name, Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve(name + ".err").toFile()).start();
        processes.put(name, p);
        return p;
    }

    /** Waits for the process's {@code ready <port>} line; returns the port. */
    private int awaitReady(String name, Process p) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (IOException e) {
                return "failed: " + e;
            }
        });
        String ready = line.get(READY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        if (ready == null || !ready.startsWith("ready ")) {
            p.waitFor(1, TimeUnit.SECONDS);
            throw new AssertionError("process did not start: name=" + name + " stdout=" + ready + " stderr="
                    + Files.readString(dir.resolve(name + ".err")));
        }
        return Integer.parseInt(ready.substring("ready ".length()).trim());
    }

    private void kill(int node) throws InterruptedException {
        Process p = processes.get("node-" + node);
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "node " + node + " did not die");
    }
}
