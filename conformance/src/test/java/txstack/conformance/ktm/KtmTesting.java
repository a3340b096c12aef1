package txstack.conformance.ktm;

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
import txstack.spi.ktm.TransactionEngine;

/** Runs the transaction suite from tests, the way the CLI does, and prints the report. */
final class KtmTesting {
    /** Two workers: the CI machine has two cores. The outcome does not depend on it. */
    static final int JOBS = 2;
    /** A safety net only: every test here is bounded by its workload count, not by time. */
    static final Duration TIME_LIMIT = Duration.ofMinutes(10);

    private KtmTesting() {
    }

    static ExplorerOptions options(Mode mode, long seed, int workloads, int stepsMax) {
        return ExplorerOptions.builder(mode).seed(seed).workloads(workloads).stepsMax(stepsMax).jobs(JOBS)
                .timeLimit(TIME_LIMIT).progressInterval(Duration.ofSeconds(10)).build();
    }

    static ExplorationResult<KtmStep> run(TransactionEngine engine, KtmSetup setup, ExplorerOptions options) {
        PrintStream out = System.out;
        ExplorationResult<KtmStep> result = new Explorer<>(new KtmSuite(engine, setup, options.mode()), options, out)
                .run();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", engine.name());
        header.put("devices", setup.toString());
        out.println(ExplorationReport.render("txstack conformance: transactions (test)", header, KtmSuite.PROPERTIES,
                result, k -> ReplayCommand.ktm(engine.name(), Optional.empty(), setup, options, k)));
        return result;
    }
}
