package txstack.conformance.ktm;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.CaseRunner;
import txstack.conformance.explorer.Failure;
import txstack.conformance.cli.ReplayCommand;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Explorer;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;
import txstack.spi.disk.Devices;
import txstack.spi.ktm.TransactionEngine;
import txstack.spi.ktm.TransactionSession;

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

    /**
     * Runs one given workload as the suite runs its own (case seed, crash points, recovery), e.g. a pinned
     * counterexample that must not depend on how the generator draws.
     */
    static ExplorationResult<KtmStep> runSteps(TransactionEngine engine, KtmSetup setup, ExplorerOptions options,
                                               List<KtmStep> steps) {
        KtmSuite suite = new KtmSuite(engine, setup, options.mode());
        CaseRunner<KtmStep> fixed = new CaseRunner<>() {
            @Override
            public List<KtmStep> generate(RandomGenerator random, int stepsMax) {
                return steps;
            }

            @Override
            public Optional<Failure<KtmStep>> run(List<KtmStep> workload, long caseSeed, CaseContext context) {
                return suite.run(workload, caseSeed, context);
            }

            @Override
            public List<KtmStep> simplerSteps(KtmStep step) {
                return suite.simplerSteps(step);
            }
        };
        return new Explorer<>(fixed, options, System.out).run();
    }

    /** {@code engine} with sessions that host no participants: what a simpler engine offers. */
    static TransactionEngine withoutParticipants(TransactionEngine engine) {
        return new TransactionEngine() {
            @Override
            public String name() {
                return engine.name();
            }

            @Override
            public TransactionSession format(Devices devices) {
                return plain(engine.format(devices));
            }

            @Override
            public TransactionSession open(Devices devices) {
                return plain(engine.open(devices));
            }
        };
    }

    private static TransactionSession plain(TransactionSession s) {
        return new TransactionSession() {
            @Override
            public List<String> resourceManagers() {
                return s.resourceManagers();
            }

            @Override
            public long begin() {
                return s.begin();
            }

            @Override
            public byte[] read(long tx, String item) {
                return s.read(tx, item);
            }

            @Override
            public void write(long tx, String item, byte[] value) {
                s.write(tx, item, value);
            }

            @Override
            public void append(long tx, String item, byte[] bytes) {
                s.append(tx, item, bytes);
            }

            @Override
            public void commit(long tx) {
                s.commit(tx);
            }

            @Override
            public void rollback(long tx) {
                s.rollback(tx);
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }
}
