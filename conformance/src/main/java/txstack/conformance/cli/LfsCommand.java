package txstack.conformance.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import txstack.conformance.engines.LogEngines;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Explorer;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;
import txstack.conformance.lfs.LfsDevice;
import txstack.conformance.lfs.LfsStep;
import txstack.conformance.lfs.LfsSuite;
import txstack.conformance.spi.LogEngine;
import txstack.model.lfs.LogGeometry;

/** {@code txstack conform lfs}: the log file service suite (LFS-2..6, DISK-3, DISK-4) with crash exploration. */
@Command(name = "lfs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a log engine against the LFS reference model at every crash state the explorer "
                + "visits.", "Exit code: 0 every property held, 1 a property was violated, 2 usage or engine error."})
final class LfsCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "txstack",
            description = "txstack, txstack:<VARIANT> (a deliberately broken variant, e.g. txstack:NO_EPOCH), or "
                    + "the class name of a LogEngine on the class path (default: ${DEFAULT-VALUE}).")
    private String engine;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "exhaustive",
            description = "exhaustive: short workloads, every crash point; random: long workloads, sampled crash "
                    + "points (default: ${DEFAULT-VALUE}).")
    private Mode mode;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the run (default: a random one, printed).")
    private Long seed;

    @Option(names = "--workloads", paramLabel = "N", description = "Workloads to run (default: per mode).")
    private Integer workloads;

    @Option(names = "--workload", paramLabel = "K", description = "Replay only workload K of the seed.")
    private Integer workload;

    @Option(names = "--steps", paramLabel = "N", description = "Steps per workload (default: 12 exhaustive, "
            + "150 random).")
    private Integer steps;

    @Option(names = "--sector-size", paramLabel = "BYTES", defaultValue = "512",
            description = "512 or 4096 (default: ${DEFAULT-VALUE}).")
    private int sectorSize;

    @Option(names = "--sectors", paramLabel = "N", description = "Sectors on the simulated device (default: 64 "
            + "for 512-byte sectors, 24 for 4096): small, so that workloads fill and wrap the log.")
    private Long sectors;

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class, description = "Stop exploring after this long, e.g. 90s, 5m "
            + "(default: ${DEFAULT-VALUE}); shrinking a failure has a limit of its own.")
    private Duration timeLimit;

    @Option(names = "--crash-states-max", paramLabel = "N", description = "Stop after this many crash states.")
    private Long crashStatesMax;

    @Option(names = "--jobs", paramLabel = "N", description = "Worker threads (default: the number of CPUs); "
            + "the outcome does not depend on it.")
    private Integer jobs;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report to this file.")
    private Path reportFile;

    @Option(names = "--quiet", description = "No progress lines.")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        LogEngine logEngine = resolve();
        LfsDevice device = device();
        ExplorerOptions options = options();
        PrintStream progress = quiet ? new PrintStream(PrintStream.nullOutputStream())
                : new PrintStream(new WriterStream(spec.commandLine().getErr()), true, StandardCharsets.UTF_8);
        LfsSuite suite = new LfsSuite(logEngine, device, mode);
        progress.println("[txstack] conform lfs: engine " + logEngine.name() + ", " + mode.name().toLowerCase(Locale.ROOT)
                + ", seed " + options.seed() + ", " + (options.onlyWorkload().isPresent() ? "workload "
                + options.onlyWorkload().getAsInt() : options.workloads() + " workloads") + ", time limit "
                + timeLimit.toSeconds() + "s, " + options.jobs() + " jobs");
        ExplorationResult<LfsStep> result = new Explorer<>(suite, options, progress).run();
        String report = ExplorationReport.render("txstack conformance: LFS (log file service)",
                header(logEngine, device, suite.geometry(), options), LfsSuite.PROPERTIES, result,
                k -> ReplayCommand.lfs(engine, device, options, k));
        out.print(report);
        out.flush();
        if (reportFile != null) {
            Files.writeString(reportFile, report, StandardCharsets.UTF_8);
        }
        return result.passed() ? Main.EXIT_PASS : Main.EXIT_VIOLATION;
    }

    private LogEngine resolve() {
        try {
            return LogEngines.resolve(engine);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--engine: " + e.getMessage());
        }
    }

    private LfsDevice device() {
        if (sectorSize != 512 && sectorSize != 4096) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sector-size must be 512 or 4096, not "
                    + sectorSize);
        }
        try {
            return sectors == null ? LfsDevice.defaults(sectorSize) : new LfsDevice(sectorSize, sectors);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sectors: " + e.getMessage());
        }
    }

    private ExplorerOptions options() {
        try {
            ExplorerOptions o = ExplorerOptions.defaults(mode)
                    .withSeed(seed != null ? seed : new SplittableRandom().nextLong(1, 1L << 48))
                    .withTimeLimit(timeLimit)
                    .withJobs(jobs != null ? jobs : Math.min(ExplorerOptions.JOBS_MAX,
                            Runtime.getRuntime().availableProcessors()));
            if (workloads != null) {
                o = o.withWorkloads(workloads);
            }
            if (steps != null) {
                o = o.withStepsMax(steps);
            }
            if (crashStatesMax != null) {
                o = o.withCrashStatesMax(crashStatesMax);
            }
            if (workload != null) {
                o = o.withOnlyWorkload(workload);
            }
            return o;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static Map<String, String> header(LogEngine engine, LfsDevice device, LogGeometry g,
                                              ExplorerOptions options) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("engine", engine.name());
        h.put("device", device.sectorCount() + " sectors x " + device.sectorSizeBytes() + " bytes");
        h.put("log geometry", "capacity " + g.capacityBytes() + " bytes, record overhead " + g.recordOverheadBytes()
                + ", slack " + g.slackBytes() + ", max payload " + g.maxPayloadBytes() + ", max client data "
                + g.maxClientDataBytes());
        h.put("jobs", String.valueOf(options.jobs()));
        return h;
    }

    /** Progress lines go to picocli's error writer (so tests can capture them). */
    private static final class WriterStream extends java.io.OutputStream {
        private final PrintWriter writer;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public synchronized void flush() {
            writer.print(line.toString(StandardCharsets.UTF_8));
            writer.flush();
            line.reset();
        }
    }
}
