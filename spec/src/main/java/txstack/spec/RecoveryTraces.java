package txstack.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Trace validation of log recovery, both ways: writes the module {@code LogRecoveryTraces.tla} that
 * {@code LogRecoveryTrace.tla} reads, runs TLC on it and reads the verdict and the outcomes.
 *
 * <p>One way: every trace (a list of {@link Step}s, one per LogRecovery action with its arguments and the state after
 * it) must be a behaviour of {@code LogRecovery} (bugs off, every invariant checked along it); otherwise TLC reports a
 * deadlock at the first step no spec step matches ({@link #rejection}). Other way: at each {@link CrashPoint} (a
 * trace's state before one of its steps), TLC crashes with every cut and runs recovery in every way the spec allows,
 * and prints the page values and committed transactions at every completed recovery ({@link Result#outcomes()});
 * {@link #differences} compares them with the model's allowed outcomes.
 *
 * <p>Transactions and pages are the integers {@code 1..txCount} and {@code 1..pageCount} (the cfg substitutes
 * {@code Tx <- TraceTx} and {@code Page <- TracePage}), so no model values need mapping. The format is documented in
 * {@code spec/README.md}.
 */
public final class RecoveryTraces {

    /** The generated module's name; {@code LogRecoveryTrace.tla} extends it. */
    public static final String MODULE = "LogRecoveryTraces";
    /** The checking module and its model, bundled with the specs. */
    public static final String CHECKER_MODULE = "LogRecoveryTrace";
    public static final String CHECKER_CFG = "LogRecoveryTrace.cfg";

    /** Limits on the input, so that a runaway generator fails clearly instead of feeding TLC gigabytes. */
    public static final int TRACES_MAX = 10_000;
    public static final int STEPS_MAX = 200_000;
    public static final int CRASH_POINTS_MAX = 10_000;
    public static final int EXPLORE_CRASHES_MAX = 4;

    /** Actions and how many arguments each takes (Done, the stutter, is never a step). */
    public static final Map<String, Integer> ARITY = Map.ofEntries(
            Map.entry("Update", 3), Map.entry("Commit", 1), Map.entry("Rollback", 1), Map.entry("RollbackStep", 1),
            Map.entry("FlushLog", 0), Map.entry("FlushPage", 1), Map.entry("BeginCheckpoint", 0),
            Map.entry("EndCheckpoint", 0), Map.entry("Crash", 1), Map.entry("Analysis", 0),
            Map.entry("RedoStep", 0), Map.entry("UndoStep", 1));

    private static final Pattern TRACE_VAR = Pattern.compile("^/\\\\ tr = (\\d+)$", Pattern.MULTILINE);
    private static final Pattern STEP_VAR = Pattern.compile("^/\\\\ step = (\\d+)$", Pattern.MULTILINE);
    private static final Pattern CP_VAR = Pattern.compile("^/\\\\ cp = (\\d+)$", Pattern.MULTILINE);
    private static final Pattern OUTCOME = Pattern.compile(
            "^<<\"outcome\", (\\d+), <<([\\d, ]*)>>, \\{([\\d, ]*)\\}>>$", Pattern.MULTILINE);

    private RecoveryTraces() {
    }

    /**
     * Values of the LogRecovery constants (the cfg substitutes them; the bug toggles are off there).
     *
     * @param maxCrashes     MaxCrashes: at least the crashes of any trace plus {@code exploreCrashes}
     * @param exploreCrashes crashes TLC takes at a crash point: the crash itself and those during its recovery
     */
    public record Constants(int txCount, int pageCount, int maxVal, int maxUpdates, int maxCheckpoints,
                            int maxCrashes, int exploreCrashes) {
        public Constants {
            if (txCount < 1 || pageCount < 1 || maxVal < 1 || maxUpdates < 0 || maxCheckpoints < 0 || maxCrashes < 0
                    || exploreCrashes < 1 || exploreCrashes > EXPLORE_CRASHES_MAX) {
                throw new IllegalArgumentException("invalid trace constants: txCount=" + txCount + " pageCount="
                        + pageCount + " maxVal=" + maxVal + " maxUpdates=" + maxUpdates + " maxCheckpoints="
                        + maxCheckpoints + " maxCrashes=" + maxCrashes + " exploreCrashes=" + exploreCrashes);
            }
        }
    }

    /** A log record as LogRecovery writes it. */
    public sealed interface Rec {
        String tla();

        record Upd(int tx, int page, int before, int after, int prev) implements Rec {
            public String tla() {
                return "[type |-> \"upd\", tx |-> " + tx + ", page |-> " + page + ", before |-> " + before
                        + ", after |-> " + after + ", prev |-> " + prev + "]";
            }
        }

        record Clr(int tx, int page, int after, int undoNext) implements Rec {
            public String tla() {
                return "[type |-> \"clr\", tx |-> " + tx + ", page |-> " + page + ", after |-> " + after
                        + ", undoNext |-> " + undoNext + "]";
            }
        }

        record Commit(int tx) implements Rec {
            public String tla() {
                return "[type |-> \"commit\", tx |-> " + tx + "]";
            }
        }

        record End(int tx) implements Rec {
            public String tla() {
                return "[type |-> \"end\", tx |-> " + tx + "]";
            }
        }

        record BeginCkpt() implements Rec {
            public String tla() {
                return "[type |-> \"bckpt\"]";
            }
        }

        /** {@code dpt}: page - 1 -> recLSN; {@code att}: tx - 1 -> last change. */
        record EndCkpt(int begin, List<Integer> dpt, List<Integer> att) implements Rec {
            public EndCkpt {
                dpt = List.copyOf(dpt);
                att = List.copyOf(att);
            }

            public String tla() {
                return "[type |-> \"eckpt\", begin |-> " + begin + ", dpt |-> " + tuple(dpt) + ", att |-> "
                        + tuple(att) + "]";
            }
        }
    }

    /** A page: value and pageLSN. */
    public record PageVal(int val, int lsn) {
        String tla() {
            return "[val |-> " + val + ", lsn |-> " + lsn + "]";
        }
    }

    /**
     * The state after a step ({@code ObsOf} in LogRecoveryTrace.tla): every LogRecovery variable but the ghosts, the
     * log given by its length and its last two records ({@code tail}: a step appends at most two). Lists are indexed
     * by page - 1 or tx - 1; {@code txState} and {@code phase} hold the spec's strings.
     */
    public record Obs(int logLength, List<Rec> tail, int flushed, int start, int rsBegin, int rsEnd,
                      List<PageVal> cache, List<PageVal> disk, List<String> txState, List<Integer> undoNext,
                      int ckptBegin, List<Integer> ckptDpt, List<Integer> ckptAtt, String phase, int crashes,
                      int redoNext, List<Integer> dptR) {
        public Obs {
            tail = List.copyOf(tail);
            cache = List.copyOf(cache);
            disk = List.copyOf(disk);
            txState = List.copyOf(txState);
            undoNext = List.copyOf(undoNext);
            ckptDpt = List.copyOf(ckptDpt);
            ckptAtt = List.copyOf(ckptAtt);
            dptR = List.copyOf(dptR);
            if (tail.size() != Math.min(2, logLength)) {
                throw new IllegalArgumentException("tail must be the last min(2, logLength) records: logLength="
                        + logLength + " tailSize=" + tail.size());
            }
        }

        String tla() {
            return "[len |-> " + logLength + ", tail |-> "
                    + tail.stream().map(Rec::tla).collect(Collectors.joining(", ", "<<", ">>"))
                    + ", flushed |-> " + flushed + ", start |-> " + start + ", rsBegin |-> " + rsBegin
                    + ", rsEnd |-> " + rsEnd
                    + ", cache |-> " + cache.stream().map(PageVal::tla).collect(Collectors.joining(", ", "<<", ">>"))
                    + ", disk |-> " + disk.stream().map(PageVal::tla).collect(Collectors.joining(", ", "<<", ">>"))
                    + ", txState |-> " + txState.stream().map(s -> "\"" + s + "\"")
                            .collect(Collectors.joining(", ", "<<", ">>"))
                    + ", undoNext |-> " + tuple(undoNext) + ", ckptBegin |-> " + ckptBegin
                    + ", ckptDpt |-> " + tuple(ckptDpt) + ", ckptAtt |-> " + tuple(ckptAtt)
                    + ", phase |-> \"" + phase + "\", crashes |-> " + crashes + ", redoNext |-> " + redoNext
                    + ", dptR |-> " + tuple(dptR) + "]";
        }
    }

    /** One LogRecovery action ({@link #ARITY} names them) with its arguments, and the state after it. */
    public record Step(String op, List<Integer> args, Obs obs) {
        public Step {
            args = List.copyOf(args);
            Integer arity = ARITY.get(op);
            if (arity == null || arity != args.size()) {
                throw new IllegalArgumentException("not a LogRecovery action: op=" + op + " args=" + args);
            }
        }

        String tla() {
            return "[op |-> \"" + op + "\", args |-> " + tuple(args) + ", obs |-> " + obs.tla() + "]";
        }
    }

    /** Trace {@code trace}'s state before its step {@code step} (1-based; {@code step} may be its length + 1). */
    public record CrashPoint(int trace, int step) {
    }

    /** What a completed recovery left: page - 1 -> value, and the transactions whose commit record is in the log. */
    public record Outcome(List<Integer> pageValues, Set<Integer> committed) {
        public Outcome {
            pageValues = List.copyOf(pageValues);
            committed = Set.copyOf(committed);
        }

        @Override
        public String toString() {
            return "pages=" + pageValues + " committed=" + new TreeSet<>(committed);
        }
    }

    /**
     * Where TLC stopped following a trace (1-based): the trace and its first step no spec step matched;
     * {@code crashPoint} is 0 for a whole-trace replay, else the crash point whose prefix was being replayed.
     */
    public record Rejection(int trace, int step, int crashPoint) {
    }

    /** A TLC run's verdict, and the spec's outcomes by crash point (1-based index into the crash points). */
    public record Result(TlcResult tlc, Map<Integer, Set<Outcome>> outcomes) {
    }

    /** The text of {@code LogRecoveryTraces.tla}. */
    public static String module(Constants constants, List<List<Step>> traces, List<CrashPoint> crashPoints) {
        checkLimits(traces, crashPoints);
        StringBuilder text = new StringBuilder(1 << 16)
                .append("---- MODULE ").append(MODULE).append(" ----\n")
                .append("\\* Generated by txstack.spec.RecoveryTraces: the input of LogRecoveryTrace.tla "
                        + "(see spec/README.md).\n")
                .append("EXTENDS Naturals\n")
                .append("TraceTx == 1..").append(constants.txCount()).append('\n')
                .append("TracePage == 1..").append(constants.pageCount()).append('\n')
                .append("TraceMaxVal == ").append(constants.maxVal()).append('\n')
                .append("TraceMaxUpdates == ").append(constants.maxUpdates()).append('\n')
                .append("TraceMaxCheckpoints == ").append(constants.maxCheckpoints()).append('\n')
                .append("TraceMaxCrashes == ").append(constants.maxCrashes()).append('\n')
                .append("ExploreCrashes == ").append(constants.exploreCrashes()).append('\n')
                .append("Traces == <<\n");
        for (int t = 0; t < traces.size(); t++) {
            List<Step> trace = traces.get(t);
            text.append("  <<");
            for (int s = 0; s < trace.size(); s++) {
                text.append(s == 0 ? "\n    " : ",\n    ").append(trace.get(s).tla());
            }
            text.append(trace.isEmpty() ? " >>" : "\n  >>").append(t + 1 < traces.size() ? ",\n" : "\n");
        }
        text.append(">>\nCrashPoints == ")
                .append(crashPoints.stream().map(c -> "<<" + c.trace() + ", " + c.step() + ">>")
                        .collect(Collectors.joining(", ", "<<", ">>")))
                .append("\n====\n");
        return text.toString();
    }

    /** Writes {@code LogRecoveryTraces.tla} into {@code directory}. */
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
     * Checks the traces and explores the crash points: copies the bundled specs and the generated module into a
     * fresh temp directory, runs TLC (one worker: the outcome lines must not interleave) on
     * {@code LogRecoveryTrace} and deletes the directory.
     */
    public static Result check(Tlc tlc, Constants constants, List<List<Step>> traces, List<CrashPoint> crashPoints,
                               Duration timeout) {
        TlcResult result = TraceRuns.check(tlc, "txstack-recovery-traces-",
                directory -> write(directory, constants, traces, crashPoints), CHECKER_MODULE, CHECKER_CFG, timeout);
        return new Result(result, outcomes(result.output()));
    }

    /** The outcome lines in TLC's output, by crash point. */
    public static Map<Integer, Set<Outcome>> outcomes(String output) {
        Map<Integer, Set<Outcome>> byPoint = new TreeMap<>();
        Matcher matcher = OUTCOME.matcher(output);
        while (matcher.find()) {
            Outcome outcome = new Outcome(ints(matcher.group(2)), Set.copyOf(ints(matcher.group(3))));
            byPoint.computeIfAbsent(Integer.parseInt(matcher.group(1)), k -> new java.util.HashSet<>()).add(outcome);
        }
        return byPoint;
    }

    /**
     * Where the spec's outcome sets differ from the model's, one line per crash point that differs (empty: all
     * equal). {@code model.get(i)} is the model's set at crash point {@code i + 1}.
     */
    public static List<String> differences(List<CrashPoint> crashPoints, List<Set<Outcome>> model,
                                           Map<Integer, Set<Outcome>> spec) {
        return TraceRuns.differences(crashPoints.stream().map(c -> "trace=" + c.trace() + " beforeStep=" + c.step())
                .toList(), model, spec);
    }

    /** For a deadlock verdict: the trace and step no spec step matched, read from TLC's last printed state. */
    public static Optional<Rejection> rejection(TlcResult result) {
        if (result.outcome() != TlcResult.Outcome.DEADLOCK) {
            return Optional.empty();
        }
        int trace = TraceRuns.lastInt(TRACE_VAR, result.output());
        int step = TraceRuns.lastInt(STEP_VAR, result.output());
        int crashPoint = TraceRuns.lastInt(CP_VAR, result.output());
        return trace < 1 || step < 1 || crashPoint < 0 ? Optional.empty()
                : Optional.of(new Rejection(trace, step, crashPoint));
    }

    private static List<Integer> ints(String commaSeparated) {
        String trimmed = commaSeparated.trim();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return java.util.Arrays.stream(trimmed.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    private static String tuple(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", ", "<<", ">>"));
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
