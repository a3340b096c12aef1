package txstack.conformance.cluster;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.CaseRunner;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.Failure;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Seeds;
import txstack.conformance.explorer.WorkloadRun;
import txstack.spi.cluster.ClusterEngine;

/**
 * The CSV suite bound to one engine, one setup and one mode: what the explorer runs. In {@link Mode#EXHAUSTIVE}
 * mode the first workloads are {@link CsvWorkloads}' fixed patterns, with a power loss at every device operation;
 * after them, and in {@link Mode#RANDOM} mode, seeded sequences. Written once against the SPI.
 */
public final class CsvSuite implements CaseRunner<CsvStep> {

    /** The properties the suite checks, in report order. */
    public static final List<ExplorationReport.Property> PROPERTIES = List.of(
            new ExplorationReport.Property(Requirement.CSV_1, "only the coordinator of the current term changes the "
                    + "namespace; a deposed one is refused and knows it; the namespace on the disk is the model's"),
            new ExplorationReport.Property(Requirement.CSV_2, "a file's owner takes writes into its cache and nobody "
                    + "else does; the data on the shared disk is whole"),
            new ExplorationReport.Property(Requirement.CSV_3, "metadata requests over a lossy network: applied "
                    + "once, in order, acked only once durable, resent until acked"),
            new ExplorationReport.Property(Requirement.CSV_4, "a migration moves only the files' ownership; the "
                    + "coordinator stays"),
            new ExplorationReport.Property(Requirement.CSV_5, "a migration flushes the old owner's dirty data "
                    + "before the new owner gets the file: no acknowledged write lost"),
            new ExplorationReport.Property(Requirement.CSV_6, "one writer per file: a flush with an old epoch is "
                    + "refused and reported so, a live zombie's included"),
            new ExplorationReport.Property(Requirement.CSV_7, "a node's crash loses only its memory; a failover or "
                    + "a power loss recovers the namespace and goes on"));

    private final ClusterEngine engine;
    private final CsvSetup setup;
    private final Mode mode;
    private final CsvWorkloads workloads;

    public CsvSuite(ClusterEngine engine, CsvSetup setup, Mode mode) {
        this.engine = engine;
        this.setup = setup;
        this.mode = mode;
        this.workloads = new CsvWorkloads(setup.shape(), setup.sectorSizeBytes());
    }

    /** The fixed patterns that open the exhaustive mode. */
    public static int patternCount() {
        return CsvWorkloads.patternCount();
    }

    public CsvSetup setup() {
        return setup;
    }

    @Override
    public List<CsvStep> generate(RandomGenerator random, int stepsMax) {
        return workloads.generate(random, stepsMax);
    }

    @Override
    public List<CsvStep> workload(int index, long caseSeed, int stepsMax) {
        return mode == Mode.EXHAUSTIVE && index < CsvWorkloads.patternCount() ? workloads.pattern(index)
                : generate(Seeds.random(caseSeed), stepsMax);
    }

    @Override
    public Optional<Failure<CsvStep>> run(List<CsvStep> steps, long caseSeed, CaseContext context) {
        return new WorkloadRun<>(new CsvLayer(engine, setup, context), steps, context).execute();
    }

    @Override
    public List<CsvStep> simplerSteps(CsvStep step) {
        return List.of();
    }
}
