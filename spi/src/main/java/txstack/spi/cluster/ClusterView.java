package txstack.spi.cluster;

import java.util.List;

/**
 * What the shared disk holds of the namespace (CSV-1), as a new coordinator would recover it: the term (raised at
 * every election, also one that has not written the namespace yet), every file, and the ids of the metadata
 * requests applied so far, oldest first (each once).
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
