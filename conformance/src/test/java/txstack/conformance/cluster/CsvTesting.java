package txstack.conformance.cluster;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import txstack.conformance.cli.ReplayCommand;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Explorer;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;
import txstack.spi.cluster.ClusterEngine;

/** Runs the CSV suite from tests, the way the CLI does, and prints the report. */
final class CsvTesting {
    /** Two workers: the CI machine has two cores. The outcome does not depend on it. */
    static final int JOBS = 2;
    /** A safety net only: every test here is bounded by its workload count, not by time. */
    static final Duration TIME_LIMIT = Duration.ofMinutes(10);

    private CsvTesting() {
    }

    static ExplorerOptions options(Mode mode, long seed, int workloads, int stepsMax) {
        return ExplorerOptions.builder(mode).seed(seed).workloads(workloads).stepsMax(stepsMax).jobs(JOBS)
                .timeLimit(TIME_LIMIT).progressInterval(Duration.ofSeconds(10)).build();
    }

    static ExplorationResult<CsvStep> run(ClusterEngine engine, CsvSetup setup, ExplorerOptions options) {
        PrintStream out = System.out;
        ExplorationResult<CsvStep> result = new Explorer<>(new CsvSuite(engine, setup, options.mode()), options,
                out).run();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", engine.name());
        header.put("cluster", setup.toString());
        out.println(ExplorationReport.render("txstack conformance: csv (test)", header, CsvSuite.PROPERTIES,
                result, k -> ReplayCommand.csv(engine.name(), Optional.empty(), setup, options, k)));
        return result;
    }
}
