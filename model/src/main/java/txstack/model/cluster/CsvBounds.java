package txstack.model.cluster;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import txstack.model.ModelException;

/**
 * The constants of {@code CsvOwnership.tla}: nodes and files (names), the first coordinator and the first owner of
 * every file, the metadata operations, the bounds the spec guards its actions with, and the bugs switched on (none in
 * every model expected to pass). The factories are the spec's CI models ({@code MCCsv*.cfg}), bugs off.
 */
public record CsvBounds(List<String> nodes, List<String> files, String coord0, String owner0, Set<String> metaOps,
                        int maxCrashes, int maxWrites, int maxEpoch, int maxReqs, int maxTerms,
                        Set<CsvBug> bugs) {

    /** The spec's NoNode: no migration target. */
    public static final String NO_NODE = "NoNode";

    public static final int NODES_MAX = 8;
    public static final int FILES_MAX = 8;
    /** The largest value any bound may take: the state space of a bounded spec, not a performance knob. */
    public static final int BOUND_MAX = 64;

    private static final Set<String> META_OPS = Set.of("create", "delete", "resize", "touch");

    public CsvBounds {
        nodes = List.copyOf(nodes);
        files = List.copyOf(files);
        metaOps = Set.copyOf(new TreeSet<>(metaOps));
        bugs = Set.copyOf(bugs);
        String at = "nodes=" + nodes + " files=" + files + " coord0=" + coord0 + " owner0=" + owner0 + " metaOps="
                + metaOps;
        ModelException.require(!nodes.isEmpty() && nodes.size() <= NODES_MAX
                && Set.copyOf(nodes).size() == nodes.size(), "nodes: one to " + NODES_MAX + " distinct names: " + at);
        ModelException.require(!files.isEmpty() && files.size() <= FILES_MAX
                && Set.copyOf(files).size() == files.size(), "files: one to " + FILES_MAX + " distinct names: " + at);
        ModelException.require(nodes.contains(coord0) && nodes.contains(owner0) && !nodes.contains(NO_NODE),
                "coord0 and owner0 are nodes, NoNode is not: " + at);
        ModelException.require(!metaOps.isEmpty() && META_OPS.containsAll(metaOps),
                "metaOps: a non-empty subset of " + META_OPS + ": " + at);
        for (int bound : List.of(maxCrashes, maxWrites, maxEpoch, maxReqs, maxTerms)) {
            ModelException.require(bound >= 0 && bound <= BOUND_MAX, "bound out of range: max=" + BOUND_MAX
                    + " maxCrashes=" + maxCrashes + " maxWrites=" + maxWrites + " maxEpoch=" + maxEpoch + " maxReqs="
                    + maxReqs + " maxTerms=" + maxTerms);
        }
        ModelException.require(maxEpoch >= 1 && maxTerms >= 1, "maxEpoch and maxTerms are at least 1: maxEpoch="
                + maxEpoch + " maxTerms=" + maxTerms);
    }

    /** The same constants with {@code bug} switched on (and no other). */
    public CsvBounds withBug(CsvBug bug) {
        return new CsvBounds(nodes, files, coord0, owner0, metaOps, maxCrashes, maxWrites, maxEpoch, maxReqs, maxTerms,
                Set.of(bug));
    }

    /** The bug is switched on. */
    public boolean has(CsvBug bug) {
        return bugs.contains(bug);
    }

    /** MCCsv: the data path: three nodes, a VM of two files on n2, one crash, epochs up to 2, no metadata. */
    public static CsvBounds data() {
        return new CsvBounds(List.of("n1", "n2", "n3"), List.of("f1", "f2"), "n1", "n2", Set.of("resize"), 1, 1, 2,
                0, 1, Set.of());
    }

    /** MCCsvMeta: metadata: two nodes, two requests over the lossy network, one crash, two terms, no data. */
    public static CsvBounds meta() {
        return new CsvBounds(List.of("n1", "n2"), List.of("f1"), "n1", "n2", Set.of("resize"), 1, 0, 1, 2, 2, Set.of());
    }

    /** MCCsvMixed: data and metadata together on two nodes, two epochs and two terms, no crash. */
    public static CsvBounds mixed() {
        return new CsvBounds(List.of("n1", "n2"), List.of("f1"), "n1", "n2", Set.of("resize"), 0, 1, 2, 1, 2, Set.of());
    }

    /** MCCsvLarge: data and metadata on two nodes, one crash, two writes, epoch 3, a request, two terms. */
    public static CsvBounds large() {
        return new CsvBounds(List.of("n1", "n2"), List.of("f1"), "n1", "n2", Set.of("resize"), 1, 2, 3, 1, 2, Set.of());
    }

    /** Beyond the CI models, for random walks: three nodes, two files, everything at once, bounds a little higher. */
    public static CsvBounds walks() {
        return new CsvBounds(List.of("n1", "n2", "n3"), List.of("f1", "f2"), "n1", "n2", Set.of("resize", "touch"),
                2, 3, 4, 4, 3, Set.of());
    }
}
