package txstack.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Trace validation of the transaction protocol (KTM-4, KTM-5): writes the module {@code TransactionTraces.tla} that
 * {@code TransactionTrace.tla} reads and runs TLC on it. Every trace must be a behaviour of {@code Transaction}
 * (bugs off, every safety invariant checked along it); otherwise TLC reports a deadlock at the first step no spec
 * step matches ({@link #rejection}).
 *
 * <p>Trace format: a trace is a list of {@link Step}s; the first is {@code Init} (no arguments) with the initial
 * state, each other names a Transaction action ({@link #ARITY}) with its arguments in the order of the action's
 * parameters and the state after it. A state is every Transaction variable by name ({@link #VARIABLES}), each a
 * {@link Val}. RMs, transactions and items are strings (the cfg substitutes {@code RM <- TraceRM} etc.), so a
 * function over them is written as a record ({@code [fs |-> ..., reg |-> ...]}) and no model values need mapping.
 */
public final class TransactionTraces {

    public static final String MODULE = "TransactionTraces";
    public static final String CHECKER_MODULE = "TransactionTrace";
    public static final String CHECKER_CFG = "TransactionTrace.cfg";

    public static final int TRACES_MAX = 10_000;
    public static final int STEPS_MAX = 200_000;

    /** The variables of Transaction, in the spec's order; a state has exactly these. */
    public static final List<String> VARIABLES = List.of("tmUp", "tmState", "tmEnlisted", "tmVotes", "tmAcks",
            "tmLog", "rmUp", "rmState", "rmLocks", "rmLog", "rmItems", "committed", "msgs", "losses", "enlisted",
            "reported", "obs", "tmCrashes", "rmCrashes", "tmCrashedInDoubt", "rmCrashedInDoubt");

    /** Actions and how many arguments each takes (Done, the stutter, is never a step). */
    public static final Map<String, Integer> ARITY = Map.ofEntries(
            Map.entry("Init", 0), Map.entry("Work", 3), Map.entry("RequestCommit", 1), Map.entry("Rollback", 1),
            Map.entry("SendPrepare", 2), Map.entry("SendOnePhase", 2), Map.entry("RcvYes", 2),
            Map.entry("RcvNo", 2), Map.entry("RcvCommitted", 2), Map.entry("DecideCommit", 1),
            Map.entry("ForceDecision", 1), Map.entry("SendOutcome", 2), Map.entry("RcvAck", 2),
            Map.entry("Forget", 1), Map.entry("Answer", 2), Map.entry("RcvPrepare", 2),
            Map.entry("RefusePrepare", 2), Map.entry("ForcePrepare", 2), Map.entry("RcvOnePhase", 2),
            Map.entry("RcvOutcome", 2), Map.entry("Ask", 2), Map.entry("Lose", 1), Map.entry("TmCrash", 0),
            Map.entry("TmRecover", 0), Map.entry("RmCrash", 1), Map.entry("RmRecover", 1), Map.entry("Read", 3),
            Map.entry("ClientQuery", 1));

    private static final Pattern TRACE_VAR = Pattern.compile("^/\\\\ tr = (\\d+)$", Pattern.MULTILINE);
    private static final Pattern STEP_VAR = Pattern.compile("^/\\\\ step = (\\d+)$", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private TransactionTraces() {
    }

    /** A TLA+ value. */
    public sealed interface Val {
        String tla();

        static Val str(String s) {
            return new Str(s);
        }

        static Val bool(boolean b) {
            return new Bool(b);
        }

        static Val num(int n) {
            return new Num(n);
        }

        static Val set(Set<? extends Val> elements) {
            return new SetVal(Set.copyOf(elements));
        }

        static Val strs(Set<String> strings) {
            return set(strings.stream().map(Str::new).collect(Collectors.toSet()));
        }

        static Val tuple(List<? extends Val> elements) {
            return new Tuple(List.copyOf(elements));
        }

        /** A record, or a function over strings. */
        static Rec rec(Map<String, ? extends Val> fields) {
            return new Rec(new LinkedHashMap<String, Val>(fields));
        }
    }

    public record Str(String s) implements Val {
        public Str {
            if (s.indexOf('"') >= 0 || s.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("string not allowed in a trace: s=" + s);
            }
        }

        public String tla() {
            return "\"" + s + "\"";
        }
    }

    public record Bool(boolean b) implements Val {
        public String tla() {
            return b ? "TRUE" : "FALSE";
        }
    }

    public record Num(int n) implements Val {
        public Num {
            if (n < 0) {
                throw new IllegalArgumentException("naturals only: n=" + n);
            }
        }

        public String tla() {
            return Integer.toString(n);
        }
    }

    public record SetVal(Set<Val> elements) implements Val {
        public String tla() {
            // sorted, so that the same set is always written the same way
            return elements.stream().map(Val::tla).collect(Collectors.toCollection(TreeSet::new)).stream()
                    .collect(Collectors.joining(", ", "{", "}"));
        }
    }

    public record Tuple(List<Val> elements) implements Val {
        public String tla() {
            return elements.stream().map(Val::tla).collect(Collectors.joining(", ", "<<", ">>"));
        }
    }

    /** Fields in insertion order; {@link #with} gives a copy with one field replaced. */
    public record Rec(Map<String, Val> fields) implements Val {
        public Rec {
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("a record needs a field");
            }
            for (String name : fields.keySet()) {
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("not a field name: name=" + name);
                }
            }
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public Val get(String name) {
            Val v = fields.get(name);
            if (v == null) {
                throw new IllegalArgumentException("no such field: name=" + name + " fields=" + fields.keySet());
            }
            return v;
        }

        public Rec with(String name, Val value) {
            get(name);
            Map<String, Val> copy = new LinkedHashMap<>(fields);
            copy.put(name, value);
            return new Rec(copy);
        }

        /** A copy with the value at {@code path} (nested field names) replaced. */
        public Rec with(List<String> path, Val value) {
            if (path.size() == 1) {
                return with(path.getFirst(), value);
            }
            Rec inner = (Rec) get(path.getFirst());
            return with(path.getFirst(), inner.with(path.subList(1, path.size()), value));
        }

        public String tla() {
            return fields.entrySet().stream().map(e -> e.getKey() + " |-> " + e.getValue().tla())
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** The Transaction constants the cfg substitutes (the bugs are off there). */
    public record Constants(List<String> rms, List<String> txs, List<String> items, String noTx, int maxTmCrashes,
                            int maxRmCrashes, int maxLosses, boolean onePhase) {
        public Constants {
            rms = List.copyOf(rms);
            txs = List.copyOf(txs);
            items = List.copyOf(items);
            if (rms.isEmpty() || txs.isEmpty() || items.isEmpty() || maxTmCrashes < 0 || maxRmCrashes < 0
                    || maxLosses < 0 || txs.contains(noTx)) {
                throw new IllegalArgumentException("invalid trace constants: rms=" + rms + " txs=" + txs + " items="
                        + items + " noTx=" + noTx);
            }
        }
    }

    /** One Transaction action ({@link #ARITY}) with its arguments, and every variable after it. */
    public record Step(String op, List<Val> args, Rec state) {
        public Step {
            args = List.copyOf(args);
            Integer arity = ARITY.get(op);
            if (arity == null || arity != args.size()) {
                throw new IllegalArgumentException("not a Transaction action: op=" + op + " args=" + args);
            }
            if (!List.copyOf(state.fields().keySet()).equals(VARIABLES)) {
                throw new IllegalArgumentException("a state has exactly the Transaction variables in order: names="
                        + state.fields().keySet());
            }
        }

        String tla() {
            return "[op |-> \"" + op + "\", args |-> " + Val.tuple(args).tla() + ", state |-> " + state.tla() + "]";
        }
    }

    /**
     * What a model had enabled in the state after a step: the steps whose arguments are all names ({@code op},
     * {@code args}), and the messages it could lose ({@code Lose}'s argument is a message).
     */
    public record Enabled(Set<List<String>> steps, Set<Val> lose) {
        public Enabled {
            steps = Set.copyOf(steps);
            lose = Set.copyOf(lose);
            for (List<String> s : steps) {
                if (s.isEmpty() || ARITY.get(s.getFirst()) == null || ARITY.get(s.getFirst()) != s.size() - 1
                        || s.getFirst().equals("Lose") || s.getFirst().equals("Init")) {
                    throw new IllegalArgumentException("not a named step: op and args=" + s);
                }
            }
        }

        String tla() {
            String named = steps.stream().map(s -> "[op |-> " + new Str(s.getFirst()).tla() + ", args |-> "
                    + Val.tuple(s.subList(1, s.size()).stream().map(Str::new).toList()).tla() + "]")
                    .sorted().collect(Collectors.joining(", ", "{", "}"));
            return "[steps |-> " + named + ", lose |-> " + Val.set(lose).tla() + "]";
        }
    }

    /** Where TLC stopped following a trace (1-based): the trace and its first step no spec step matched. */
    public record Rejection(int trace, int step) {
    }

    /** The text of {@code TransactionTraces.tla}. */
    public static String module(Constants constants, List<List<Step>> traces) {
        return module(constants, traces, List.of());
    }

    /**
     * The text of {@code TransactionTraces.tla}, with what the model had enabled after each step of each trace
     * ({@code enabled.get(t).get(k)}: trace t, after step k; empty list: not checked).
     */
    public static String module(Constants constants, List<List<Step>> traces, List<List<Enabled>> enabled) {
        checkLimits(traces);
        if (!enabled.isEmpty()) {
            boolean parallel = enabled.size() == traces.size();
            for (int t = 0; parallel && t < traces.size(); t++) {
                parallel = enabled.get(t).size() == traces.get(t).size();
            }
            if (!parallel) {
                throw new SpecException("one enabled set per trace step: traces=" + traces.size() + " enabled="
                        + enabled.size());
            }
        }
        StringBuilder text = new StringBuilder(1 << 16)
                .append("---- MODULE ").append(MODULE).append(" ----\n")
                .append("\\* Generated by txstack.spec.TransactionTraces: the input of TransactionTrace.tla.\n")
                .append("TraceRM == ").append(strings(constants.rms())).append('\n')
                .append("TraceTx == ").append(strings(constants.txs())).append('\n')
                .append("TraceItem == ").append(strings(constants.items())).append('\n')
                .append("TraceNoTx == \"").append(constants.noTx()).append("\"\n")
                .append("TraceMaxTmCrashes == ").append(constants.maxTmCrashes()).append('\n')
                .append("TraceMaxRmCrashes == ").append(constants.maxRmCrashes()).append('\n')
                .append("TraceMaxLosses == ").append(constants.maxLosses()).append('\n')
                .append("TraceOnePhase == ").append(constants.onePhase() ? "TRUE" : "FALSE").append('\n')
                .append("Traces == <<\n");
        for (int t = 0; t < traces.size(); t++) {
            List<Step> trace = traces.get(t);
            text.append("  <<");
            for (int s = 0; s < trace.size(); s++) {
                text.append(s == 0 ? "\n    " : ",\n    ").append(trace.get(s).tla());
            }
            text.append("\n  >>").append(t + 1 < traces.size() ? ",\n" : "\n");
        }
        text.append(">>\nEnabled == <<");
        for (int t = 0; t < enabled.size(); t++) {
            text.append(t == 0 ? "\n  " : ",\n  ").append(enabled.get(t).stream().map(Enabled::tla)
                    .collect(Collectors.joining(",\n    ", "<<\n    ", "\n  >>")));
        }
        return text.append(enabled.isEmpty() ? ">>\n====\n" : "\n>>\n====\n").toString();
    }

    /** Writes {@code TransactionTraces.tla} into {@code directory}. */
    public static Path write(Path directory, Constants constants, List<List<Step>> traces,
                             List<List<Enabled>> enabled) {
        Path file = directory.resolve(MODULE + ".tla");
        try {
            Files.writeString(file, module(constants, traces, enabled), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new SpecException("cannot write the trace module: file=" + file, e);
        }
    }

    /** Checks the traces: bundled specs and the generated module in a fresh temp directory, TLC with one worker. */
    public static TlcResult check(Tlc tlc, Constants constants, List<List<Step>> traces, Duration timeout) {
        return check(tlc, constants, traces, List.of(), timeout);
    }

    /**
     * As {@link #check(Tlc, Constants, List, Duration)}, and the other way: in every state of every trace the spec's
     * enabled steps must be the model's ({@code EnabledAgree}; {@code enabled} as in {@link #module(Constants, List,
     * List)}).
     */
    public static TlcResult check(Tlc tlc, Constants constants, List<List<Step>> traces,
                                  List<List<Enabled>> enabled, Duration timeout) {
        return TraceRuns.check(tlc, "txstack-transaction-traces-",
                directory -> write(directory, constants, traces, enabled), CHECKER_MODULE, CHECKER_CFG, timeout);
    }

    /** For a deadlock verdict: the trace and step no spec step matched, read from TLC's last printed state. */
    public static Optional<Rejection> rejection(TlcResult result) {
        if (result.outcome() != TlcResult.Outcome.DEADLOCK) {
            return Optional.empty();
        }
        int trace = TraceRuns.lastInt(TRACE_VAR, result.output());
        int step = TraceRuns.lastInt(STEP_VAR, result.output());
        return trace < 1 || step < 1 ? Optional.empty() : Optional.of(new Rejection(trace, step));
    }

    private static String strings(List<String> values) {
        return values.stream().map(v -> new Str(v).tla()).collect(Collectors.joining(", ", "{", "}"));
    }

    private static void checkLimits(List<List<Step>> traces) {
        if (traces.isEmpty() || traces.size() > TRACES_MAX) {
            throw new SpecException("trace count out of range: traces=" + traces.size() + " max=" + TRACES_MAX);
        }
        long steps = traces.stream().mapToLong(List::size).sum();
        if (steps > STEPS_MAX) {
            throw new SpecException("too many trace steps: steps=" + steps + " max=" + STEPS_MAX);
        }
        for (int t = 0; t < traces.size(); t++) {
            if (traces.get(t).isEmpty() || !traces.get(t).getFirst().op().equals("Init")) {
                throw new SpecException("a trace starts with its Init step: trace=" + (t + 1));
            }
        }
    }
}
