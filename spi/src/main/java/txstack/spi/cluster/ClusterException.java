package txstack.spi.cluster;

import java.util.Objects;

/** A call of the cluster contract failed with one of its error kinds. */
public class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The contract's error kinds. */
    public enum Kind {
        /** The node is down. */
        NODE_DOWN,
        /** The node holds no token for the file, or the file's writes are stopped for a migration. */
        NOT_OWNER,
        /**
         * The shared disk refused the write: a flush with an epoch that is no longer the file's (the node has given
         * the file up), or a coordinator's write in a term that is no longer the namespace's (it no longer
         * coordinates).
         */
        FENCED,
        /** A bound of the engine was reached (e.g. too many requests); nothing changed. */
        LIMIT
    }

    private final Kind kind;

    public ClusterException(Kind kind, String message) {
        super(Objects.requireNonNull(kind, "kind") + ": " + message);
        this.kind = kind;
    }

    public ClusterException(Kind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(kind, "kind") + ": " + message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
