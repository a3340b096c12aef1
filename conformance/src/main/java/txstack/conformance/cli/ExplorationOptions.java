package txstack.conformance.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import txstack.conformance.explorer.CaseRunner;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Explorer;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;

/** The options every {@code conform} suite shares: how to explore, and where the report and progress go. */
final class ExplorationOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    private CommandLine.Model.CommandSpec spec;

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

    Mode mode() {
        return mode;
    }

    Duration timeLimit() {
        return timeLimit;
    }

    /** The explorer's options; a bad combination is a usage error naming it. */
    ExplorerOptions explorerOptions() {
        try {
            ExplorerOptions.Builder o = ExplorerOptions.builder(mode)
                    .seed(seed != null ? seed : new SplittableRandom().nextLong(1, 1L << 48))
                    .timeLimit(timeLimit)
                    .jobs(jobs != null ? jobs : Math.min(ExplorerOptions.JOBS_MAX,
                            Runtime.getRuntime().availableProcessors()));
            if (workloads != null) {
                o.workloads(workloads);
            }
            if (steps != null) {
                o.stepsMax(steps);
            }
            if (crashStatesMax != null) {
                o.crashStatesMax(crashStatesMax);
            }
            if (workload != null) {
                o.onlyWorkload(workload);
            }
            return o.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Where progress lines go: picocli's error writer, a line at a time (so tests can capture them), or nowhere. */
    PrintStream progress() {
        return quiet ? new PrintStream(OutputStream.nullOutputStream())
                : new PrintStream(new LineStream(spec.commandLine().getErr()), true, StandardCharsets.UTF_8);
    }

    /** Prints the report, and writes it to {@code --report} if given. */
    void emit(String report) throws IOException {
        spec.commandLine().getOut().print(report);
        spec.commandLine().getOut().flush();
        if (reportFile != null) {
            Files.writeString(reportFile, report, StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs one suite the way every {@code conform} command does: a progress line naming what runs, the exploration,
     * the report (printed, and written to {@code --report}); returns the exit code.
     *
     * @param suiteName  e.g. {@code lfs}
     * @param engineName the engine as reports name it
     * @param header     the report's lines under its title (engine, disks, ...); {@code jobs} is added
     * @param replay     the one-line command that replays workload {@code k}
     */
    <S> int explore(String suiteName, String engineName, CaseRunner<S> suite, String title, Map<String, String> header,
                    List<ExplorationReport.Property> properties, Function<ExplorerOptions, IntFunction<String>> replay)
            throws IOException {
        ExplorerOptions options = explorerOptions();
        PrintStream progress = progress();
        progress.println("[txstack] conform " + suiteName + ": engine " + engineName + ", "
                + mode.name().toLowerCase(Locale.ROOT) + ", seed " + options.seed() + ", "
                + (options.onlyWorkload().isPresent() ? "workload " + options.onlyWorkload().getAsInt()
                : options.workloads() + " workloads") + ", time limit " + timeLimit.toSeconds() + "s, "
                + options.jobs() + " jobs");
        ExplorationResult<S> result = new Explorer<>(suite, options, progress).run();
        Map<String, String> lines = new LinkedHashMap<>(header);
        lines.put("jobs", String.valueOf(options.jobs()));
        emit(ExplorationReport.render(title, lines, properties, result, replay.apply(options)));
        return result.passed() ? Main.EXIT_PASS : Main.EXIT_VIOLATION;
    }
}
