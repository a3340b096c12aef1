package txstack.conformance.explorer;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Everything that steers an exploration. Every field has a limit; {@link #defaults(Mode)} finishes in about a
 * minute on two cores.
 *
 * @param mode                   exhaustive (short workloads, every crash point) or random (long ones, sampled)
 * @param seed                   the run's seed; workload {@code k} is seeded with {@link Seeds#caseSeed(long, int)}
 * @param workloads              how many workloads to run
 * @param onlyWorkload           run only this workload index (a replay), if present
 * @param stepsMax               steps per workload
 * @param timeLimit              wall-clock limit of the whole exploration (shrinking has its own)
 * @param crashStatesMax         limit on crash states checked
 * @param jobs                   worker threads (results do not depend on it, only the speed)
 * @param images                 which images of a crash point to check
 * @param crashPointsMax         crash points checked per run segment; 0 checks every one
 * @param recoverySweepsPerPoint for how many images of each crash point recovery is also crashed at each of its
 *                               writes and flushes (then recovered again); 0 for none
 * @param recoveryImages         which images of a crash point inside recovery to check
 * @param faultImagesPerPoint    images per crash point with an injected fault (unreadable or corrupted sector)
 * @param shrinkRunsMax          limit on runs while shrinking a failure
 * @param shrinkTimeLimit        limit on time while shrinking a failure
 * @param progressInterval       how often a progress line is printed
 */
public record ExplorerOptions(Mode mode, long seed, int workloads, OptionalInt onlyWorkload, int stepsMax,
                              Duration timeLimit, long crashStatesMax, int jobs, ImagePolicy images,
                              int crashPointsMax, int recoverySweepsPerPoint, ImagePolicy recoveryImages,
                              int faultImagesPerPoint, int shrinkRunsMax, Duration shrinkTimeLimit,
                              Duration progressInterval) {
    public static final int WORKLOADS_MAX = 10_000_000;
    public static final int STEPS_MAX = 10_000;
    public static final int JOBS_MAX = 256;

    public ExplorerOptions {
        require(workloads >= 1 && workloads <= WORKLOADS_MAX, "workloads=" + workloads + " must be in 1.."
                + WORKLOADS_MAX);
        require(onlyWorkload.isEmpty() || onlyWorkload.getAsInt() >= 0, "workload=" + onlyWorkload
                + " must not be negative");
        require(stepsMax >= 1 && stepsMax <= STEPS_MAX, "steps=" + stepsMax + " must be in 1.." + STEPS_MAX);
        require(timeLimit.toMillis() > 0, "timeLimit=" + timeLimit + " must be positive");
        require(crashStatesMax > 0, "crashStatesMax=" + crashStatesMax + " must be positive");
        require(jobs >= 1 && jobs <= JOBS_MAX, "jobs=" + jobs + " must be in 1.." + JOBS_MAX);
        require(crashPointsMax >= 0 && recoverySweepsPerPoint >= 0 && faultImagesPerPoint >= 0,
                "crashPointsMax, recoverySweepsPerPoint and faultImagesPerPoint must not be negative");
        require(shrinkRunsMax >= 0 && !shrinkTimeLimit.isNegative() && progressInterval.toMillis() > 0,
                "shrinkRunsMax=" + shrinkRunsMax + " shrinkTimeLimit=" + shrinkTimeLimit + " progressInterval="
                        + progressInterval);
    }

    /** Settings that finish in about a minute. */
    public static ExplorerOptions defaults(Mode mode) {
        return switch (mode) {
            case EXHAUSTIVE -> new ExplorerOptions(mode, 1, 600, OptionalInt.empty(), 12, Duration.ofSeconds(60),
                    50_000_000, 1, new ImagePolicy(256, 24), 0, 1, new ImagePolicy(8, 2), 1, 2_000,
                    Duration.ofSeconds(60), Duration.ofSeconds(5));
            case RANDOM -> new ExplorerOptions(mode, 1, 300, OptionalInt.empty(), 150, Duration.ofSeconds(60),
                    50_000_000, 1, new ImagePolicy(16, 3), 40, 1, new ImagePolicy(4, 1), 1, 2_000,
                    Duration.ofSeconds(60), Duration.ofSeconds(5));
        };
    }

    public ExplorerOptions withSeed(long value) {
        return new ExplorerOptions(mode, value, workloads, onlyWorkload, stepsMax, timeLimit, crashStatesMax, jobs,
                images, crashPointsMax, recoverySweepsPerPoint, recoveryImages, faultImagesPerPoint, shrinkRunsMax,
                shrinkTimeLimit, progressInterval);
    }

    public ExplorerOptions withWorkloads(int value) {
        return new ExplorerOptions(mode, seed, value, onlyWorkload, stepsMax, timeLimit, crashStatesMax, jobs,
                images, crashPointsMax, recoverySweepsPerPoint, recoveryImages, faultImagesPerPoint, shrinkRunsMax,
                shrinkTimeLimit, progressInterval);
    }

    public ExplorerOptions withOnlyWorkload(int index) {
        return new ExplorerOptions(mode, seed, Math.max(workloads, index + 1), OptionalInt.of(index), stepsMax,
                timeLimit, crashStatesMax, jobs, images, crashPointsMax, recoverySweepsPerPoint, recoveryImages,
                faultImagesPerPoint, shrinkRunsMax, shrinkTimeLimit, progressInterval);
    }

    public ExplorerOptions withStepsMax(int value) {
        return new ExplorerOptions(mode, seed, workloads, onlyWorkload, value, timeLimit, crashStatesMax, jobs,
                images, crashPointsMax, recoverySweepsPerPoint, recoveryImages, faultImagesPerPoint, shrinkRunsMax,
                shrinkTimeLimit, progressInterval);
    }

    public ExplorerOptions withTimeLimit(Duration value) {
        return new ExplorerOptions(mode, seed, workloads, onlyWorkload, stepsMax, value, crashStatesMax, jobs,
                images, crashPointsMax, recoverySweepsPerPoint, recoveryImages, faultImagesPerPoint, shrinkRunsMax,
                shrinkTimeLimit, progressInterval);
    }

    public ExplorerOptions withCrashStatesMax(long value) {
        return new ExplorerOptions(mode, seed, workloads, onlyWorkload, stepsMax, timeLimit, value, jobs,
                images, crashPointsMax, recoverySweepsPerPoint, recoveryImages, faultImagesPerPoint, shrinkRunsMax,
                shrinkTimeLimit, progressInterval);
    }

    public ExplorerOptions withJobs(int value) {
        return new ExplorerOptions(mode, seed, workloads, onlyWorkload, stepsMax, timeLimit, crashStatesMax, value,
                images, crashPointsMax, recoverySweepsPerPoint, recoveryImages, faultImagesPerPoint, shrinkRunsMax,
                shrinkTimeLimit, progressInterval);
    }

    public ExplorerOptions withShrinking(int runsMax, Duration limit) {
        return new ExplorerOptions(mode, seed, workloads, onlyWorkload, stepsMax, timeLimit, crashStatesMax, jobs,
                images, crashPointsMax, recoverySweepsPerPoint, recoveryImages, faultImagesPerPoint, runsMax, limit,
                progressInterval);
    }

    public ExplorerOptions withProgressInterval(Duration value) {
        return new ExplorerOptions(mode, seed, workloads, onlyWorkload, stepsMax, timeLimit, crashStatesMax, jobs,
                images, crashPointsMax, recoverySweepsPerPoint, recoveryImages, faultImagesPerPoint, shrinkRunsMax,
                shrinkTimeLimit, value);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
