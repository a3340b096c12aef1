package txstack.spi.cluster;

/**
 * The cluster a suite asks for: nodes {@code 0..nodes-1} (node 0 the first coordinator) and files {@code
 * 0..files-1} of {@code blocksPerFile} blocks of one sector each; at {@code format} every file exists, empty, its
 * size 0, owned by node {@code firstOwner}, which holds its token.
 */
public record ClusterShape(int nodes, int files, int blocksPerFile, int firstOwner) {
    /** The most nodes a suite asks for. */
    public static final int NODES_MAX = 8;
    /** The most files a suite asks for. */
    public static final int FILES_MAX = 16;

    public ClusterShape {
        if (nodes < 2 || nodes > NODES_MAX || files < 1 || files > FILES_MAX || blocksPerFile < 1
                || firstOwner < 0 || firstOwner >= nodes) {
            throw new IllegalArgumentException("invalid cluster shape: nodes=" + nodes + " (2.." + NODES_MAX
                    + ") files=" + files + " (1.." + FILES_MAX + ") blocksPerFile=" + blocksPerFile + " firstOwner="
                    + firstOwner);
        }
    }
}
