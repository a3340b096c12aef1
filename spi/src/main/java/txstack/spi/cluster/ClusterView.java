package txstack.spi.cluster;

import java.util.List;

/**
 * What the shared disk holds of the namespace (CSV-1), as a new coordinator would recover it: the term (1 after
 * {@code format}, raised by exactly one at each election, a {@link ClusterSession#failover} or an {@link
 * ClusterEngine#open}, durably before the new coordinator writes anything, so also when it has written nothing yet),
 * every file, and the ids of the metadata requests applied so far, oldest first (each once; those applied while
 * formatting first).
 */
public record ClusterView(long term, List<FileView> files, List<Long> applied) {
    public ClusterView {
        files = List.copyOf(files);
        applied = List.copyOf(applied);
    }

    /** One file of the namespace: whether it exists, its size and its owner node ({@code -1}: none). */
    public record FileView(boolean exists, long sizeBytes, int owner) {
    }
}
