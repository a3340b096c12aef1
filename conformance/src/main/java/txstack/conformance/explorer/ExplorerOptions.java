package txstack.conformance.explorer;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Everything that steers an exploration. Every field has a limit; {@link #defaults(Mode)} finishes in about a
 * minute on two cores. Build one with {@link #builder(Mode)} (or change one with {@link #toBuilder()}).
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
        require(mode != null && timeLimit != null && images != null && recoveryImages != null
                && shrinkTimeLimit != null && progressInterval != null && onlyWorkload != null,
                "mode, time limits, image policies and onlyWorkload must be given");
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
        return builder(mode).build();
    }

    /** A builder that starts from {@link #defaults(Mode)}: set what differs, then {@link Builder#build()}. */
    public static Builder builder(Mode mode) {
        Builder b = new Builder();
        b.mode = mode;
        switch (mode) {
            case EXHAUSTIVE -> {
                b.workloads = 600;
                b.stepsMax = 12;
                b.images = new ImagePolicy(256, 24);
                b.crashPointsMax = 0;
                b.recoveryImages = new ImagePolicy(8, 2);
            }
            case RANDOM -> {
                b.workloads = 300;
                b.stepsMax = 150;
                b.images = new ImagePolicy(16, 3);
                b.crashPointsMax = 40;
                b.recoveryImages = new ImagePolicy(4, 1);
            }
        }
        return b;
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.seed = seed;
        b.workloads = workloads;
        b.onlyWorkload = onlyWorkload;
        b.stepsMax = stepsMax;
        b.timeLimit = timeLimit;
        b.crashStatesMax = crashStatesMax;
        b.jobs = jobs;
        b.images = images;
        b.crashPointsMax = crashPointsMax;
        b.recoverySweepsPerPoint = recoverySweepsPerPoint;
        b.recoveryImages = recoveryImages;
        b.faultImagesPerPoint = faultImagesPerPoint;
        b.shrinkRunsMax = shrinkRunsMax;
        b.shrinkTimeLimit = shrinkTimeLimit;
        b.progressInterval = progressInterval;
        return b;
    }

    /** Builds {@link ExplorerOptions}; {@link #build()} checks every limit and names the one broken. */
    public static final class Builder {
        private Mode mode;
        private long seed = 1;
        private int workloads;
        private OptionalInt onlyWorkload = OptionalInt.empty();
        private int stepsMax;
        private Duration timeLimit = Duration.ofSeconds(60);
        private long crashStatesMax = 50_000_000;
        private int jobs = 1;
        private ImagePolicy images;
        private int crashPointsMax;
        private int recoverySweepsPerPoint = 1;
        private ImagePolicy recoveryImages;
        private int faultImagesPerPoint = 1;
        private int shrinkRunsMax = 2_000;
        private Duration shrinkTimeLimit = Duration.ofSeconds(60);
        private Duration progressInterval = Duration.ofSeconds(5);

        private Builder() {
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder workloads(int value) {
            workloads = value;
            return this;
        }

        /** Runs only workload {@code index} (a replay); the workload count grows to include it. */
        public Builder onlyWorkload(int index) {
            onlyWorkload = OptionalInt.of(index);
            workloads = Math.max(workloads, index + 1);
            return this;
        }

        public Builder stepsMax(int value) {
            stepsMax = value;
            return this;
        }

        public Builder timeLimit(Duration value) {
            timeLimit = value;
            return this;
        }

        public Builder crashStatesMax(long value) {
            crashStatesMax = value;
            return this;
        }

        public Builder jobs(int value) {
            jobs = value;
            return this;
        }

        public Builder images(ImagePolicy value) {
            images = value;
            return this;
        }

        public Builder crashPointsMax(int value) {
            crashPointsMax = value;
            return this;
        }

        public Builder recoverySweepsPerPoint(int value) {
            recoverySweepsPerPoint = value;
            return this;
        }

        public Builder recoveryImages(ImagePolicy value) {
            recoveryImages = value;
            return this;
        }

        public Builder faultImagesPerPoint(int value) {
            faultImagesPerPoint = value;
            return this;
        }

        public Builder shrinking(int runsMax, Duration limit) {
            shrinkRunsMax = runsMax;
            shrinkTimeLimit = limit;
            return this;
        }

        public Builder progressInterval(Duration value) {
            progressInterval = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first limit broken */
        public ExplorerOptions build() {
            return new ExplorerOptions(mode, seed, workloads, onlyWorkload, stepsMax, timeLimit, crashStatesMax, jobs,
                    images, crashPointsMax, recoverySweepsPerPoint, recoveryImages, faultImagesPerPoint,
                    shrinkRunsMax, shrinkTimeLimit, progressInterval);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
