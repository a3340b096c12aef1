package txstack.conformance.explorer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.CrashPoint;

/**
 * Which crash images of one crash point to check: all of them when there are at most {@code enumerateMax}, else
 * {@code samples} of them: every pending write landed, none landed, writes landed in issue order up to each one
 * (what a disk without reordering leaves), then uniformly random choices per sector (tears and reorderings).
 *
 * @param enumerateMax enumerate every image when the crash point has at most this many
 * @param samples      how many images to check otherwise (at least 1)
 */
public record ImagePolicy(long enumerateMax, int samples) {

    public ImagePolicy {
        if (enumerateMax < 1 || samples < 1) {
            throw new IllegalArgumentException("enumerateMax=" + enumerateMax + " samples=" + samples
                    + " must both be at least 1");
        }
    }

    /** The choice vectors to check, deterministic for a given generator state; no duplicates. */
    public List<int[]> choices(CrashPoint point, RandomGenerator random) {
        long count = point.imageCount();
        List<int[]> out = new ArrayList<>();
        if (count <= enumerateMax) {
            for (long rank = 0; rank < count; rank++) {
                out.add(point.choiceOfRank(rank));
            }
            return out;
        }
        Set<List<Integer>> seen = new HashSet<>();
        addNew(out, seen, point.allLanded());
        addNew(out, seen, point.allLost());
        TreeSet<Integer> pendingOps = new TreeSet<>();
        point.sectorChoices().forEach(c -> c.pending().forEach(v -> pendingOps.add(v.opIndex())));
        for (int op : pendingOps) {
            if (out.size() >= Math.max(2, samples / 2)) {
                break;
            }
            addNew(out, seen, point.landedUpTo(op));
        }
        int attempts = 0;
        while (out.size() < samples && attempts++ < samples * 4) {
            addNew(out, seen, point.randomChoice(random));
        }
        return out.size() > samples ? out.subList(0, samples) : out;
    }

    private static void addNew(List<int[]> out, Set<List<Integer>> seen, int[] choice) {
        if (seen.add(Arrays.stream(choice).boxed().toList())) {
            out.add(choice);
        }
    }
}
