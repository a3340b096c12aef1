package txstack.conformance.explorer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/** Renders an {@link ExplorationResult} as the readable report the CLI prints and writes. */
public final class ExplorationReport {

    /**
     * A property the suite checks: the requirement, and how this suite checks it (the requirement's own text is in
     * {@code docs/requirements.md}).
     */
    public record Property(Requirement requirement, String description) {
    }

    private ExplorationReport() {
    }

    /**
     * @param title         first line, e.g. {@code txstack conformance: LFS}
     * @param header        key and value lines under the title (engine, device, ...), in order
     * @param properties    the properties the suite checks, in report order
     * @param replayCommand the one-line command that replays workload {@code k}
     */
    public static String render(String title, Map<String, String> header, List<Property> properties,
                                ExplorationResult<?> result, IntFunction<String> replayCommand) {
        StringBuilder out = new StringBuilder();
        ExplorerOptions o = result.options();
        out.append(title).append('\n');
        header.forEach((k, v) -> line(out, k, v));
        line(out, "mode", o.mode().name().toLowerCase(Locale.ROOT));
        line(out, "seed", o.seed() + (o.onlyWorkload().isPresent() ? " (workload " + o.onlyWorkload().getAsInt()
                + " only)" : " (workloads 0.." + (o.workloads() - 1) + ")") + ", steps per workload <= "
                + o.stepsMax());
        line(out, "elapsed", elapsed(result));
        out.append("\nCounts\n");
        for (Stats.Counter c : Stats.Counter.values()) {
            if (c.everySuite() || result.stats().get(c) > 0) {
                line(out, c.label(), String.format("%,d", result.stats().get(c)));
            }
        }
        result.stats().setups().forEach((label, n) -> line(out, "workloads on " + label, String.format("%,d", n)));
        result.stoppedEarly().ifPresent(why -> line(out, "stopped early", why));
        out.append("\nProperties\n");
        Map<Requirement, Long> checks = result.stats().propertyChecks();
        Requirement violated = result.counterexample().map(c -> c.violation().property()).orElse(null);
        for (Property p : properties) {
            long n = checks.getOrDefault(p.requirement(), 0L);
            String verdict = p.requirement() == violated ? "VIOLATED" : n == 0 ? "not exercised" : "held";
            String count = n == 0 ? "" : String.format("%,d checks", n);
            out.append(String.format("  %-7s %-14s %16s  %s%n", p.requirement().id(), verdict, count,
                    p.description()));
        }
        result.counterexample().ifPresent(c -> counterexample(out, c, replayCommand.apply(c.workload())));
        out.append('\n').append(verdictLine(result)).append('\n');
        return out.toString();
    }

    /** The last line: {@code VERDICT: PASS ...} or {@code VERDICT: FAIL ...}. */
    public static String verdictLine(ExplorationResult<?> result) {
        if (result.counterexample().isPresent()) {
            Counterexample<?> c = result.counterexample().get();
            return "VERDICT: FAIL - " + c.violation().property() + " violated in workload " + c.workload()
                    + " (seed " + result.options().seed() + ")";
        }
        return String.format("VERDICT: PASS - no property violated in %,d workloads, %,d crash states%s",
                result.workloadsCompleted(), result.stats().get(Stats.Counter.CRASH_STATES),
                result.stoppedEarly().isPresent() ? " (stopped early at a limit)" : "");
    }

    private static void counterexample(StringBuilder out, Counterexample<?> c, String replay) {
        Violation v = c.violation();
        out.append("\nCounterexample: workload ").append(c.workload()).append(" (case seed ").append(c.caseSeed())
                .append("), found after ").append(String.format("%.1fs", c.foundAfter().toMillis() / 1000.0))
                .append(" and ").append(c.workloadsRun()).append(" workloads\n");
        out.append("  ").append(v.property()).append(": ").append(v.summary()).append('\n');
        out.append("  replay: ").append(replay).append('\n');
        out.append("  steps (shrunk from ").append(c.originalStepCount()).append(" to ")
                .append(c.shrunk().steps().size()).append(" in ").append(c.shrinkRuns()).append(" runs")
                .append(c.shrinkLimitHit() ? ", shrink limit hit" : "").append("):\n");
        indent(out, c.shrunk().trace(), "    ");
        c.image().ifPresent(m -> out.append("  crash image minimised: ").append(m.nonDurableBefore())
                .append(" -> ").append(m.nonDurableAfter()).append(" sectors from non-durable writes\n"));
        indent(out, v.details(), "  ");
    }

    private static void indent(StringBuilder out, String text, String prefix) {
        if (text.isEmpty()) {
            return;
        }
        for (String l : text.stripTrailing().split("\n", -1)) {
            out.append(prefix).append(l).append('\n');
        }
    }

    /** The run's wall-clock time and the crash states it checked per second of it. */
    private static String elapsed(ExplorationResult<?> result) {
        long millis = result.elapsed().toMillis();
        String seconds = String.format("%.1fs", millis / 1000.0);
        long states = result.stats().get(Stats.Counter.CRASH_STATES);
        return millis <= 0 || states == 0 ? seconds
                : seconds + String.format(" (%,d crash states per second)", states * 1000 / millis);
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(String.format("  %-40s %s%n", key, value));
    }
}
