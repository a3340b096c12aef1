package txstack.conformance.lfs;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import txstack.conformance.cli.ReplayCommand;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Explorer;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;
import txstack.spi.lfs.LogEngine;

/** Runs the LFS suite from tests, the way the CLI does, and prints the report. */
final class LfsTesting {
    /** Two workers: the CI machine has two cores. The outcome does not depend on it. */
    static final int JOBS = 2;
    /** A safety net only: every test here is bounded by its workload count, not by time. */
    static final Duration TIME_LIMIT = Duration.ofMinutes(10);

    private LfsTesting() {
    }

    static ExplorerOptions options(Mode mode, long seed, int workloads) {
        return ExplorerOptions.builder(mode).seed(seed).workloads(workloads).jobs(JOBS).timeLimit(TIME_LIMIT)
                .progressInterval(Duration.ofSeconds(10)).build();
    }

    static ExplorationResult<LfsStep> run(LogEngine engine, LfsDevice device, ExplorerOptions options) {
        return run(engine, device, options, LfsSuite.Checks.ALL);
    }

    /** A run with some of the suite's checks off: for showing what one of them alone catches. */
    static ExplorationResult<LfsStep> run(LogEngine engine, LfsDevice device, ExplorerOptions options,
                                         LfsSuite.Checks checks) {
        PrintStream out = System.out;
        LfsSuite suite = new LfsSuite(engine, device, options.mode(), checks);
        ExplorationResult<LfsStep> result = new Explorer<>(suite, options, out).run();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", engine.name());
        header.put("device", device.sectorCount() + " sectors x " + device.sectorSizeBytes() + " bytes");
        out.println(ExplorationReport.render("txstack conformance: LFS (test)", header, LfsSuite.PROPERTIES, result,
                k -> ReplayCommand.lfs(engine.name(), device, options, k)));
        return result;
    }
}
