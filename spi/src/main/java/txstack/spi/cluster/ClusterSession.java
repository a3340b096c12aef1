package txstack.spi.cluster;

import java.util.List;

/**
 * A running cluster (CSV-1..7). Nodes are numbered from 0, files too; a block is one sector of the shared disk. A
 * call that the contract lets fail throws {@link ClusterException} of the kind named, having changed nothing
 * else; a call that is the caller's mistake (a node or file out of range, a migration the coordinator could not
 * start) throws {@link IllegalArgumentException}. Calls come from one thread.
 */
public interface ClusterSession extends AutoCloseable {

    // ---- the data path (CSV-2, CSV-6) ----

    /**
     * Node {@code node} takes a write of one block of {@code file} into its cache; acknowledged when this returns.
     * {@link ClusterException.Kind#NOT_OWNER} if the node holds no token for the file (a node that lost its token
     * without knowing still takes the write) or the file's writes are stopped.
     */
    void write(int node, int file, long block, byte[] data);

    /**
     * Node {@code node} writes the file's dirty blocks to the shared disk with its token; nothing to do if none.
     * {@link ClusterException.Kind#FENCED} if the disk refused them: the node gives the file up (token and data).
     */
    void flush(int node, int file);

    /** What the shared disk holds in one block of {@code file} (zeros if never written). */
    byte[] readDisk(int file, long block);

    // ---- metadata (CSV-1, CSV-3) ----

    /**
     * Node {@code node} changes {@code file}'s size: a node that believes it coordinates applies it to the namespace
     * at once, durably ({@link ClusterException.Kind#FENCED} if the disk refuses its term: it coordinates no
     * longer); any other node sends the request to the coordinator it knows and keeps it pending until
     * acknowledged: exactly one {@link ClusterMessage.Kind#REQUEST} message, sent before this returns. Returns the
     * request's id, unique for the life of the shared disk. A size beyond the file's blocks is applied as no change.
     */
    long requestResize(int node, int file, long sizeBytes);

    /**
     * The network delivers {@code message} (one the engine sent) to {@code message.to()}, which handles it before
     * this returns. A request: if the node believes it coordinates, it applies the request durably unless it was
     * applied before, then sends one {@link ClusterMessage.Kind#ACK} to the sender; if the disk refuses its term, it
     * sends nothing and no longer believes it coordinates. It may also ignore (apply nothing, send nothing) a
     * request whose sender has crashed since it sent it: nobody waits for it. A node that is down, or does not
     * coordinate, ignores a request. An ack settles the request pending at its node; an ack of nothing pending is ignored. Handling a
     * message sends nothing else.
     */
    void deliver(ClusterMessage message);

    /** Node {@code node} sends every pending request again, to the coordinator it knows now. */
    void retry(int node);

    /** The ids of the requests node {@code node} has pending (sent, not acknowledged), oldest first. */
    List<Long> pending(int node);

    // ---- ownership (CSV-4, CSV-5, CSV-7) ----

    /**
     * The coordinator moves every file node {@code source} owns to node {@code target}, lowest file first: the
     * source stops writing it, flushes its dirty data and gives up its token, the coordinator fences the file for
     * the target and records the new owner durably, then grants the target its token. The namespace stays with the
     * coordinator.
     */
    void migrate(int source, int target);

    /**
     * The coordinator takes {@code file} back from its owner (failed, or only suspected): it fences the file for
     * itself and takes the token. A live old owner learns it when the disk refuses its next flush.
     */
    void takeBack(int file);

    // ---- failures (CSV-7) ----

    /** Node {@code node} fails: its memory (tokens, cache, pending requests, the belief that it coordinates) is lost. */
    void crash(int node);

    /** Node {@code node} boots again with an empty memory. */
    void restart(int node);

    /**
     * Node {@code node} becomes the coordinator of a new term (the old one failed, or is only suspected and may
     * still believe it coordinates): it raises the term on the shared disk, recovers the namespace and writes it
     * back; every node sends its requests to it from now on.
     */
    void failover(int node);

    // ---- what the suite reads back ----

    /** The node elected last (it may not know yet that the disk refused it). */
    int coordinator();

    /** True if node {@code node} is up. */
    boolean isUp(int node);

    /** True if node {@code node} is up and believes it coordinates (elected, and no write of it refused yet). */
    boolean believesItCoordinates(int node);

    /** The namespace as the shared disk holds it. */
    ClusterView view();

    /** Stops every node cleanly. */
    @Override
    void close();
}
