package txstack.conformance.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import txstack.conformance.engines.TxstackVolumeEngine;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Explorer;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;
import txstack.conformance.spi.VolumeEngine;
import txstack.conformance.spi.VolumeLayout;
import txstack.conformance.volume.VolumeSetup;
import txstack.conformance.volume.VolumeStep;
import txstack.conformance.volume.VolumeSuite;

/** {@code txstack conform volume}: the volume manager suite (VOL-1..8, DISK-3) with crash exploration. */
@Command(name = "volume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a volume engine against the volume reference model at every crash state the explorer "
                + "visits, one simulated disk per member.",
                "Exit code: 0 every property held, 1 a property was violated, 2 usage or engine error."})
final class VolumeCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "txstack",
            description = "txstack, txstack:<VARIANT> (a deliberately broken variant, e.g. "
                    + "txstack:NO_WRITE_HOLE_PROTECTION), or the class name of a VolumeEngine on the class path "
                    + "(default: ${DEFAULT-VALUE}).")
    private String engine;

    @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "raid5",
            description = "mirror or raid5 (default: ${DEFAULT-VALUE}).")
    private VolumeLayout layout;

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

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class, description = "Stop exploring after this long (default: "
            + "${DEFAULT-VALUE}).")
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
        VolumeEngine volumeEngine = resolve();
        VolumeSetup setup = VolumeSetup.defaults(layout);
        ExplorerOptions options = options();
        PrintStream progress = quiet ? new PrintStream(OutputStream.nullOutputStream())
                : new PrintStream(new LineStream(spec.commandLine().getErr()), true, StandardCharsets.UTF_8);
        progress.println("[txstack] conform volume: engine " + volumeEngine.name() + ", " + layout + ", "
                + mode.name().toLowerCase(Locale.ROOT) + ", seed " + options.seed() + ", "
                + (options.onlyWorkload().isPresent() ? "workload " + options.onlyWorkload().getAsInt()
                : options.workloads() + " workloads") + ", " + options.jobs() + " jobs");
        ExplorationResult<VolumeStep> result = new Explorer<>(new VolumeSuite(volumeEngine, setup), options,
                progress).run();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", volumeEngine.name());
        header.put("volume", setup.layout() + " over " + setup.memberCount() + " simulated disks of "
                + setup.memberSectorCount() + " sectors x " + setup.sectorSizeBytes() + " bytes, stripe unit "
                + setup.stripeUnitSectors() + " sectors");
        header.put("jobs", String.valueOf(options.jobs()));
        String report = ExplorationReport.render("txstack conformance: volume manager", header,
                VolumeSuite.PROPERTIES, result, k -> VolumeSuite.replayCommand(engine, setup, options, k));
        out.print(report);
        out.flush();
        if (reportFile != null) {
            Files.writeString(reportFile, report, StandardCharsets.UTF_8);
        }
        return result.passed() ? Main.EXIT_PASS : Main.EXIT_VIOLATION;
    }

    private VolumeEngine resolve() {
        try {
            if (engine.equals("txstack") || engine.startsWith("txstack:")) {
                return TxstackVolumeEngine.named(engine.replace('-', '_'));
            }
            return Class.forName(engine).asSubclass(VolumeEngine.class).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--engine: no volume engine '" + engine
                    + "': " + e.getMessage());
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

    /** Progress lines go to picocli's error writer, a line at a time (so tests can capture them). */
    private static final class LineStream extends OutputStream {
        private final PrintWriter writer;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineStream(PrintWriter writer) {
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
