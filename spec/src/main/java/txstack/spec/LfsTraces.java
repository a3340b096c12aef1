package txstack.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Trace validation of the log file service, both ways: writes the module {@code LfsTraces.tla} that
 * {@code LfsTrace.tla} reads, and runs TLC on it.
 *
 * <p>One way: a trace is a list of {@link Step}s, one per Lfs action taken (or read served), each with the
 * observable state after it; TLC accepts the traces (verdict {@code pass}) iff every one is a behaviour of
 * {@code Lfs}, and otherwise reports a deadlock at the first step of some trace that no Lfs step matches
 * ({@link #rejection(TlcResult)}). Other way: at each {@link CrashPoint} (a trace's state before one of its steps)
 * TLC crashes with every outcome Lfs allows and recovers, and prints each recovered state
 * ({@link Result#outcomes()}); {@link #differences} compares them with the model's allowed recoveries.
 *
 * <p>The format is documented in {@code spec/README.md}; this class is one way to produce it.
 */
public final class LfsTraces {

    /** The generated module's name; {@code LfsTrace.tla} extends it. */
    public static final String MODULE = "LfsTraces";
    /** The checking module and its model, bundled with the specs. */
    public static final String CHECKER_MODULE = "LfsTrace";
    public static final String CHECKER_CFG = "LfsTrace.cfg";

    /** Limits on the input, so that a runaway generator fails clearly instead of feeding TLC gigabytes. */
    public static final int TRACES_MAX = 10_000;
    public static final int STEPS_MAX = 1_000_000;
    public static final int CRASH_POINTS_MAX = 10_000;

    private static final Pattern TRACE_VAR = Pattern.compile("^/\\\\ tr = (\\d+)$", Pattern.MULTILINE);
    private static final Pattern STEP_VAR = Pattern.compile("^/\\\\ step = (\\d+)$", Pattern.MULTILINE);
    private static final Pattern OUTCOME = Pattern.compile(
            "^<<\"outcome\", (\\d+), (\\d+), (\\d+), (\\d+), (\\d+), (\\d+)>>$", Pattern.MULTILINE);

    private LfsTraces() {
    }

    /**
     * Values of the Lfs constants for the traces (the cfg substitutes them; the bug toggles are off there).
     *
     * @param slots      N, page slots of the logging area
     * @param maxLsn     MaxLsn: at least the largest LSN any trace appends
     * @param maxCrashes MaxCrashes: at least the number of crashes in any trace
     * @param data       Data: the client-data values BeginWriteRestart may write (not 0: 0 is "none yet")
     */
    public record Constants(int slots, long maxLsn, int maxCrashes, Set<Integer> data) {
        public Constants {
            data = Set.copyOf(data);
            if (slots < 1 || maxLsn < 0 || maxCrashes < 0 || data.contains(0) || data.stream().anyMatch(d -> d < 0)) {
                throw new IllegalArgumentException("invalid trace constants: slots=" + slots + " maxLsn=" + maxLsn
                        + " maxCrashes=" + maxCrashes + " data=" + data);
            }
        }

        /**
         * The smallest MaxLsn and MaxCrashes that the given traces need, with room for one more crash: the one TLC
         * takes at a crash point at the end of a trace.
         */
        public static Constants covering(int slots, Set<Integer> data, List<List<Step>> traces) {
            long maxLsn = 0;
            int maxCrashes = 0;
            for (List<Step> trace : traces) {
                int crashes = 0;
                for (Step step : trace) {
                    maxLsn = Math.max(maxLsn, step.obs().nextLsn() - 1);
                    crashes += step instanceof Step.Crash ? 1 : 0;
                }
                maxCrashes = Math.max(maxCrashes, crashes);
            }
            return new Constants(slots, maxLsn, maxCrashes + 1, data);
        }
    }

    /**
     * The observable state after a step ({@code Obs} in Lfs.tla). While the system is down it keeps the values it
     * had before the crash; only {@code up} changes.
     *
     * @param rsStart the start of the restart area the running system holds (1 before any write)
     * @param rsData  its client data (0 before any write)
     */
    public record Obs(long nextLsn, long flushedLsn, long startLsn, long rsStart, int rsData, boolean up) {
        String tla() {
            return "[nextLsn |-> " + nextLsn + ", flushedLsn |-> " + flushedLsn + ", startLsn |-> " + startLsn
                    + ", rsStart |-> " + rsStart + ", rsData |-> " + rsData + ", up |-> " + (up ? "TRUE" : "FALSE")
                    + "]";
        }
    }

    /** What happened to the restart copy in flight at a crash; {@link #NONE} when none was. */
    public enum RestartOutcome {
        NONE, OLD, NEW, TORN;

        String tla() {
            return "\"" + name().toLowerCase(java.util.Locale.ROOT) + "\"";
        }
    }

    /** One Lfs action with its argument, and the observable state after it. */
    public sealed interface Step {
        Obs obs();

        /** The action's name in Lfs.tla. */
        default String op() {
            return getClass().getSimpleName();
        }

        /** The action's argument as TLA+ text (0 when it has none). */
        String argTla();

        record Append(Obs obs) implements Step {
            public String argTla() {
                return "0";
            }
        }

        record Flush(long lsn, Obs obs) implements Step {
            public String argTla() {
                return Long.toString(lsn);
            }
        }

        record AdvanceStart(long lsn, Obs obs) implements Step {
            public String argTla() {
                return Long.toString(lsn);
            }
        }

        record BeginWriteRestart(int data, Obs obs) implements Step {
            public String argTla() {
                return Integer.toString(data);
            }
        }

        record CompleteWriteRestart(Obs obs) implements Step {
            public String argTla() {
                return "0";
            }
        }

        /**
         * A crash and the outcome the trace took: which pending pages (named by the LSN they hold) reached the disk,
         * and what became of a restart copy in flight.
         */
        record Crash(Set<Long> persistedLsns, RestartOutcome restart, Obs obs) implements Step {
            public Crash {
                persistedLsns = Set.copyOf(persistedLsns);
                Objects.requireNonNull(restart, "restart");
            }

            public String argTla() {
                String lsns = new TreeSet<>(persistedLsns).stream().map(String::valueOf)
                        .collect(Collectors.joining(", ", "{", "}"));
                return "[lsns |-> " + lsns + ", restart |-> " + restart.tla() + "]";
            }
        }

        record Recover(Obs obs) implements Step {
            public String argTla() {
                return "0";
            }
        }

        /** A read served (LFS-4): up to {@code maxRecords} records from {@code fromLsn} on; it changes nothing. */
        record ReadForward(long fromLsn, int maxRecords, List<Long> lsns, Obs obs) implements Step {
            public ReadForward {
                lsns = List.copyOf(lsns);
            }

            public String argTla() {
                return readArg(fromLsn, maxRecords, lsns);
            }
        }

        /** A read served (LFS-4): up to {@code maxRecords} records from {@code fromLsn} back; it changes nothing. */
        record ReadBackward(long fromLsn, int maxRecords, List<Long> lsns, Obs obs) implements Step {
            public ReadBackward {
                lsns = List.copyOf(lsns);
            }

            public String argTla() {
                return readArg(fromLsn, maxRecords, lsns);
            }
        }
    }

    private static String readArg(long fromLsn, int maxRecords, List<Long> lsns) {
        return "[from |-> " + fromLsn + ", max |-> " + maxRecords + ", lsns |-> "
                + lsns.stream().map(String::valueOf).collect(Collectors.joining(", ", "<<", ">>")) + "]";
    }

    /** Trace {@code trace}'s state before its step {@code step} (1-based; {@code step} may be its length + 1). */
    public record CrashPoint(int trace, int step) {
    }

    /** A TLC run's verdict, and the recovered states the spec reaches by crash point (1-based index). */
    public record Result(TlcResult tlc, Map<Integer, Set<Obs>> outcomes) {
    }

    /** Where TLC stopped following a trace: 1-based indexes into the list of traces and into that trace. */
    public record Rejection(int trace, int step) {
    }

    /** The text of {@code LfsTraces.tla} for these constants and traces, with no crash points. */
    public static String module(Constants constants, List<List<Step>> traces) {
        return module(constants, traces, List.of());
    }

    /** The text of {@code LfsTraces.tla} for these constants, traces and crash points. */
    public static String module(Constants constants, List<List<Step>> traces, List<CrashPoint> crashPoints) {
        checkLimits(traces, crashPoints);
        StringBuilder text = new StringBuilder(4096)
                .append("---- MODULE ").append(MODULE).append(" ----\n")
                .append("\\* Generated by txstack.spec.LfsTraces: the input of LfsTrace.tla (see spec/README.md).\n")
                .append("EXTENDS Naturals\n")
                .append("TraceN == ").append(constants.slots()).append('\n')
                .append("TraceMaxLsn == ").append(constants.maxLsn()).append('\n')
                .append("TraceMaxCrashes == ").append(constants.maxCrashes()).append('\n')
                .append("TraceData == ").append(new TreeSet<>(constants.data()).stream().map(String::valueOf)
                        .collect(Collectors.joining(", ", "{", "}"))).append('\n')
                .append("Traces == <<\n");
        for (int t = 0; t < traces.size(); t++) {
            text.append("  <<");
            List<Step> trace = traces.get(t);
            for (int s = 0; s < trace.size(); s++) {
                Step step = trace.get(s);
                text.append(s == 0 ? "\n" : ",\n").append("    [op |-> \"").append(step.op()).append("\", arg |-> ")
                        .append(step.argTla()).append(", obs |-> ").append(step.obs().tla()).append(']');
            }
            text.append(trace.isEmpty() ? " >>" : "\n  >>").append(t + 1 < traces.size() ? ",\n" : "\n");
        }
        return text.append(">>\nCrashPoints == ")
                .append(crashPoints.stream().map(c -> "<<" + c.trace() + ", " + c.step() + ">>")
                        .collect(Collectors.joining(", ", "<<", ">>")))
                .append("\n====\n").toString();
    }

    /** Writes {@code LfsTraces.tla} into {@code directory}. */
    public static Path write(Path directory, Constants constants, List<List<Step>> traces) {
        return write(directory, constants, traces, List.of());
    }

    /** Writes {@code LfsTraces.tla}, with crash points, into {@code directory}. */
    public static Path write(Path directory, Constants constants, List<List<Step>> traces,
                             List<CrashPoint> crashPoints) {
        Path file = directory.resolve(MODULE + ".tla");
        try {
            Files.writeString(file, module(constants, traces, crashPoints), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new SpecException("cannot write the trace module: file=" + file, e);
        }
    }

    /**
     * Checks the traces against Lfs: copies the bundled specs and the generated module into a fresh temp directory,
     * runs TLC on {@code LfsTrace} and deletes the directory.
     */
    public static TlcResult check(Tlc tlc, Constants constants, List<List<Step>> traces, Duration timeout) {
        return check(tlc, constants, traces, List.of(), timeout).tlc();
    }

    /**
     * Checks the traces and explores the crash points (TLC with one worker: the outcome lines must not interleave).
     * With the traces' own {@link Constants#covering} a crash point may be any up state of a trace.
     */
    public static Result check(Tlc tlc, Constants constants, List<List<Step>> traces, List<CrashPoint> crashPoints,
                               Duration timeout) {
        TlcResult result = TraceRuns.check(tlc, "txstack-lfs-traces-",
                directory -> write(directory, constants, traces, crashPoints), CHECKER_MODULE, CHECKER_CFG, timeout);
        return new Result(result, outcomes(result.output()));
    }

    /** The outcome lines in TLC's output (recovered states, so {@code up} is true), by crash point. */
    public static Map<Integer, Set<Obs>> outcomes(String output) {
        Map<Integer, Set<Obs>> byPoint = new TreeMap<>();
        Matcher m = OUTCOME.matcher(output);
        while (m.find()) {
            Obs obs = new Obs(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5)), Integer.parseInt(m.group(6)), true);
            byPoint.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new HashSet<>()).add(obs);
        }
        return byPoint;
    }

    /**
     * Where the spec's recovered states differ from the model's, one line per crash point that differs (empty: all
     * equal). {@code model.get(i)} is the model's set at crash point {@code i + 1}.
     */
    public static List<String> differences(List<CrashPoint> crashPoints, List<Set<Obs>> model,
                                           Map<Integer, Set<Obs>> spec) {
        return TraceRuns.differences(crashPoints.stream().map(c -> "trace=" + c.trace() + " beforeStep=" + c.step())
                .toList(), model, spec);
    }

    /** For a deadlock verdict: the trace and step no Lfs step matched, read from TLC's last printed state. */
    public static Optional<Rejection> rejection(TlcResult result) {
        if (result.outcome() != TlcResult.Outcome.DEADLOCK) {
            return Optional.empty();
        }
        int trace = TraceRuns.lastInt(TRACE_VAR, result.output());
        int step = TraceRuns.lastInt(STEP_VAR, result.output());
        return trace < 1 || step < 1 ? Optional.empty() : Optional.of(new Rejection(trace, step));
    }

    private static void checkLimits(List<List<Step>> traces, List<CrashPoint> crashPoints) {
        if (traces.isEmpty() || traces.size() > TRACES_MAX) {
            throw new SpecException("trace count out of range: traces=" + traces.size() + " max=" + TRACES_MAX);
        }
        long steps = traces.stream().mapToLong(List::size).sum();
        if (steps > STEPS_MAX) {
            throw new SpecException("too many trace steps: steps=" + steps + " max=" + STEPS_MAX);
        }
        if (crashPoints.size() > CRASH_POINTS_MAX) {
            throw new SpecException("too many crash points: crashPoints=" + crashPoints.size() + " max="
                    + CRASH_POINTS_MAX);
        }
        for (CrashPoint c : crashPoints) {
            if (c.trace() < 1 || c.trace() > traces.size() || c.step() < 1
                    || c.step() > traces.get(c.trace() - 1).size() + 1) {
                throw new SpecException("crash point outside the traces: trace=" + c.trace() + " step=" + c.step());
            }
        }
    }
}
