package txstack.implementation.cluster;

/**
 * What the coordinator asks of a node to move a file's ownership (CSV-4, CSV-5, CSV-7): stop taking writes,
 * release (flush the dirty data, then give up the token), resume after an abandoned migration, take a token.
 * {@link Node} answers in the same process; a network binding sends each call as a message and waits for the
 * reply. A call on a node that is down or unreachable throws {@link NodeDownException}.
 */
public interface NodeControl {
    int id();

    /** What the caller believes: false once the node is known to be down. */
    boolean isUp();

    /** Migration starts: the node takes no more writes of {@code file}. */
    void stopWrites(int file);

    /** The migration was abandoned: writes of {@code file} resume. */
    void resumeWrites(int file);

    /**
     * CSV-5: flushes the file's dirty data, then gives up the token. A {@link FencedWriteException} means the node
     * had been fenced already; it has given up the file all the same.
     */
    void release(int file);

    /** Takes the token of {@code epoch} for {@code file}; whatever the node kept of an older epoch is dropped. */
    void grant(int file, long epoch);
}
