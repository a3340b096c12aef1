package txstack.conformance.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.CrashPoint;

/**
 * What a {@link CaseRunner} gets for one workload: the exploration settings turned into choices (which crash points
 * and images to check), seeded generators keyed by where they are used, the shared counters and the limits.
 * Confined to the worker that runs the workload.
 */
public final class CaseContext {
    private final ExplorerOptions options;
    private final long caseSeed;
    private final Stats stats;
    private final Budget budget;
    private final Runnable progress;

    public CaseContext(ExplorerOptions options, long caseSeed, Stats stats, Budget budget) {
        this(options, caseSeed, stats, budget, () -> { });
    }

    /** @param progress prints a progress line if one is due (called often; must be cheap) */
    public CaseContext(ExplorerOptions options, long caseSeed, Stats stats, Budget budget, Runnable progress) {
        this.options = options;
        this.caseSeed = caseSeed;
        this.stats = stats;
        this.budget = budget;
        this.progress = progress;
    }

    public ExplorerOptions options() {
        return options;
    }

    public Mode mode() {
        return options.mode();
    }

    public long caseSeed() {
        return caseSeed;
    }

    public Stats stats() {
        return stats;
    }

    /** True once a limit of the exploration was hit: the runner stops exploring and returns. */
    public boolean exhausted() {
        progress.run();
        return budget.exhausted();
    }

    /** A generator for one purpose, seeded from the workload's seed and {@code keys} (e.g. segment, op index). */
    public RandomGenerator random(long... keys) {
        return Seeds.random(Seeds.derive(caseSeed, keys));
    }

    /** The images of a crash point to check, per {@link ExplorerOptions#images()}. */
    public List<int[]> imageChoices(CrashPoint point, long... keys) {
        return options.images().choices(point, random(keys));
    }

    /** The images of a crash point inside recovery to check, per {@link ExplorerOptions#recoveryImages()}. */
    public List<int[]> recoveryImageChoices(CrashPoint point, long... keys) {
        return options.recoveryImages().choices(point, random(keys));
    }

    /** True if recovery from the {@code imageIndex}-th image of a crash point is itself crashed and redone. */
    public boolean crashDuringRecovery(int imageIndex) {
        return imageIndex < options.recoverySweepsPerPoint();
    }

    /** How many faulted images (unreadable or corrupted sector) to check per crash point. */
    public int faultImagesPerPoint() {
        return options.faultImagesPerPoint();
    }

    /** The crash points of one run segment to check: all, or a seeded sample in order (crashPointsMax). */
    public <T> List<T> sampleCrashPoints(List<T> points, long... keys) {
        int max = options.crashPointsMax();
        if (max == 0 || points.size() <= max) {
            return points;
        }
        RandomGenerator random = random(keys);
        TreeSet<Integer> picked = new TreeSet<>();
        while (picked.size() < max) {
            picked.add(random.nextInt(points.size()));
        }
        List<T> out = new ArrayList<>(max);
        picked.forEach(i -> out.add(points.get(i)));
        return out;
    }
}
