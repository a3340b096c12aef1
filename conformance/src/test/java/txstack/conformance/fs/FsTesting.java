package txstack.conformance.fs;

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
import txstack.spi.fs.FileSystemEngine;

/** Runs the file-system suite from tests, the way the CLI does, and prints the report. */
final class FsTesting {
    /** Two workers: the CI machine has two cores. The outcome does not depend on it. */
    static final int JOBS = 2;
    /** A safety net only: every test here is bounded by its workload count, not by time. */
    static final Duration TIME_LIMIT = Duration.ofMinutes(10);

    private FsTesting() {
    }

    static ExplorerOptions options(Mode mode, long seed, int workloads) {
        return ExplorerOptions.builder(mode).seed(seed).workloads(workloads).jobs(JOBS).timeLimit(TIME_LIMIT)
                .progressInterval(Duration.ofSeconds(10)).build();
    }

    static ExplorationResult<FsStep> run(FileSystemEngine engine, FsSetup setup, ExplorerOptions options) {
        PrintStream out = System.out;
        ExplorationResult<FsStep> result = new Explorer<>(new FsSuite(engine, setup, options.mode()), options, out)
                .run();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", engine.name());
        header.put("volume", setup.toString());
        out.println(ExplorationReport.render("txstack conformance: file system (test)", header, FsSuite.PROPERTIES,
                result, k -> ReplayCommand.fs(engine.name(), Optional.empty(), setup, options, k)));
        return result;
    }
}
