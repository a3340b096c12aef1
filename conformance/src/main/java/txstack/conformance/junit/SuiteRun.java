package txstack.conformance.junit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import txstack.conformance.engines.EngineLookup;
import txstack.conformance.explorer.CaseRunner;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Explorer;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;

/** What the base classes share: their default options, one run with its report, and how the CLI names an engine. */
final class SuiteRun {
    /** The seed unless a test overrides it: a build checks the same workloads every time. */
    static final long SEED = 20261121L;
    /** A safety net, not a budget: a run that hits it fails, since it checked less than it was asked to. */
    static final Duration TIME_LIMIT = Duration.ofMinutes(10);
    /** At most this many worker threads; the outcome does not depend on it, only the speed. */
    static final int JOBS_MAX = 4;

    private SuiteRun() {
    }

    static ExplorerOptions options(Mode mode, long seed, int workloads) {
        return ExplorerOptions.builder(mode).seed(seed).workloads(workloads)
                .jobs(Math.clamp(Runtime.getRuntime().availableProcessors(), 1, JOBS_MAX))
                .timeLimit(TIME_LIMIT).progressInterval(Duration.ofSeconds(10)).build();
    }

    /** A test with no mode to run is skipped, not passed. */
    static void requireModes(Set<Mode> modes) {
        assumeFalse(modes.isEmpty(), "modes() is empty: nothing to run");
    }

    /**
     * Runs the suite, prints its report, and fails the test with the report (counterexample and replay line) if a
     * property was violated or a limit stopped the run early.
     */
    static <S> void check(CaseRunner<S> suite, ExplorerOptions options, String title, Map<String, String> header,
                          List<ExplorationReport.Property> properties, IntFunction<String> replay) {
        PrintStream out = System.out;
        ExplorationResult<S> result = new Explorer<>(suite, options, out).run();
        String report = ExplorationReport.render(title, header, properties, result, replay);
        out.print(report);
        if (!result.passed()) {
            fail(report);
        }
        if (result.stoppedEarly().isPresent()) {
            fail("the suite stopped before its last workload (" + result.stoppedEarly().get() + "): lower "
                    + "workloads() or raise the limit in options()\n" + report);
        }
    }

    /** How {@code ./txstack conform} names an engine: a built-in one by its name, any other by its class name. */
    static String cliName(Object engine, String name) {
        return isBuiltIn(engine, name) ? name : engine.getClass().getName();
    }

    /** Where {@code ./txstack conform --class-path} finds an engine that is not built in: its jar or folder. */
    static Optional<String> cliClassPath(Object engine, String name) {
        if (isBuiltIn(engine, name)) {
            return Optional.empty();
        }
        CodeSource source = engine.getClass().getProtectionDomain().getCodeSource();
        try {
            Path location = source == null ? null : Path.of(source.getLocation().toURI());
            return location != null && Files.exists(location) ? Optional.of(location.toString()) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty(); // not a file (e.g. a class generated at run time): no --class-path to give
        }
    }

    private static boolean isBuiltIn(Object engine, String name) {
        return (name.equals(EngineLookup.TXSTACK) || name.startsWith(EngineLookup.TXSTACK + ":"))
                && engine.getClass().getPackageName().equals(EngineLookup.class.getPackageName());
    }
}
