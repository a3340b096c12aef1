package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertFalse;

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
import txstack.conformance.explorer.Violation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.BiFunction;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.junit.ForwardingLogEngine;
import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogService;

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

    /**
     * The violation a run of {@code engine} finds (exhaustive, seed 1, {@code workloads} workloads on 512-byte
     * sectors); fails the test, saying {@code what} went unnoticed, if there is none.
     */
    static Violation caught(LogEngine engine, int workloads, String what) {
        ExplorationResult<LfsStep> result = run(engine, LfsDevice.defaults(512), options(Mode.EXHAUSTIVE, 1,
                workloads));
        assertFalse(result.passed(), what + " went unnoticed");
        return result.counterexample().orElseThrow().violation();
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

    /** What a {@link #txstackWith} engine does with one call of an opened log; {@code log} is txstack's own service. */
    @FunctionalInterface
    interface Intercept {
        Object call(LogService log, Method method, Object[] args) throws Throwable;
    }

    /**
     * txstack's log, each service it formats or opens behind a proxy whose calls go through the intercept that {@code
     * perService} makes for that service and whether {@code open} (true) or {@code format} made it (one per service,
     * so it may keep state, e.g. whether it was closed): an outside engine with one deliberate flaw, to prove a check
     * bites where no broken variant of txstack fails.
     */
    static LogEngine txstackWith(BiFunction<LogService, Boolean, Intercept> perService) {
        return new ForwardingLogEngine(new TxstackLogEngine()) {
            @Override
            public LogService format(Devices devices) {
                LogService log = super.format(devices);
                return wrapped(log, perService.apply(log, false));
            }

            @Override
            public LogService open(Devices devices) {
                LogService log = super.open(devices);
                return wrapped(log, perService.apply(log, true));
            }
        };
    }

    /** Calls {@code method} on {@code log}, rethrowing what it throws as itself. */
    static Object invoke(LogService log, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(log, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static LogService wrapped(LogService log, Intercept intercept) {
        InvocationHandler handler = (proxy, method, args) -> intercept.call(log, method, args);
        return (LogService) Proxy.newProxyInstance(LogService.class.getClassLoader(),
                new Class<?>[] {LogService.class}, handler);
    }
}
