package txstack.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import txstack.implementation.cluster.BlockServer;
import txstack.implementation.cluster.Coordinator;
import txstack.implementation.cluster.FencedDisk;
import txstack.implementation.cluster.MetaOp;
import txstack.implementation.cluster.Namespace;
import txstack.implementation.cluster.Node;
import txstack.implementation.cluster.RemoteDisk;
import txstack.implementation.cluster.RequestId;
import txstack.implementation.cluster.SharedDisk;
import txstack.implementation.cluster.SimulatedNetwork;
import txstack.implementation.cluster.TcpTransport;
import txstack.implementation.cluster.Transport;
import txstack.implementation.disk.FileBlockDevice;

/**
 * The cluster-shared-volume layer (CSV-1..7) on a file-backed {@link FencedDisk} (512-byte blocks, every write
 * forced), three nodes, node 0 the coordinator, one file of {@value #BLOCKS_PER_FILE} blocks owned by node 1. Each
 * measurement is set against another one taken in the same round, in alternating slices so drift hits both:
 * <ol>
 *   <li><b>direct I/O vs metadata redirected to the coordinator</b>, operations per second. Direct: node 1 writes one
 *       block into its cache and flushes it to the disk ({@link Node#write} + {@link Node#flush}). Metadata: node 1
 *       asks for a RESIZE ({@link Node#requestMeta}); the coordinator applies it (namespace record written, forced)
 *       and acks; the op ends when {@link Node#isAcknowledged}. Two transports, side by side: <i>simulated</i>, one
 *       process, {@link SimulatedNetwork}, delivery by {@code coordinator.poll()} then {@code node.poll()}, every node
 *       on the {@link FencedDisk} itself; <i>TCP</i>, one process too, but every node on a {@link RemoteDisk} of its
 *       own to a {@link BlockServer} on the loopback interface and messages on {@link TcpTransport}s (one per node,
 *       loopback sockets, the transports' own sender and reader threads); the waiting thread polls both sides in a
 *       yield loop (a node process polls every {@code ClusterNodeMain.POLL_INTERVAL_MILLIS} = 5 ms, which would
 *       measure the poll interval, not the protocol). The namespace lists the last {@link Namespace#APPLIED_MAX}
 *       requests applied, so the record the coordinator rewrites per request grows from 0.1 to 8 KiB over the first
 *       1,024 and stays there.</li>
 *   <li><b>migration</b> ({@link Coordinator#migrate}: stop, flush, release, fence, namespace write, grant) between
 *       nodes 1 and 2 with 0, 64, 256 and 1024 dirty blocks in the old owner's cache: ms per migration and MB/s of
 *       the flushed data, over the same number of blocks written straight to the same device, each forced (the
 *       flush's own I/O pattern) and, second yardstick, in one forced write (what a batched flush would cost).</li>
 *   <li><b>failover</b> ({@link Coordinator#takeOver}, alternately by node 1 and node 0) with 0, 256 and 1024 entries
 *       in the applied-request log (filled by the coordinator's own RESIZE changes), over reading the namespace
 *       record back ({@link SharedDisk#readNamespace} + {@link Namespace#decode}). Parts 2 and 3 run in one process
 *       on the {@link FencedDisk} itself (no message crosses the network in either).</li>
 * </ol>
 * A fresh disk every round; a warm-up round first, shown but left out of the medians. Nothing is asserted about
 * speed; after every slice the results are checked outside the timed part (written blocks read back from the disk,
 * the durable namespace's sizes, owner and applied count, the tokens and terms), so a broken setup cannot pass as fast.
 *
 * <p>Run: {@code bench/run-csv [seconds] [parts]} (finds a JDK 21+); {@code seconds} (default 2) is the time each
 * measurement and its counterpart take together in one round (a migration of 1024 dirty blocks or its yardstick
 * runs at least once per slice, whatever that takes); {@code parts} (default {@code 123}) picks the measurements.
 */
public final class CsvBench {
    private static final int ROUNDS = 3;
    /** Rounds run and shown first but left out of the medians (the JIT is still compiling the paths). */
    private static final int WARM_UP_ROUNDS = 1;
    private static final int BLOCK_BYTES = 512;
    private static final int FILES = 1;
    private static final int FILE = 0;
    private static final int BLOCKS_PER_FILE = Node.DIRTY_BLOCKS_MAX;
    private static final int NODES = 3;
    private static final int COORDINATOR = 0;
    private static final int OWNER = 1;
    private static final int OTHER = 2;
    private static final int DIRECT_META_SLICES = 8;
    private static final int YARDSTICK_SLICES = 2;
    /** Migrations or failovers at least in a slice, however long one takes. */
    private static final int OPS_PER_SLICE_MIN = 1;
    /** The cluster is formatted again once the applied log holds this many requests (one more must fit). */
    private static final int[] DIRTY_BLOCKS = {0, 64, 256, Node.DIRTY_BLOCKS_MAX};
    private static final int[] APPLIED_ENTRIES = {0, 256, Namespace.APPLIED_MAX};
    /** A TCP metadata request not acked in this time is sent again ({@link Node#retry}), and counted. */
    private static final long RESEND_NANOS = 200_000_000L;
    /** Bound on waiting for one ack; beyond it the run fails. */
    private static final long ACK_WAIT_NANOS_MAX = 10_000_000_000L;
    private static final long SEED = 0x5EED_C5BL;

    private CsvBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        String parts = args.length > 1 ? args[1] : "123";
        if (args.length > 2 || !(seconds > 0 && seconds <= 600) || !parts.matches("[123]{1,3}")) {
            throw new IllegalArgumentException("usage: CsvBench [seconds in (0, 600]] [parts, e.g. 123 or 2]: seconds="
                    + seconds + " parts=" + parts);
        }
        long begin = System.nanoTime();
        Path dir = Files.createTempDirectory("txstack-csv-bench");
        try {
            if (parts.contains("1")) {
                directMetaRounds(dir, seconds);
            }
            if (parts.contains("2")) {
                migrationRounds(dir, seconds);
            }
            if (parts.contains("3")) {
                failoverRounds(dir, seconds);
            }
        } finally {
            deleteTree(dir);
        }
        System.out.printf("run time %.0f s%n", (System.nanoTime() - begin) / 1e9);
    }

    // ------------------------------------------------------------------ 1. direct I/O vs metadata redirected

    private static void directMetaRounds(Path dir, double seconds) throws IOException {
        System.out.printf("1. direct I/O (node 1: write 1 block + flush, forced) vs metadata redirected (node 1: "
                + "RESIZE request, coordinator applies durably and acks), ops/s; simulated transport vs TCP "
                + "(block server + 3 transports on loopback, one process); %s s per transport in %d alternating "
                + "slices; %d rounds after %d warm-up round%n", seconds, DIRECT_META_SLICES, ROUNDS, WARM_UP_ROUNDS);
        Table table = new Table(null, new Column("sim dir/s", 10, 0, ""), new Column("sim meta/s", 10, 0, ""),
                new Column("meta/dir", 9, 3, "x"), new Column("tcp dir/s", 10, 0, ""),
                new Column("tcp meta/s", 10, 0, ""), new Column("meta/dir", 9, 3, "x"),
                new Column("tcp/sim dir", 11, 3, "x"), new Column("tcp/sim meta", 12, 3, "x"));
        for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
            String name = "r" + (round + WARM_UP_ROUNDS);
            try (Rig sim = new Rig(dir, name + "-sim", false, true);
                    Rig tcp = new Rig(dir, name + "-tcp", true, true)) {
                double[] r = directMetaRates(new Rig[] {sim, tcp}, seconds);
                table.row(round, null, r[0], r[1], r[1] / r[0], r[2], r[3], r[3] / r[2], r[2] / r[0], r[3] / r[1]);
                if (tcp.resends > 0) {
                    System.out.printf("         (tcp: %d metadata requests sent again after %d ms without ack)%n",
                            tcp.resends, RESEND_NANOS / 1_000_000);
                }
            }
        }
        table.summary();
    }

    /** {sim direct, sim meta, tcp direct, tcp meta} ops/s, the four in rotating order in every slice. */
    private static double[] directMetaRates(Rig[] rigs, double seconds) {
        long sliceNanos = (long) (seconds / 2 / DIRECT_META_SLICES * 1e9);
        Timed[] timed = new Timed[4];
        for (int k = 0; k < timed.length; k++) {
            timed[k] = new Timed();
            runKind(rigs, k, sliceNanos / 4, new Timed()); // warm-up: connections opened, paths compiled
        }
        for (int s = 0; s < DIRECT_META_SLICES; s++) {
            for (int k = 0; k < timed.length; k++) {
                int kind = (k + s) % timed.length;
                runKind(rigs, kind, sliceNanos, timed[kind]);
            }
        }
        return new double[] {timed[0].perSecond(), timed[1].perSecond(), timed[2].perSecond(), timed[3].perSecond()};
    }

    private static void runKind(Rig[] rigs, int kind, long sliceNanos, Timed timed) {
        Rig rig = rigs[kind / 2];
        if (kind % 2 == 0) {
            directSlice(rig, sliceNanos, timed);
        } else {
            metaSlice(rig, sliceNanos, timed);
        }
    }

    /** Node 1 writes one block into its cache and flushes it, until the slice ends; then the blocks are read back. */
    private static void directSlice(Rig rig, long sliceNanos, Timed timed) {
        Node owner = rig.nodes[OWNER];
        long firstStamp = rig.stamp + 1;
        long end = System.nanoTime() + sliceNanos;
        do {
            long stamp = ++rig.stamp;
            byte[] data = payload(stamp);
            long begin = System.nanoTime();
            owner.write(FILE, stamp % BLOCKS_PER_FILE, data);
            owner.flush(FILE);
            timed.add(System.nanoTime() - begin);
        } while (System.nanoTime() < end);
        for (long stamp = Math.max(firstStamp, rig.stamp - BLOCKS_PER_FILE + 1); stamp <= rig.stamp; stamp++) {
            rig.checkBlock(stamp % BLOCKS_PER_FILE, stamp);
        }
        if (owner.dirtyBlocks(FILE) != 0) {
            throw new IllegalStateException("direct I/O wrong: dirtyBlocks=" + owner.dirtyBlocks(FILE));
        }
    }

    /** Node 1's RESIZE requests, each until acked, until the slice ends; then the durable namespace is checked. */
    private static void metaSlice(Rig rig, long sliceNanos, Timed timed) {
        long end = System.nanoTime() + sliceNanos;
        do {
            Node owner = rig.nodes[OWNER];
            long sizeBytes = (++rig.stamp % BLOCKS_PER_FILE) * BLOCK_BYTES;
            long begin = System.nanoTime();
            RequestId request = owner.requestMeta(MetaOp.RESIZE, FILE, sizeBytes);
            rig.awaitAck(request);
            timed.add(System.nanoTime() - begin);
            rig.applied++;
            rig.sizeBytes = sizeBytes;
        } while (System.nanoTime() < end);
        rig.checkNamespace(rig.applied);
        Namespace durable = Namespace.decode(rig.fenced.readNamespace());
        if (durable.file(FILE).sizeBytes() != rig.sizeBytes || !rig.nodes[OWNER].pending().isEmpty()) {
            throw new IllegalStateException("metadata wrong: durable sizeBytes=" + durable.file(FILE).sizeBytes()
                    + " expected=" + rig.sizeBytes + " pending=" + rig.nodes[OWNER].pending());
        }
    }

    // ------------------------------------------------------------------ 2. migration vs the flushed blocks' I/O

    private static void migrationRounds(Path dir, double seconds) throws IOException {
        System.out.printf("2. migration (Coordinator.migrate: stop, flush, release, fence, namespace write, grant) "
                + "between nodes 1 and 2 with N dirty %d B blocks in the old owner's cache, over writing N blocks "
                + "straight to the same device, each forced (fua each) and in one forced write (1 write); %s s per "
                + "N in %d alternating slices; %d rounds after %d warm-up round%n", BLOCK_BYTES, seconds,
                YARDSTICK_SLICES, ROUNDS, WARM_UP_ROUNDS);
        Table table = new Table(new Column("N blocks", 8, 0, ""), new Column("migrate ms", 10, 2, ""),
                new Column("MB/s", 7, 2, ""), new Column("fua each ms", 11, 2, ""), new Column("mig/each", 9, 3, "x"),
                new Column("1 write ms", 10, 2, ""), new Column("mig/1write", 10, 2, "x"));
        for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
            try (Rig rig = new Rig(dir, "migrate-r" + (round + WARM_UP_ROUNDS), false, true)) {
                for (int blocks : DIRTY_BLOCKS) {
                    double[] ms = migrationMillis(rig, blocks, seconds);
                    double mbPerSecond = blocks == 0 ? Double.NaN : blocks * (double) BLOCK_BYTES / 1e3 / ms[0];
                    table.row(round, (double) blocks, ms[0], mbPerSecond, ms[1], ratio(ms[0], ms[1], blocks), ms[2],
                            ratio(ms[0], ms[2], blocks));
                }
            }
        }
        table.summary();
    }

    /** {migrate, forced each, one forced write} ms per operation, migrations and yardsticks in alternating slices. */
    private static double[] migrationMillis(Rig rig, int blocks, double seconds) {
        long sliceNanos = (long) (seconds / 2 / YARDSTICK_SLICES * 1e9);
        Timed migrate = new Timed();
        Timed each = new Timed();
        Timed whole = new Timed();
        for (int s = 0; s < YARDSTICK_SLICES; s++) {
            if (s % 2 == 0) {
                migrateSlice(rig, blocks, sliceNanos, migrate);
                rawWriteSlice(rig, blocks, sliceNanos, each, whole);
            } else {
                rawWriteSlice(rig, blocks, sliceNanos, each, whole);
                migrateSlice(rig, blocks, sliceNanos, migrate);
            }
        }
        return new double[] {migrate.meanMillis(), each.meanMillis(), whole.meanMillis()};
    }

    /** The file's owner (1 or 2) takes {@code blocks} writes into its cache, then moves to the other; checked. */
    private static void migrateSlice(Rig rig, int blocks, long sliceNanos, Timed timed) {
        long end = System.nanoTime() + sliceNanos;
        int done = 0;
        do {
            Node source = rig.nodes[rig.holder];
            Node target = rig.nodes[rig.holder == OWNER ? OTHER : OWNER];
            long firstStamp = rig.stamp + 1;
            for (int b = 0; b < blocks; b++) {
                source.write(FILE, b, payload(++rig.stamp));
            }
            long begin = System.nanoTime();
            rig.coordinator.migrate(FILE, source, target);
            timed.add(System.nanoTime() - begin);
            rig.holder = target.id();
            checkMigrated(rig, source, target);
            for (int b = 0; b < blocks; b++) {
                rig.checkBlock(b, firstStamp + b);
            }
            done++;
        } while (done < OPS_PER_SLICE_MIN || System.nanoTime() < end);
    }

    private static void checkMigrated(Rig rig, Node source, Node target) {
        long epoch = rig.fenced.epoch(FILE);
        int durableOwner = Namespace.decode(rig.fenced.readNamespace()).file(FILE).owner();
        if (target.epochOf(FILE) != epoch || epoch == 0 || source.epochOf(FILE) != 0 || source.dirtyBlocks(FILE) != 0
                || durableOwner != target.id() || rig.coordinator.namespace().file(FILE).owner() != target.id()) {
            throw new IllegalStateException("migration wrong: source=" + source.id() + " target=" + target.id()
                    + " diskEpoch=" + epoch + " targetEpoch=" + target.epochOf(FILE) + " sourceEpoch="
                    + source.epochOf(FILE) + " sourceDirty=" + source.dirtyBlocks(FILE) + " durableOwner="
                    + durableOwner);
        }
    }

    /**
     * The yardsticks: {@code blocks} blocks written to the device's scratch sectors (past the fenced disk), each
     * forced, timed in {@code each}; then the same blocks in one forced write, timed in {@code whole}.
     */
    private static void rawWriteSlice(Rig rig, int blocks, long sliceNanos, Timed each, Timed whole) {
        long end = System.nanoTime() + sliceNanos;
        int done = 0;
        do {
            long firstStamp = rig.stamp + 1;
            byte[][] data = new byte[blocks][];
            ByteBuffer all = ByteBuffer.allocate(blocks * BLOCK_BYTES);
            for (int b = 0; b < blocks; b++) {
                data[b] = payload(++rig.stamp);
                all.put(data[b]);
            }
            all.flip();
            long begin = System.nanoTime();
            for (int b = 0; b < blocks; b++) {
                rig.device.write(rig.scratchSector + b, ByteBuffer.wrap(data[b]), true);
            }
            each.add(System.nanoTime() - begin);
            if (blocks > 0) {
                begin = System.nanoTime();
                rig.device.write(rig.scratchSector, all, true);
                whole.add(System.nanoTime() - begin);
            } else {
                whole.add(0);
            }
            for (int b = 0; b < blocks; b++) {
                ByteBuffer read = ByteBuffer.allocate(BLOCK_BYTES);
                rig.device.read(rig.scratchSector + b, read);
                checkPayload(read.array(), firstStamp + b, "scratch sector=" + (rig.scratchSector + b));
            }
            done++;
        } while (done < OPS_PER_SLICE_MIN || System.nanoTime() < end);
    }

    private static double ratio(double millis, double yardstickMillis, int blocks) {
        return blocks == 0 ? Double.NaN : millis / yardstickMillis;
    }

    // ------------------------------------------------------------------ 3. failover vs reading the namespace back

    private static void failoverRounds(Path dir, double seconds) throws IOException {
        System.out.printf("3. failover (Coordinator.takeOver: read namespace, raise term, write namespace back) with "
                + "N entries in the applied-request log (RESIZE changes), over reading the namespace record back "
                + "(readNamespace + decode); %s s per N in %d alternating slices; %d rounds after %d warm-up "
                + "round%n", seconds, YARDSTICK_SLICES, ROUNDS, WARM_UP_ROUNDS);
        Table table = new Table(new Column("N applied", 9, 0, ""), new Column("failover ms", 11, 3, ""),
                new Column("read ms", 9, 3, ""), new Column("fail/read", 10, 1, "x"),
                new Column("record KiB", 10, 1, ""));
        for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
            try (Rig rig = new Rig(dir, "failover-r" + (round + WARM_UP_ROUNDS), false, false)) {
                for (int entries : APPLIED_ENTRIES) {
                    fillAppliedLog(rig, entries);
                    double[] ms = failoverMillis(rig, entries, seconds);
                    double recordKiB = rig.fenced.readNamespace().length / 1024.0;
                    table.row(round, (double) entries, ms[0], ms[1], ms[0] / ms[1], recordKiB);
                }
            }
        }
        table.summary();
    }

    /** The coordinator's own changes until the applied log holds {@code entries}: a CREATE first, then RESIZEs. */
    private static void fillAppliedLog(Rig rig, int entries) {
        while (rig.applied < entries) {
            if (rig.applied == 0) {
                rig.coordinator.change(MetaOp.CREATE, FILE, 0);
            } else {
                rig.coordinator.change(MetaOp.RESIZE, FILE, (rig.applied % BLOCKS_PER_FILE) * (long) BLOCK_BYTES);
            }
            rig.applied++;
        }
        rig.checkNamespace(entries);
    }

    /** {failover, read back} ms per operation, in alternating slices. */
    private static double[] failoverMillis(Rig rig, int entries, double seconds) {
        long sliceNanos = (long) (seconds / 2 / YARDSTICK_SLICES * 1e9);
        Timed failover = new Timed();
        Timed read = new Timed();
        for (int s = 0; s < YARDSTICK_SLICES; s++) {
            if (s % 2 == 0) {
                failoverSlice(rig, entries, sliceNanos, failover);
                readSlice(rig, entries, sliceNanos, read);
            } else {
                readSlice(rig, entries, sliceNanos, read);
                failoverSlice(rig, entries, sliceNanos, failover);
            }
        }
        return new double[] {failover.meanMillis(), read.meanMillis()};
    }

    /** Node 1 and node 0 take over in turn, each in a new term; the term and the recovered log are checked. */
    private static void failoverSlice(Rig rig, int entries, long sliceNanos, Timed timed) {
        long end = System.nanoTime() + sliceNanos;
        int done = 0;
        do {
            long term = rig.fenced.term();
            Node next = rig.nodes[rig.coordinator.id() == COORDINATOR ? OWNER : COORDINATOR];
            long begin = System.nanoTime();
            Coordinator taken = Coordinator.takeOver(next, rig.diskOf(next.id()), rig.transportOf(next.id()));
            timed.add(System.nanoTime() - begin);
            rig.coordinator = taken;
            if (taken.term() != term + 1 || rig.fenced.term() != term + 1
                    || Namespace.decode(rig.fenced.readNamespace()).term() != term + 1) {
                throw new IllegalStateException("failover wrong: term before=" + term + " taken=" + taken.term()
                        + " disk=" + rig.fenced.term());
            }
            rig.checkNamespace(entries);
            done++;
        } while (done < OPS_PER_SLICE_MIN || System.nanoTime() < end);
    }

    private static void readSlice(Rig rig, int entries, long sliceNanos, Timed timed) {
        long end = System.nanoTime() + sliceNanos;
        do {
            long begin = System.nanoTime();
            Namespace ns = Namespace.decode(rig.fenced.readNamespace());
            timed.add(System.nanoTime() - begin);
            if (ns.applied().size() != entries) {
                throw new IllegalStateException("read back wrong: applied=" + ns.applied().size() + " expected="
                        + entries);
            }
        } while (System.nanoTime() < end);
    }

    // ------------------------------------------------------------------ the cluster under measurement

    /**
     * A device file with a fenced disk on it (and {@link Node#DIRTY_BLOCKS_MAX} scratch sectors past it), three
     * nodes and the coordinator on node 0; with {@code createFile} the file exists and node 1 owns it. Over TCP a
     * block server serves the fenced disk and every node has its own remote disk and transport. {@link #rebuild}
     * formats the same device again with everything new.
     */
    private static final class Rig implements AutoCloseable {
        final FileBlockDevice device;
        final long scratchSector;
        private final boolean tcp;
        private final boolean createFile;
        FencedDisk fenced;
        Node[] nodes;
        Coordinator coordinator;
        private SimulatedNetwork network;
        private BlockServer server;
        private final List<AutoCloseable> tcpParts = new ArrayList<>();
        private RemoteDisk[] disks;
        private TcpTransport[] transports;
        /** Requests in the applied log since the last format. */
        int applied;
        /** The last size asked and acked. */
        long sizeBytes;
        /** Grows with every block written and every size asked: every one is different. */
        long stamp;
        /** The node owning the file in the migration measurement. */
        int holder = OWNER;
        long resends;

        Rig(Path dir, String name, boolean tcp, boolean createFile) {
            this.scratchSector = FencedDisk.sectorsNeeded(BLOCK_BYTES, FILES, BLOCKS_PER_FILE);
            this.device = FileBlockDevice.create(dir.resolve(name + ".img"), BLOCK_BYTES,
                    scratchSector + Node.DIRTY_BLOCKS_MAX);
            this.tcp = tcp;
            this.createFile = createFile;
            try {
                build();
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        private void build() {
            fenced = FencedDisk.create(device, FILES, BLOCKS_PER_FILE);
            if (tcp) {
                server = new BlockServer(fenced, 0);
                tcpParts.add(server);
                Map<Integer, InetSocketAddress> addresses = new HashMap<>();
                for (int n = 0; n < NODES; n++) {
                    addresses.put(n, loopback(freePort()));
                }
                disks = new RemoteDisk[NODES];
                transports = new TcpTransport[NODES];
                for (int n = 0; n < NODES; n++) {
                    transports[n] = new TcpTransport(n, addresses);
                    tcpParts.add(transports[n]);
                    disks[n] = new RemoteDisk(loopback(server.port()));
                    tcpParts.add(disks[n]);
                }
            } else {
                network = new SimulatedNetwork(new SplittableRandom(SEED));
            }
            nodes = new Node[NODES];
            for (int n = 0; n < NODES; n++) {
                nodes[n] = new Node(n, COORDINATOR, diskOf(n), transportOf(n));
            }
            coordinator = new Coordinator(nodes[COORDINATOR], diskOf(COORDINATOR), transportOf(COORDINATOR));
            applied = 0;
            holder = OWNER;
            if (createFile) {
                coordinator.change(MetaOp.CREATE, FILE, 0);
                applied++;
                coordinator.migrate(FILE, nodes[COORDINATOR], nodes[OWNER]);
            }
        }

        void rebuild() {
            closeParts();
            build();
        }

        SharedDisk diskOf(int node) {
            return tcp ? disks[node] : fenced;
        }

        Transport transportOf(int node) {
            return tcp ? transports[node] : network;
        }

        /**
         * Delivers the request and its ack. Simulated: the coordinator polls, then node 1. TCP: both poll in a
         * yield loop until the ack arrived; a request not acked in {@link #RESEND_NANOS} is sent again.
         */
        void awaitAck(RequestId request) {
            Node owner = nodes[OWNER];
            long begin = System.nanoTime();
            long resendAt = begin + RESEND_NANOS;
            while (true) {
                coordinator.poll();
                owner.poll();
                if (owner.isAcknowledged(request)) {
                    return;
                }
                long now = System.nanoTime();
                if (!tcp || now - begin > ACK_WAIT_NANOS_MAX) {
                    throw new IllegalStateException("no ack: request=" + request + " tcp=" + tcp + " waitedMillis="
                            + (now - begin) / 1_000_000);
                }
                if (now - resendAt >= 0) {
                    owner.retry();
                    resends++;
                    resendAt = now + RESEND_NANOS;
                }
                Thread.yield();
            }
        }

        /** The block on the fenced disk (read there, never through the path measured) holds {@code stamp}'s data. */
        void checkBlock(long block, long stamp) {
            ByteBuffer read = ByteBuffer.allocate(BLOCK_BYTES);
            fenced.readBlock(FILE, block, read);
            checkPayload(read.array(), stamp, "file=" + FILE + " block=" + block);
        }

        /** The coordinator's namespace and the durable one list {@code entries} applied requests (the recent ones). */
        void checkNamespace(int applied) {
            int entries = Math.min(applied, Namespace.APPLIED_MAX);
            int durable = Namespace.decode(fenced.readNamespace()).applied().size();
            int held = coordinator.namespace().applied().size();
            if (durable != entries || held != entries) {
                throw new IllegalStateException("applied log wrong: durable=" + durable + " coordinator=" + held
                        + " expected=" + entries);
            }
        }

        private void closeParts() {
            RuntimeException first = null;
            for (int i = tcpParts.size() - 1; i >= 0; i--) {
                try {
                    tcpParts.get(i).close();
                } catch (Exception e) {
                    first = first != null ? first : new IllegalStateException("close failed: device="
                            + device.path(), e);
                }
            }
            tcpParts.clear();
            if (first != null) {
                throw first;
            }
        }

        @Override
        public void close() {
            try {
                closeParts();
            } finally {
                device.close();
                try {
                    Files.deleteIfExists(device.path());
                } catch (IOException e) {
                    System.err.println("cannot delete device file: path=" + device.path() + " error=" + e);
                }
            }
        }
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** A loopback port that was free a moment ago (the listener that found it is closed). */
    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    /** One block: the stamp (little-endian) then its low byte repeated. */
    private static byte[] payload(long stamp) {
        ByteBuffer b = ByteBuffer.allocate(BLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(stamp);
        while (b.hasRemaining()) {
            b.put((byte) stamp);
        }
        return b.array();
    }

    private static void checkPayload(byte[] read, long stamp, String where) {
        if (!Arrays.equals(read, payload(stamp))) {
            long found = ByteBuffer.wrap(read).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            throw new IllegalStateException("block wrong: " + where + " expected stamp=" + stamp + " read stamp="
                    + found);
        }
    }

    // ------------------------------------------------------------------ timing and printing

    /** Operations counted with their summed time. */
    private static final class Timed {
        private long count;
        private long nanos;

        void add(long elapsedNanos) {
            count++;
            nanos += elapsedNanos;
        }

        double perSecond() {
            return count / (nanos / 1e9);
        }

        double meanMillis() {
            return nanos / 1e6 / count;
        }
    }

    private record Column(String name, int width, int decimals, String suffix) {
        String format(double value) {
            String text = Double.isNaN(value) ? "-" : String.format("%." + decimals + "f", value) + suffix;
            return String.format("%" + (width + 1) + "s", text);
        }
    }

    /**
     * Rows printed as they come (round "warm" for the warm-up round), then per key (or once, without a key) the
     * median, min and max of every column over the measured rounds.
     */
    private static final class Table {
        private final Column key;
        private final Column[] columns;
        private final Map<Double, List<double[]>> measured = new LinkedHashMap<>();

        Table(Column key, Column... columns) {
            this.key = key;
            this.columns = columns;
            StringBuilder line = new StringBuilder(String.format("  %-6s", "round"));
            if (key != null) {
                line.append(String.format("%" + (key.width() + 1) + "s", key.name()));
            }
            for (Column c : columns) {
                line.append(String.format("%" + (c.width() + 1) + "s", c.name()));
            }
            System.out.println(line);
        }

        void row(int round, Double keyValue, double... values) {
            print(round < 0 ? "warm" : Integer.toString(round + 1), keyValue, values);
            if (round >= 0) {
                measured.computeIfAbsent(keyValue == null ? Double.NaN : keyValue, k -> new ArrayList<>())
                        .add(values);
            }
        }

        void summary() {
            for (var e : measured.entrySet()) {
                Double keyValue = key == null ? null : e.getKey();
                List<double[]> rows = e.getValue();
                double[] median = new double[columns.length];
                double[] min = new double[columns.length];
                double[] max = new double[columns.length];
                for (int c = 0; c < columns.length; c++) {
                    double[] values = new double[rows.size()];
                    for (int r = 0; r < rows.size(); r++) {
                        values[r] = rows.get(r)[c];
                    }
                    median[c] = RecoveryBench.median(values);
                    min[c] = Arrays.stream(values).min().orElse(Double.NaN);
                    max[c] = Arrays.stream(values).max().orElse(Double.NaN);
                }
                print("median", keyValue, median);
                print("min", keyValue, min);
                print("max", keyValue, max);
            }
        }

        private void print(String label, Double keyValue, double[] values) {
            StringBuilder line = new StringBuilder(String.format("  %-6s", label));
            if (key != null) {
                line.append(key.format(keyValue));
            }
            for (int c = 0; c < columns.length; c++) {
                line.append(columns[c].format(values[c]));
            }
            System.out.println(line);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
