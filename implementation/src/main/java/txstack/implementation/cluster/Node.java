package txstack.implementation.cluster;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * A cluster node (CSV-2, CSV-3, CSV-7): it holds tokens (file, epoch) for the files it owns, takes writes to them
 * into its write-back cache (a write is acknowledged when it returns) and flushes them straight to the {@link
 * FencedDisk} tagged with its epoch. If the disk refuses a flush, the node learns it was fenced: it drops the
 * file's token and dirty data. Metadata changes go to the coordinator as {@link Message.MetaRequest}s over the
 * {@link Transport}; the node keeps them pending until acked and sends them again on {@link #retry()}.
 *
 * <p>Memory (tokens, cache, pending requests, answers) is lost by {@link #crash()}; the incarnation is the node's
 * boot count, kept on the shared disk ({@link SharedDisk#registerBoot}), so request ids are never reused. Not thread-safe: a node runs on
 * one thread, or its caller serializes calls.
 */
public final class Node implements NodeControl {
    /** Bound on dirty blocks in one node's cache. */
    public static final int DIRTY_BLOCKS_MAX = 1024;
    /** The most consecutive dirty blocks one write of a flush carries. */
    public static final int FLUSH_RUN_BLOCKS = 128;
    /** Bound on metadata requests sent and not yet acknowledged. */
    public static final int PENDING_MAX = 64;
    /** Bound on acknowledged request ids a node remembers. */
    public static final int ANSWERS_MAX = Namespace.APPLIED_MAX;

    private final int id;
    private final SharedDisk disk;
    private final Transport transport;
    private final ClusterFault fault;
    private int coordinatorId;
    private final Map<Integer, Long> tokens = new HashMap<>();
    private final Map<Integer, TreeMap<Long, byte[]>> dirty = new HashMap<>();
    private final Set<Integer> stopped = new HashSet<>();
    private final Map<RequestId, Message.MetaRequest> pending = new LinkedHashMap<>();
    private final SequencedSet<RequestId> answered = new LinkedHashSet<>();
    private int incarnation;
    private long nextSeq;
    private boolean up = true;

    public Node(int id, int coordinatorId, SharedDisk disk, Transport transport) {
        this(id, coordinatorId, disk, transport, ClusterFault.CORRECT);
    }

    Node(int id, int coordinatorId, SharedDisk disk, Transport transport, ClusterFault fault) {
        if (id < 0 || id > RequestId.NODE_MAX || coordinatorId < 0 || coordinatorId > RequestId.NODE_MAX) {
            throw new IllegalArgumentException("invalid node id: id=" + id + " coordinatorId=" + coordinatorId);
        }
        this.id = id;
        this.coordinatorId = coordinatorId;
        this.disk = disk;
        this.transport = transport;
        this.fault = fault;
        this.incarnation = bootCount(disk.registerBoot(id));
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public boolean isUp() {
        return up;
    }

    /** The epoch of the token this node holds for {@code file}, 0 if none. It may be stale (a zombie's). */
    public long epochOf(int file) {
        return tokens.getOrDefault(file, 0L);
    }

    public boolean isStopped(int file) {
        return stopped.contains(file);
    }

    /** The number of dirty (acknowledged, unflushed) blocks of {@code file} in this node's cache. */
    public int dirtyBlocks(int file) {
        TreeMap<Long, byte[]> blocks = dirty.get(file);
        return blocks == null ? 0 : blocks.size();
    }

    /** The dirty blocks of {@code file}, lowest first. */
    public List<Long> dirtyBlockList(int file) {
        TreeMap<Long, byte[]> blocks = dirty.get(file);
        return blocks == null ? List.of() : List.copyOf(blocks.keySet());
    }

    /** CSV-2: takes a write of one block into the cache; acknowledged when this returns (write-back). */
    public void write(int file, long block, byte[] data) {
        checkUp();
        if (!tokens.containsKey(file) || stopped.contains(file)) {
            throw new NotOwnerException("no token or writes stopped: node=" + id + " file=" + file + " epoch="
                    + epochOf(file) + " stopped=" + stopped.contains(file));
        }
        if (data.length != disk.blockSizeBytes() || block < 0 || block >= disk.sectorsPerFile()) {
            throw new IllegalArgumentException("invalid block write: file=" + file + " block=" + block
                    + " lengthBytes=" + data.length + " blockSizeBytes=" + disk.blockSizeBytes());
        }
        TreeMap<Long, byte[]> blocks = dirty.computeIfAbsent(file, f -> new TreeMap<>());
        if (!blocks.containsKey(block) && dirtyBlockCount() >= DIRTY_BLOCKS_MAX) {
            throw new ClusterLimitException("cache full: node=" + id + " dirtyBlocks=" + DIRTY_BLOCKS_MAX);
        }
        blocks.put(block, data.clone());
    }

    /** Reads one block: this node's dirty copy if it holds one, else the disk's. */
    public byte[] read(int file, long block) {
        checkUp();
        TreeMap<Long, byte[]> blocks = dirty.get(file);
        if (blocks != null && blocks.containsKey(block)) {
            return blocks.get(block).clone();
        }
        ByteBuffer dst = ByteBuffer.allocate(disk.blockSizeBytes());
        disk.readBlock(file, block, dst);
        return dst.array();
    }

    /**
     * CSV-2, CSV-6: writes the file's dirty blocks to the disk with this node's epoch, lowest block first, one
     * forced write per run of consecutive blocks; a run is clean once the disk accepted it. A refusal means the node was fenced: it forgets the file (token and dirty
     * data) and the {@link FencedWriteException} propagates.
     */
    public void flush(int file) {
        checkUp();
        TreeMap<Long, byte[]> blocks = dirty.get(file);
        if (blocks == null || blocks.isEmpty()) {
            return;
        }
        long epoch = epochOf(file);
        int blockBytes = disk.blockSizeBytes();
        try {
            while (!blocks.isEmpty()) {
                // One forced write per run of consecutive dirty blocks (at most FLUSH_RUN_BLOCKS), lowest first.
                long first = blocks.firstKey();
                int run = 1;
                while (run < FLUSH_RUN_BLOCKS && blocks.containsKey(first + run)) {
                    run++;
                }
                ByteBuffer src = ByteBuffer.allocate(run * blockBytes);
                for (int i = 0; i < run; i++) {
                    src.put(blocks.get(first + i));
                }
                disk.writeBlocks(file, epoch, first, src.flip());
                for (int i = 0; i < run; i++) {
                    blocks.remove(first + i);
                }
            }
        } catch (FencedWriteException fenced) {
            forget(file);
            if (fault != ClusterFault.ACK_REFUSED_WRITE) {
                throw fenced;
            }
        }
    }

    /** Flushes every file this node has dirty data of. */
    public void flushAll() {
        for (int file : new ArrayList<>(dirty.keySet())) {
            flush(file);
        }
    }

    /** CSV-3: sends a metadata request to the coordinator; it stays pending until acked. */
    public RequestId requestMeta(MetaOp op, int file, long sizeBytes) {
        checkUp();
        if (pending.size() >= PENDING_MAX) {
            throw new ClusterLimitException("too many pending requests: node=" + id + " max=" + PENDING_MAX);
        }
        RequestId rid = nextRequestId();
        Message.MetaRequest request = new Message.MetaRequest(rid, id, coordinatorId, op, file, sizeBytes);
        pending.put(rid, request);
        transport.send(request);
        return rid;
    }

    /** Receives every message that arrived; returns how many. An ack of no pending request is ignored. */
    public int poll() {
        checkUp();
        int count = 0;
        for (var m = transport.receive(id); m.isPresent(); m = transport.receive(id)) {
            count++;
            accept(m.get());
        }
        return count;
    }

    /**
     * Takes one message that arrived for this node: an ack of a pending request settles it; anything else (an ack of
     * no pending request, a request: this node does not coordinate) is ignored. Returns true if it settled one.
     */
    public boolean accept(Message message) {
        checkUp();
        if (message instanceof Message.MetaAck ack && message.to() == id && pending.remove(ack.id()) != null) {
            if (answered.size() >= ANSWERS_MAX) {
                answered.removeFirst();
            }
            answered.add(ack.id());
            return true;
        }
        return false;
    }

    /** Sends every pending request again, to the coordinator this node knows now. */
    public void retry() {
        checkUp();
        for (Message.MetaRequest r : pending.values()) {
            transport.send(new Message.MetaRequest(r.id(), id, coordinatorId, r.op(), r.file(), r.sizeBytes()));
        }
    }

    /** CSV-7: another node coordinates now; pending and later requests go to it. */
    public void followCoordinator(int coordinator) {
        if (coordinator < 0 || coordinator > RequestId.NODE_MAX) {
            throw new IllegalArgumentException("invalid coordinator id: coordinator=" + coordinator);
        }
        coordinatorId = coordinator;
    }

    /** The coordinator this node sends its requests to. */
    public int coordinatorId() {
        return coordinatorId;
    }

    /** A request id never used before by any incarnation of this node (CSV-3). */
    RequestId nextRequestId() {
        if (nextSeq > RequestId.SEQ_MAX) {
            throw new ClusterLimitException("too many requests in one incarnation: node=" + id + " max="
                    + RequestId.SEQ_MAX);
        }
        return new RequestId(id, incarnation, nextSeq++);
    }

    /** True once the coordinator acknowledged {@code request} to this incarnation. */
    public boolean isAcknowledged(RequestId request) {
        return answered.contains(request);
    }

    public List<RequestId> pending() {
        return List.copyOf(pending.keySet());
    }

    /** CSV-7: the node fails; it loses its memory (tokens, cache, requests), nothing on the disk. */
    public void crash() {
        checkUp();
        up = false;
        tokens.clear();
        dirty.clear();
        stopped.clear();
        pending.clear();
        answered.clear();
    }

    /** The node comes back with an empty memory and no tokens, in a new incarnation (its boot count on the disk). */
    public void restart() {
        if (up) {
            throw new IllegalStateException("node is up: node=" + id);
        }
        incarnation = bootCount(disk.registerBoot(id));
        nextSeq = 0;
        up = true;
    }

    private static int bootCount(long boots) {
        if (boots < 0 || boots > RequestId.INCARNATION_MAX) {
            throw new ClusterLimitException("boot count out of range: boots=" + boots + " max="
                    + RequestId.INCARNATION_MAX);
        }
        return (int) boots;
    }

    // ------------------------------------------------------------ the coordinator's calls (CSV-4, CSV-5, CSV-7)

    @Override
    public void stopWrites(int file) {
        checkUp();
        stopped.add(file);
    }

    @Override
    public void resumeWrites(int file) {
        checkUp();
        stopped.remove(file);
    }

    @Override
    public void release(int file) {
        checkUp();
        if (fault != ClusterFault.MIGRATE_WITHOUT_FLUSH) {
            flush(file);
        }
        forget(file);
    }

    @Override
    public void grant(int file, long epoch) {
        checkUp();
        forget(file);
        tokens.put(file, epoch);
    }

    private void forget(int file) {
        tokens.remove(file);
        dirty.remove(file);
        stopped.remove(file);
    }

    private int dirtyBlockCount() {
        return dirty.values().stream().mapToInt(TreeMap::size).sum();
    }

    private void checkUp() {
        if (!up) {
            throw new NodeDownException("node is down: node=" + id);
        }
    }
}
