package txstack.conformance.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import txstack.conformance.explorer.ImageSpec;
import txstack.spi.cluster.ClusterShape;

/**
 * The CSV suite's workloads: fixed patterns, each aimed at one way to get CSV wrong (they open the exhaustive mode,
 * with a power loss at every device operation), then seeded sequences of everything. The patterns assume the
 * default shape: node 0 coordinates, node 1 owns both files, node 2 is spare.
 */
final class CsvWorkloads {
    private static final int PATTERNS = 7;

    private final ClusterShape shape;
    private final long fileBytes;

    CsvWorkloads(ClusterShape shape, int sectorSizeBytes) {
        this.shape = shape;
        this.fileBytes = (long) shape.blocksPerFile() * sectorSizeBytes;
    }

    static int patternCount() {
        return PATTERNS;
    }

    /** Fixed pattern {@code k}, 0..{@link #patternCount()}-1. */
    List<CsvStep> pattern(int k) {
        return switch (k) {
            // CSV-4, CSV-5: a VM's files migrate with dirty data, twice; the namespace stays with node 0.
            case 0 -> List.of(write(1, 0), write(1, 1), flush(1, 0), write(1, 0), migrate(1, 2), write(2, 0),
                    flush(2, 0), write(2, 1), migrate(2, 0), flush(0, 1), new CsvStep.Check());
            // CSV-6: a live owner suspected: its token taken back, its later flushes fenced off, even a new write.
            case 1 -> List.of(write(1, 0), takeBack(0), flush(1, 0), write(0, 0), flush(0, 0), write(1, 1),
                    takeBack(1), write(1, 1), flush(1, 1), migrate(0, 2), write(2, 1), flush(2, 1),
                    new CsvStep.Check());
            // CSV-3: requests and acks duplicated, lost and resent: each applied once, acked.
            case 2 -> List.of(resize(1, 0, 1), deliver(0), deliver(0), drop(1), new CsvStep.Retry(1), deliver(0),
                    deliver(1), resize(2, 1, 2), drop(1), new CsvStep.Retry(2), deliver(1), deliver(1), deliver(2),
                    resize(1, 1, 3), deliver(3), deliver(3), deliver(4), new CsvStep.Check());
            // CSV-7: the coordinator crashes; another takes over with the namespace and goes on.
            case 3 -> List.of(resize(1, 0, 2), deliver(0), deliver(1), write(1, 0), crash(0), new CsvStep.Failover(2),
                    resize(1, 1, 1), deliver(2), deliver(3), new CsvStep.Restart(0), migrate(1, 0), write(0, 0),
                    flush(0, 0), new CsvStep.Check());
            // CSV-1, CSV-7: split brain: a new coordinator elected while the old one lives; the old one is refused.
            case 4 -> List.of(resize(1, 0, 1), new CsvStep.Failover(2), deliver(0), resize(0, 1, 2),
                    new CsvStep.Retry(1), deliver(1), deliver(2), resize(2, 1, 3), migrate(1, 0), write(0, 1),
                    flush(0, 1), new CsvStep.Check());
            // CSV-7: power lost in the middle of a migration, then the cluster goes on from what the disk holds.
            case 5 -> List.of(write(1, 0), write(1, 1), migrate(1, 2), new CsvStep.PowerLoss(3,
                    new ImageSpec.AllLost()), takeBack(0), write(0, 0), flush(0, 0), takeBack(1), migrate(0, 2),
                    write(2, 1), flush(2, 1), new CsvStep.Check());
            // CSV-7: an owner crashes with dirty data and a request pending: both die with its memory, the request
            // already sent is applied and its ack finds nobody waiting; the file goes back through a take-back.
            case 6 -> List.of(write(1, 0), resize(1, 1, 2), crash(1), new CsvStep.Restart(1), write(1, 0),
                    flush(1, 0), deliver(0), deliver(1), new CsvStep.Retry(1), takeBack(0), migrate(0, 1),
                    write(1, 0), flush(1, 0), write(1, 1), new CsvStep.Check());
            default -> throw new IllegalArgumentException("no pattern " + k + " (0.." + (PATTERNS - 1) + ")");
        };
    }

    private static CsvStep write(int n, int f) {
        return new CsvStep.Write(n, f);
    }

    private static CsvStep flush(int n, int f) {
        return new CsvStep.Flush(n, f);
    }

    private static CsvStep migrate(int from, int to) {
        return new CsvStep.Migrate(from, to);
    }

    private static CsvStep takeBack(int f) {
        return new CsvStep.TakeBack(f);
    }

    private static CsvStep crash(int n) {
        return new CsvStep.Crash(n);
    }

    private static CsvStep deliver(int k) {
        return new CsvStep.Deliver(k);
    }

    private static CsvStep drop(int k) {
        return new CsvStep.Drop(k);
    }

    private CsvStep resize(int n, int f, int quarter) {
        return new CsvStep.Resize(n, f, fileBytes * quarter / 4);
    }

    /** A seeded sequence of at most {@code stepsMax} steps. */
    List<CsvStep> generate(RandomGenerator random, int stepsMax) {
        List<CsvStep> steps = new ArrayList<>();
        for (int i = 0; i < stepsMax; i++) {
            steps.add(next(random));
        }
        return steps;
    }

    private CsvStep next(RandomGenerator random) {
        int n = random.nextInt(shape.nodes());
        int f = random.nextInt(shape.files());
        int action = random.nextInt(100);
        if (action < 20) {
            return write(n, f);
        } else if (action < 33) {
            return flush(n, f);
        } else if (action < 43) {
            return resize(n, f, random.nextInt(5));
        } else if (action < 56) {
            return deliver(random.nextInt(64));
        } else if (action < 60) {
            return drop(random.nextInt(64));
        } else if (action < 64) {
            return new CsvStep.Retry(n);
        } else if (action < 72) {
            return new CsvStep.MigrateOwnerOf(f, random.nextInt(shape.nodes()));
        } else if (action < 77) {
            return takeBack(f);
        } else if (action < 81) {
            return crash(n);
        } else if (action < 87) {
            return new CsvStep.Restart(n);
        } else if (action < 91) {
            return new CsvStep.Failover(n);
        } else if (action < 94) {
            return new CsvStep.Check();
        }
        return new CsvStep.PowerLoss(random.nextInt(6), random.nextBoolean() ? new ImageSpec.AllLost()
                : new ImageSpec.Random(random.nextLong()));
    }
}
