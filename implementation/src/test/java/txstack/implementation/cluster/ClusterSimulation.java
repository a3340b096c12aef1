package txstack.implementation.cluster;

import static txstack.implementation.cluster.ClusterFixture.COORDINATOR;
import static txstack.implementation.cluster.ClusterFixture.payload;
import static txstack.implementation.cluster.ClusterFixture.stamp;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * A seeded random walk of the cluster: writes, flushes, migrations, crashes, failure detection, restarts, wrong
 * suspicions (takebacks from live owners: zombies), late disk writes of crashed nodes, metadata requests, polls, retries and network faults (drop,
 * duplicate, delay, reorder, partition). After every step it checks the spec's invariants against ghosts kept here:
 * nothing acknowledged is lost (NoLostWrite), only the current epoch's owner's writes land (OneWriter,
 * StaleWritesFenced), a request is applied once (AppliedOnce) and an acked request is in the durable namespace
 * (AckedApplied). Metadata ops are RESIZE and CREATE of existing files (a no-op): DELETE is left out of the walk.
 */
final class ClusterSimulation {
    static final int NODES = 4;
    static final int FILES = 3;
    static final int BLOCKS = 4;

    private record LateWrite(int node, int file, long epoch, long block, byte[] data) {
    }

    private final long seed;
    private final ClusterFixture c;
    private final RandomGenerator random;
    /** Latest write acknowledged by the holder of the current token, per file and block (a stamp, 0: none). */
    private final long[][] acked = new long[FILES][BLOCKS];
    /** Latest acknowledged write whose flush the disk accepted. */
    private final long[][] durable = new long[FILES][BLOCKS];
    /** The acked write may be gone: its holder crashed or was fenced with it unflushed. */
    private final boolean[][] lost = new boolean[FILES][BLOCKS];
    private final Map<List<Long>, Integer> ownerOfEpoch = new HashMap<>();
    private final Set<RequestId> acknowledged = new HashSet<>();
    private final Set<Integer> failedUndetected = new HashSet<>();
    private final byte[][][] diskBefore = new byte[FILES][BLOCKS][];
    private final long[] epochBefore = new long[FILES];
    /** Disk writes a node issued just before it crashed: they land (or are refused) at a later step (CSV-7). */
    private final ArrayDeque<LateWrite> lateWrites = new ArrayDeque<>();
    private long nextStamp = 1;
    private int lateWritesRefused;
    /** What the walk reached, so a test can check it reaches the interesting cases at all. */
    private int zombieFlushesRefused;
    private int migrations;
    private int takebacks;
    private String unexpected;

    ClusterSimulation(long seed, ClusterFault fault) {
        this.seed = seed;
        this.c = new ClusterFixture(seed, NODES, FILES, BLOCKS, fault);
        this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed ^ 0x5DEECE66DL);
    }

    /** Runs {@code steps} steps; the first broken invariant, with seed, step and action, if any. */
    Optional<String> run(int steps) {
        for (int f = 0; f < FILES; f++) {
            c.createOwnedBy(f, 1 + f % (NODES - 1));
        }
        recordOwners();
        for (int step = 0; step < steps; step++) {
            snapshot();
            String action = act(random.nextInt(100));
            recordOwners();
            Optional<String> broken = check();
            if (broken.isPresent()) {
                return Optional.of("seed=" + seed + " step=" + step + " action=" + action + ": " + broken.get());
            }
        }
        return Optional.empty();
    }

    /** Counts of what the walk reached: zombie flushes refused, migrations, takebacks, acks, late writes refused. */
    List<Integer> reached() {
        return List.of(zombieFlushesRefused, migrations, takebacks, acknowledged.size(), lateWritesRefused);
    }

    private String act(int dice) {
        if (dice < 30) {
            return write();
        } else if (dice < 45) {
            return flush();
        } else if (dice < 55) {
            return migrate();
        } else if (dice < 60) {
            return crash();
        } else if (dice < 65) {
            return detect();
        } else if (dice < 68) {
            return restart();
        } else if (dice < 71) {
            return suspect();
        } else if (dice < 73) {
            return landLateWrite();
        } else if (dice < 90) {
            return metadata(dice);
        }
        return network(dice);
    }

    private String write() {
        Node n = randomUpNode();
        int f = random.nextInt(FILES);
        int b = random.nextInt(BLOCKS);
        if (n.epochOf(f) == 0 || n.isStopped(f)) {
            return "write skipped";
        }
        long stamp = nextStamp++;
        n.write(f, b, payload(stamp, n.id(), n.epochOf(f)));
        if (holds(n, f)) {
            acked[f][b] = stamp;
            lost[f][b] = false;
        }
        return "write node=" + n.id() + " file=" + f + " block=" + b + " stamp=" + stamp;
    }

    private String flush() {
        Node n = randomUpNode();
        int f = random.nextInt(FILES);
        List<Long> dirty = n.dirtyBlockList(f);
        boolean current = holds(n, f);
        try {
            n.flush(f);
            if (current) {
                dirty.forEach(b -> durable[f][b.intValue()] = acked[f][b.intValue()]);
            }
        } catch (FencedWriteException e) {
            zombieFlushesRefused++;
            if (current) {
                unexpected = "the current holder's flush was refused: " + e.getMessage();
            }
        }
        return "flush node=" + n.id() + " file=" + f + " current=" + current;
    }

    private String migrate() {
        int f = random.nextInt(FILES);
        Node source = c.node(c.coordinator.namespace().file(f).owner());
        Node target = randomUpNode();
        if (target == source) {
            return "migrate skipped";
        }
        List<Long> dirty = source.isUp() && holds(source, f) ? source.dirtyBlockList(f) : List.of();
        c.coordinator.migrate(f, source, target);
        migrations++;
        dirty.forEach(b -> durable[f][b.intValue()] = acked[f][b.intValue()]); // CSV-5: flushed first
        return "migrate file=" + f + " from=" + source.id() + " to=" + target.id();
    }

    private String crash() {
        Node n = c.node(1 + random.nextInt(NODES - 1));
        if (!n.isUp()) {
            return "crash skipped";
        }
        markDirtyLost(n, f -> true);
        captureLateWrite(n);
        n.crash();
        failedUndetected.add(n.id());
        return "crash node=" + n.id();
    }

    private String detect() {
        if (failedUndetected.isEmpty()) {
            return "detect skipped";
        }
        int n = failedUndetected.stream().sorted().findFirst().orElseThrow();
        failedUndetected.remove(n);
        markDirtyLost(c.node(n), f -> true); // restarted and granted files since: a wrong suspicion now
        return "nodeFailed node=" + n + " files=" + c.coordinator.nodeFailed(n);
    }

    /** The crashing node's flush of one dirty block was in flight: it is still in the disk's queue. */
    private void captureLateWrite(Node n) {
        for (int f = 0; f < FILES; f++) {
            List<Long> dirty = n.dirtyBlockList(f);
            if (!dirty.isEmpty() && random.nextBoolean()) {
                long b = dirty.get(random.nextInt(dirty.size()));
                lateWrites.add(new LateWrite(n.id(), f, n.epochOf(f), b, n.read(f, b)));
                return;
            }
        }
    }

    /** A dead node's write lands late: refused if its file was fenced since (CSV-6, CSV-7). */
    private String landLateWrite() {
        LateWrite w = lateWrites.poll();
        if (w == null) {
            return "late write skipped";
        }
        try {
            c.disk.writeBlock(w.file(), w.epoch(), w.block(), ByteBuffer.wrap(w.data()));
            return "late write landed " + w;
        } catch (FencedWriteException e) {
            lateWritesRefused++;
            return "late write refused " + w;
        }
    }

    private String restart() {
        Node n = c.node(1 + random.nextInt(NODES - 1));
        if (n.isUp()) {
            return "restart skipped";
        }
        n.restart();
        return "restart node=" + n.id();
    }

    /** A wrong suspicion: the coordinator takes a file back from a live owner, which becomes a zombie. */
    private String suspect() {
        int f = random.nextInt(FILES);
        Node owner = c.node(c.coordinator.namespace().file(f).owner());
        if (owner.id() == COORDINATOR || !owner.isUp()) {
            return "takeback skipped";
        }
        markDirtyLost(owner, file -> file == f);
        c.coordinator.takeback(f);
        takebacks++;
        return "takeback file=" + f + " from=" + owner.id();
    }

    private String metadata(int dice) {
        if (dice < 76) {
            Node n = c.node(1 + random.nextInt(NODES - 1));
            if (!n.isUp() || n.pending().size() >= Node.PENDING_MAX) {
                return "request skipped";
            }
            boolean resize = random.nextBoolean();
            long size = resize ? random.nextLong(BLOCKS * ClusterFixture.SECTOR_BYTES + 1) : 0;
            RequestId id = n.requestMeta(resize ? MetaOp.RESIZE : MetaOp.CREATE, random.nextInt(FILES), size);
            return "request " + id;
        } else if (dice < 81) {
            return "coordinator polled=" + c.coordinator.poll();
        } else if (dice < 87) {
            return pollNode();
        }
        Node n = randomUpNode();
        n.retry();
        return "retry node=" + n.id();
    }

    private String pollNode() {
        Node n = randomUpNode();
        List<RequestId> waiting = n.pending();
        int count = n.poll();
        waiting.stream().filter(n::isAcknowledged).forEach(acknowledged::add);
        return "poll node=" + n.id() + " received=" + count;
    }

    private String network(int dice) {
        SimulatedNetwork net = c.network;
        return switch (dice % 7) {
            case 0 -> "drop " + net.dropRandom();
            case 1 -> "duplicate " + net.duplicateRandom();
            case 2 -> "delay " + net.delayRandom(5);
            case 3 -> {
                net.reorder();
                yield "reorder";
            }
            case 4 -> {
                net.tick(1 + random.nextInt(3));
                yield "tick";
            }
            case 5 -> {
                int a = random.nextInt(NODES);
                int b = random.nextInt(NODES);
                net.partition(a, b);
                yield "partition " + a + "-" + b;
            }
            default -> {
                net.healAll();
                yield "heal";
            }
        };
    }

    private void markDirtyLost(Node n, IntPredicate files) {
        for (int f = 0; f < FILES; f++) {
            if (files.test(f) && holds(n, f)) {
                for (long b : n.dirtyBlockList(f)) {
                    lost[f][(int) b] = true;
                }
            }
        }
    }

    private boolean holds(Node n, int f) {
        return n.isUp() && n.epochOf(f) != 0 && n.epochOf(f) == c.disk.epoch(f);
    }

    private Node randomUpNode() {
        for (int tries = 0; tries < 4 * NODES; tries++) {
            Node n = c.node(random.nextInt(NODES));
            if (n.isUp()) {
                return n;
            }
        }
        return c.node(COORDINATOR); // never crashes: failover is not in this slice
    }

    private void snapshot() {
        for (int f = 0; f < FILES; f++) {
            epochBefore[f] = c.disk.epoch(f);
            for (int b = 0; b < BLOCKS; b++) {
                diskBefore[f][b] = c.onDisk(f, b);
            }
        }
        unexpected = null;
    }

    private void recordOwners() {
        Namespace ns = c.coordinator.namespace();
        for (int f = 0; f < FILES; f++) {
            ownerOfEpoch.putIfAbsent(List.of((long) f, ns.file(f).epoch()), ns.file(f).owner());
        }
    }

    private Optional<String> check() {
        if (unexpected != null) {
            return Optional.of(unexpected);
        }
        Namespace durableNs = c.durableNamespace();
        List<RequestId> applied = durableNs.applied();
        if (new HashSet<>(applied).size() != applied.size()) {
            return Optional.of("AppliedOnce: a request is in the applied log twice: " + applied);
        }
        for (RequestId id : acknowledged) {
            if (!applied.contains(id)) {
                return Optional.of("AckedApplied: acked but not in the durable namespace: id=" + id);
            }
        }
        for (int f = 0; f < FILES; f++) {
            for (int b = 0; b < BLOCKS; b++) {
                Optional<String> broken = checkLanded(f, b);
                if (broken.isEmpty()) {
                    broken = checkView(f, b);
                }
                if (broken.isPresent()) {
                    return broken;
                }
            }
        }
        return Optional.empty();
    }

    /** OneWriter, StaleWritesFenced: a block that changed carries a write of its epoch's owner, not older. */
    private Optional<String> checkLanded(int f, int b) {
        byte[] now = c.onDisk(f, b);
        if (Arrays.equals(now, diskBefore[f][b])) {
            return Optional.empty();
        }
        long epoch = ClusterFixture.writerEpoch(now);
        int writer = ClusterFixture.writer(now);
        Integer owner = ownerOfEpoch.get(List.of((long) f, epoch));
        if (epoch < epochBefore[f] || owner == null || owner != writer) {
            return Optional.of("a stale write landed: file=" + f + " block=" + b + " writer=" + writer
                    + " writerEpoch=" + epoch + " epochAtStepStart=" + epochBefore[f] + " ownerOfThatEpoch=" + owner);
        }
        if (stamp(now) > acked[f][b]) {
            return Optional.of("an unacknowledged write landed: file=" + f + " block=" + b + " stamp=" + stamp(now)
                    + " acked=" + acked[f][b]);
        }
        return Optional.empty();
    }

    /** NoLostWrite: a reader sees the acked write, or if it was lost, something between the durable and it. */
    private Optional<String> checkView(int f, int b) {
        int ownerId = c.coordinator.namespace().file(f).owner();
        Node owner = c.node(ownerId);
        boolean cached = holds(owner, f) && owner.dirtyBlockList(f).contains((long) b);
        long view = stamp(cached ? owner.read(f, b) : c.onDisk(f, b));
        boolean ok = lost[f][b] ? durable[f][b] <= view && view <= acked[f][b] : view == acked[f][b];
        if (!ok) {
            return Optional.of("an acknowledged write is lost: file=" + f + " block=" + b + " view=" + view
                    + " acked=" + acked[f][b] + " durable=" + durable[f][b] + " lost=" + lost[f][b]);
        }
        return Optional.empty();
    }
}
