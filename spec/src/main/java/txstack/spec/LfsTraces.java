package txstack.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Trace validation of the log file service: writes the module {@code LfsTraces.tla} that {@code LfsTrace.tla} reads,
 * and runs TLC on it. A trace is a list of {@link Step}s, one per Lfs action taken, each with the observable state
 * after it; TLC accepts the traces (verdict {@code pass}) iff every one is a behaviour of {@code Lfs}, and otherwise
 * reports a deadlock at the first step of some trace that no Lfs step matches ({@link #rejection(TlcResult)}).
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

    private static final Pattern TRACE_VAR = Pattern.compile("^/\\\\ tr = (\\d+)$", Pattern.MULTILINE);
    private static final Pattern STEP_VAR = Pattern.compile("^/\\\\ step = (\\d+)$", Pattern.MULTILINE);

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

        /** The smallest MaxLsn and MaxCrashes that the given traces need. */
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
            return new Constants(slots, maxLsn, maxCrashes, data);
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
    }

    /** Where TLC stopped following a trace: 1-based indexes into the list of traces and into that trace. */
    public record Rejection(int trace, int step) {
    }

    /** The text of {@code LfsTraces.tla} for these constants and traces. */
    public static String module(Constants constants, List<List<Step>> traces) {
        checkLimits(traces);
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
        return text.append(">>\n====\n").toString();
    }

    /** Writes {@code LfsTraces.tla} into {@code directory}. */
    public static Path write(Path directory, Constants constants, List<List<Step>> traces) {
        Path file = directory.resolve(MODULE + ".tla");
        try {
            Files.writeString(file, module(constants, traces), StandardCharsets.UTF_8);
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
        return TraceRuns.check(tlc, "txstack-lfs-traces-", directory -> write(directory, constants, traces),
                CHECKER_MODULE, CHECKER_CFG, timeout);
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

    private static void checkLimits(List<List<Step>> traces) {
        if (traces.isEmpty() || traces.size() > TRACES_MAX) {
            throw new SpecException("trace count out of range: traces=" + traces.size() + " max=" + TRACES_MAX);
        }
        long steps = traces.stream().mapToLong(List::size).sum();
        if (steps > STEPS_MAX) {
            throw new SpecException("too many trace steps: steps=" + steps + " max=" + STEPS_MAX);
        }
    }
}
