package txstack.spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one TLC run found, read from its output.
 *
 * @param outcome        how the run ended
 * @param violated       the violated invariant or property, or {@code ""} when TLC names none
 * @param distinctStates the last "N distinct states found" count, or -1 if TLC printed none
 * @param depth          the last "depth of the complete state graph search" (else of the last "Progress(depth)" line), or -1 if TLC printed none
 * @param exitCode       TLC's exit code (0 only when no error was found)
 * @param elapsed        wall-clock time of the run
 * @param output         everything TLC printed (stdout and stderr), with the counterexample if there is one
 */
public record TlcResult(Outcome outcome, String violated, long distinctStates, int depth, int exitCode,
                        Duration elapsed, String output) {

    /** How a TLC run ended. */
    public enum Outcome {
        /** "Model checking completed. No error has been found." and exit code 0. */
        PASS,
        /** A state violates an invariant (named in {@link TlcResult#violated()}). */
        INVARIANT_VIOLATED,
        /** A reachable state has no successor and deadlock checking is on. */
        DEADLOCK,
        /** An action or temporal property is violated. */
        PROPERTY_VIOLATED,
        /** Anything else: parse or semantic error, a failed ASSUME, an exception in TLC, no verdict printed. */
        ERROR
    }

    // Lines TLC 2.18 prints; the same texts have been stable across TLC 2.x releases.
    private static final String PASS_LINE = "Model checking completed. No error has been found.";
    private static final Pattern INVARIANT = Pattern.compile("^Error: Invariant (\\S+) is violated", Pattern.MULTILINE);
    private static final Pattern DEADLOCK = Pattern.compile("^Error: Deadlock reached\\.", Pattern.MULTILINE);
    private static final List<Pattern> PROPERTY = List.of(
            Pattern.compile("^Error: Action property (\\S+) is violated", Pattern.MULTILINE),
            Pattern.compile("^Error: Temporal properties were violated\\.()", Pattern.MULTILINE),
            Pattern.compile("^Error: The following behavior(?: \\(not necessarily minimal\\))? violates ()",
                    Pattern.MULTILINE));
    private static final Pattern DISTINCT = Pattern.compile("(\\d[\\d,]*) distinct states found");
    private static final Pattern DEPTH = Pattern.compile("The depth of the complete state graph search is (\\d+)\\.");
    /** TLC's progress lines carry the search depth; after a liveness violation they are the only place it is. */
    private static final Pattern PROGRESS_DEPTH = Pattern.compile("^Progress\\((\\d+)\\)", Pattern.MULTILINE);

    public TlcResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(violated, "violated");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(output, "output");
    }

    /**
     * Reads a TLC run's output. The verdict comes from the text; an exit code that contradicts it (a "pass" with a
     * non-zero code, an error with code 0) makes the outcome {@link Outcome#ERROR}.
     */
    public static TlcResult parse(String output, int exitCode, Duration elapsed) {
        Outcome outcome;
        String violated = "";
        Matcher invariant = INVARIANT.matcher(output);
        Matcher property = firstMatch(output);
        if (invariant.find()) {
            outcome = Outcome.INVARIANT_VIOLATED;
            violated = invariant.group(1);
        } else if (DEADLOCK.matcher(output).find()) {
            outcome = Outcome.DEADLOCK;
        } else if (property != null) {
            outcome = Outcome.PROPERTY_VIOLATED;
            violated = property.group(1);
        } else if (output.contains(PASS_LINE)) {
            outcome = Outcome.PASS;
        } else {
            outcome = Outcome.ERROR;
        }
        if ((outcome == Outcome.PASS) != (exitCode == 0)) {
            outcome = Outcome.ERROR;
        }
        long depth = lastLong(DEPTH, output);
        if (depth < 0) {
            depth = lastLong(PROGRESS_DEPTH, output);
        }
        return new TlcResult(outcome, violated, lastLong(DISTINCT, output), (int) depth, exitCode, elapsed, output);
    }

    /** The name in a verdict for a liveness violation: TLC names no property there. */
    public static final String TEMPORAL = "temporal";

    /**
     * The verdict in the manifest's notation: {@code pass}, {@code violation:<name>}, {@code deadlock},
     * {@code property:<name>} or {@code error}.
     */
    public String verdict() {
        return switch (outcome) {
            case PASS -> "pass";
            case INVARIANT_VIOLATED -> "violation:" + violated;
            case DEADLOCK -> "deadlock";
            case PROPERTY_VIOLATED -> "property:" + (violated.isEmpty() ? TEMPORAL : violated);
            case ERROR -> "error";
        };
    }

    /** One line for logs: verdict, counts, exit code and time. */
    public String summary() {
        return "verdict=" + verdict() + " distinctStates=" + distinctStates + " depth=" + depth + " exitCode="
                + exitCode + " elapsedMillis=" + elapsed.toMillis();
    }

    private static Matcher firstMatch(String output) {
        for (Pattern pattern : PROPERTY) {
            Matcher matcher = pattern.matcher(output);
            if (matcher.find()) {
                return matcher;
            }
        }
        return null;
    }

    private static long lastLong(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        long last = -1;
        while (matcher.find()) {
            last = Long.parseLong(matcher.group(1).replace(",", ""));
        }
        return last;
    }
}
