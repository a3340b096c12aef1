package txstack.conformance.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import txstack.model.cluster.CsvAction;
import txstack.model.cluster.CsvBounds;
import txstack.model.cluster.CsvState;
import txstack.model.cluster.CsvState.Ack;
import txstack.model.cluster.CsvState.AckDue;
import txstack.model.cluster.CsvState.Append;
import txstack.model.cluster.CsvState.DiskIo;
import txstack.model.cluster.CsvState.Msg;
import txstack.model.cluster.CsvState.Req;
import txstack.spec.SpecException;
import txstack.spec.Tlc;
import txstack.spec.TraceRuns;
import txstack.spec.TlcResult;
import txstack.spec.TransactionTraces.Rec;
import txstack.spec.TransactionTraces.Val;

/**
 * Seeded random walks of the cluster ownership model ({@link CsvState}), each step recorded as the CsvOwnership
 * action it takes, with its arguments, and every variable after it; written as the generated module
 * {@code CsvOwnershipTraces.tla} that {@code CsvOwnershipTrace.tla} reads, and checked by TLC: every walk must be a
 * behaviour of {@code CsvOwnership.tla} with every invariant holding along it, and in every state the spec must
 * enable exactly what the model listed as enabled (CSV-1..7).
 *
 * <p>Actions are picked by name with fixed weights (then uniformly among the enabled ones of that name), so that
 * walks write, flush, migrate, hand off before the flush lands, crash, fail over while the old coordinator is alive,
 * and lose and duplicate requests. The model's invariants are checked at every step; a violation names seed and step.
 * The values of the trace module are {@code txstack.spec.TransactionTraces}' ({@link Val}): nodes and files are
 * strings, so a function over them is written as a record.
 */
public final class CsvModelTraces {

    public static final String MODULE = "CsvOwnershipTraces";
    public static final String CHECKER_MODULE = "CsvOwnershipTrace";
    public static final String CHECKER_CFG = "CsvOwnershipTrace.cfg";
    public static final int TRACES_MAX = 1_000;
    public static final int STEPS_MAX = 50_000;

    /** The variables of CsvOwnership, in the spec's order; a state has exactly these. */
    public static final List<String> VARIABLES = List.of("up", "myTerm", "tok", "cache", "stopped", "pend", "toAck",
            "coordHist", "owner", "epoch", "granted", "mig", "nsLog", "disk", "dio", "nsio", "net", "nextReq",
            "nextVal", "crashes", "nsHist", "elected", "migFrom", "migTo", "told", "ackd", "durable", "lost", "seen");

    /** Init and the actions of CsvOwnership's Next, with how many arguments each takes. */
    public static final Map<String, Integer> ARITY = Map.ofEntries(
            Map.entry("Init", 0), Map.entry("Write", 2), Map.entry("Flush", 2), Map.entry("Release", 2),
            Map.entry("DiskWrite", 1), Map.entry("StartMigration", 3), Map.entry("Handoff", 2), Map.entry("Grant", 2),
            Map.entry("AbortMigration", 2), Map.entry("Takeback", 2), Map.entry("Crash", 1), Map.entry("Restart", 1),
            Map.entry("Failover", 1), Map.entry("StepDown", 1), Map.entry("Issue", 3), Map.entry("HandleRequest", 2),
            Map.entry("LogWrite", 1), Map.entry("SendAck", 2), Map.entry("ReceiveAck", 1), Map.entry("Drop", 1),
            Map.entry("Retry", 1));

    private static final Pattern TRACE_VAR = Pattern.compile("^/\\\\ tr = (\\d+)$", Pattern.MULTILINE);
    private static final Pattern STEP_VAR = Pattern.compile("^/\\\\ step = (\\d+)$", Pattern.MULTILINE);

    private static final Map<String, Integer> WEIGHTS = Map.ofEntries(
            Map.entry("Crash", 1), Map.entry("Failover", 1), Map.entry("Drop", 1), Map.entry("Takeback", 2),
            Map.entry("Retry", 2), Map.entry("Restart", 4), Map.entry("StartMigration", 3));
    private static final int WEIGHT_DEFAULT = 6;

    /** One step: a CsvOwnership action (or Init) with its arguments, and every variable after it. */
    public record Step(String op, List<Val> args, Rec state) {
        public Step {
            args = List.copyOf(args);
            Integer arity = ARITY.get(op);
            if (arity == null || arity != args.size()) {
                throw new IllegalArgumentException("not a CsvOwnership action: op=" + op + " args=" + args);
            }
            if (!List.copyOf(state.fields().keySet()).equals(VARIABLES)) {
                throw new IllegalArgumentException("a state has exactly the CsvOwnership variables in order: names="
                        + state.fields().keySet());
            }
        }

        String tla() {
            return "[op |-> \"" + op + "\", args |-> " + Val.tuple(args).tla() + ", state |-> " + state.tla() + "]";
        }
    }

    /**
     * What the model had enabled in the state after a step: the steps whose arguments are all names, and for each
     * action with a record argument the arguments it had enabled ({@code handle} as {@code [c, m]}, {@code sendAck}
     * as {@code [c, r]}).
     */
    public record Enabled(Set<List<String>> named, Set<Val> diskWrite, Set<Val> handle, Set<Val> logWrite,
                          Set<Val> sendAck, Set<Val> receiveAck, Set<Val> drop, Set<Val> retry) {
        public Enabled {
            named = Set.copyOf(named);
            diskWrite = Set.copyOf(diskWrite);
            handle = Set.copyOf(handle);
            logWrite = Set.copyOf(logWrite);
            sendAck = Set.copyOf(sendAck);
            receiveAck = Set.copyOf(receiveAck);
            drop = Set.copyOf(drop);
            retry = Set.copyOf(retry);
            for (List<String> s : named) {
                Integer arity = s.isEmpty() ? null : ARITY.get(s.getFirst());
                if (arity == null || arity != s.size() - 1 || s.getFirst().equals("Init")) {
                    throw new IllegalArgumentException("not a named step: op and args=" + s);
                }
            }
        }

        /** A copy with {@code named} replaced. */
        public Enabled withNamed(Set<List<String>> other) {
            return new Enabled(other, diskWrite, handle, logWrite, sendAck, receiveAck, drop, retry);
        }

        String tla() {
            String steps = named.stream().map(s -> "[op |-> " + Val.str(s.getFirst()).tla() + ", args |-> "
                    + Val.tuple(s.subList(1, s.size()).stream().map(Val::str).toList()).tla() + "]")
                    .sorted().collect(Collectors.joining(", ", "{", "}"));
            return "[named |-> " + steps + ", diskWrite |-> " + Val.set(diskWrite).tla() + ", handle |-> "
                    + Val.set(handle).tla() + ", logWrite |-> " + Val.set(logWrite).tla() + ", sendAck |-> "
                    + Val.set(sendAck).tla() + ", receiveAck |-> " + Val.set(receiveAck).tla() + ", drop |-> "
                    + Val.set(drop).tla() + ", retry |-> " + Val.set(retry).tla() + "]";
        }
    }

    /** A walk: its seed, its steps (the first is Init), what the model had enabled after each, actions and events. */
    public record Trace(long seed, List<Step> steps, List<Enabled> enabled, Set<String> actions, Set<String> events) {
        public Trace {
            steps = List.copyOf(steps);
            enabled = List.copyOf(enabled);
            actions = Set.copyOf(actions);
            events = Set.copyOf(events);
            if (enabled.size() != steps.size()) {
                throw new IllegalArgumentException("one enabled set per step: steps=" + steps.size() + " enabled="
                        + enabled.size());
            }
        }
    }

    /** Where TLC stopped following a trace (1-based): the trace and its first step no spec step matched. */
    public record Rejection(int trace, int step) {
    }

    private final CsvBounds bounds;

    public CsvModelTraces(CsvBounds bounds) {
        this.bounds = bounds;
    }

    public CsvBounds bounds() {
        return bounds;
    }

    /**
     * A walk of at most {@code stepsMax} actions from the initial state, picked with {@code seed}. A model invariant
     * violated is an error, unless the bounds switch on a bug: then the walk goes on, and trace validation (bugs off)
     * must reject it.
     */
    public Trace trace(long seed, int stepsMax) {
        SplittableRandom random = new SplittableRandom(seed);
        CsvState s = CsvState.initial(bounds);
        List<Step> steps = new ArrayList<>(List.of(new Step("Init", List.of(), state(s))));
        List<Enabled> enabledAfter = new ArrayList<>();
        Set<String> actions = new LinkedHashSet<>();
        for (int n = 1; n <= stepsMax + 1; n++) {
            List<CsvAction> enabled = s.enabled();
            enabledAfter.add(toSpec(enabled));
            if (enabled.isEmpty() || n > stepsMax) {
                break;
            }
            CsvAction action = pick(enabled, random);
            s = s.apply(action).orElseThrow();
            List<String> violated = s.violatedInvariants();
            if (!violated.isEmpty() && bounds.bugs().isEmpty()) {
                throw new IllegalStateException("model invariant violated: bounds=" + bounds + " seed=" + seed
                        + " step=" + n + " action=" + action + " violated=" + violated + " state=" + s);
            }
            actions.add(action.name());
            steps.add(new Step(action.name(), action.args().stream().map(CsvModelTraces::arg).toList(), state(s)));
        }
        return new Trace(seed, steps, enabledAfter, actions, s.seen());
    }

    private static CsvAction pick(List<CsvAction> enabled, SplittableRandom random) {
        int total = enabled.stream().mapToInt(a -> WEIGHTS.getOrDefault(a.name(), WEIGHT_DEFAULT)).sum();
        int roll = random.nextInt(total);
        for (CsvAction a : enabled) {
            roll -= WEIGHTS.getOrDefault(a.name(), WEIGHT_DEFAULT);
            if (roll < 0) {
                return a;
            }
        }
        throw new IllegalStateException("weights do not add up: total=" + total);
    }

    /** The model's enabled actions as the trace module takes them. */
    public static Enabled toSpec(List<CsvAction> actions) {
        Set<List<String>> named = new LinkedHashSet<>();
        Map<String, Set<Val>> byRecord = new LinkedHashMap<>();
        for (String name : List.of("DiskWrite", "HandleRequest", "LogWrite", "SendAck", "ReceiveAck", "Drop",
                "Retry")) {
            byRecord.put(name, new LinkedHashSet<>());
        }
        for (CsvAction a : actions) {
            switch (a) {
                case CsvAction.DiskWrite x -> byRecord.get(a.name()).add(arg(x.w()));
                case CsvAction.HandleRequest x -> byRecord.get(a.name()).add(pair("c", x.c(), "m", arg(x.m())));
                case CsvAction.LogWrite x -> byRecord.get(a.name()).add(arg(x.a()));
                case CsvAction.SendAck x -> byRecord.get(a.name()).add(pair("c", x.c(), "r", arg(x.r())));
                case CsvAction.ReceiveAck x -> byRecord.get(a.name()).add(arg(x.m()));
                case CsvAction.Drop x -> byRecord.get(a.name()).add(arg(x.m()));
                case CsvAction.Retry x -> byRecord.get(a.name()).add(arg(x.r()));
                default -> {
                    List<String> step = new ArrayList<>();
                    step.add(a.name());
                    a.args().forEach(x -> step.add((String) x));
                    named.add(step);
                }
            }
        }
        return new Enabled(named, byRecord.get("DiskWrite"), byRecord.get("HandleRequest"), byRecord.get("LogWrite"),
                byRecord.get("SendAck"), byRecord.get("ReceiveAck"), byRecord.get("Drop"), byRecord.get("Retry"));
    }

    private static Val pair(String k1, String v1, String k2, Val v2) {
        Map<String, Val> fields = new LinkedHashMap<>();
        fields.put(k1, Val.str(v1));
        fields.put(k2, v2);
        return Val.rec(fields);
    }

    /** An action argument as a TLA+ value: a name, or the spec's record. */
    public static Val arg(Object a) {
        return switch (a) {
            case String s -> Val.str(s);
            case DiskIo w -> record("node", Val.str(w.node()), "file", Val.str(w.file()), "val", Val.num(w.val()),
                    "ep", Val.num(w.ep()));
            case Append x -> record("id", Val.num(x.id()), "from", Val.str(x.from()), "file", Val.str(x.file()),
                    "op", Val.str(x.op()), "by", Val.str(x.by()), "term", Val.num(x.term()));
            case Req r -> record("type", Val.str("req"), "id", Val.num(r.id()), "from", Val.str(r.from()),
                    "file", Val.str(r.file()), "op", Val.str(r.op()));
            case Ack k -> record("type", Val.str("ack"), "id", Val.num(k.id()), "to", Val.str(k.to()));
            case AckDue d -> record("id", Val.num(d.id()), "from", Val.str(d.from()));
            default -> throw new IllegalArgumentException("not an action argument: arg=" + a);
        };
    }

    private static Rec record(Object... namesAndValues) {
        Map<String, Val> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], (Val) namesAndValues[i + 1]);
        }
        return Val.rec(fields);
    }

    private static Rec over(List<String> keys, Function<String, Val> value) {
        Map<String, Val> fields = new LinkedHashMap<>();
        keys.forEach(k -> fields.put(k, value.apply(k)));
        return Val.rec(fields);
    }

    private static Val setOf(Set<?> elements) {
        return Val.set(elements.stream().map(CsvModelTraces::arg).collect(Collectors.toSet()));
    }

    private static Val nums(Set<Integer> numbers) {
        return Val.set(numbers.stream().map(Val::num).collect(Collectors.toSet()));
    }

    /** Every variable of the model, as {@code StateOf} in CsvOwnershipTrace.tla has them. */
    public static Rec state(CsvState s) {
        List<String> nodes = s.bounds().nodes();
        List<String> files = s.bounds().files();
        Map<String, Val> v = new LinkedHashMap<>();
        v.put("up", over(nodes, n -> Val.bool(s.up(n))));
        v.put("myTerm", over(nodes, n -> Val.num(s.myTerm(n))));
        v.put("tok", over(nodes, n -> over(files, f -> Val.num(s.tok(n, f)))));
        v.put("cache", over(nodes, n -> over(files, f -> Val.num(s.cache(n, f)))));
        v.put("stopped", over(nodes, n -> over(files, f -> Val.bool(s.stopped(n, f)))));
        v.put("pend", setOf(s.pend()));
        v.put("toAck", over(nodes, n -> setOf(s.toAck(n))));
        v.put("coordHist", Val.tuple(s.coordHist().stream().map(Val::str).toList()));
        v.put("owner", over(files, f -> Val.str(s.owner(f))));
        v.put("epoch", over(files, f -> Val.num(s.epoch(f))));
        v.put("granted", over(files, f -> Val.bool(s.granted(f))));
        v.put("mig", over(files, f -> Val.str(s.mig(f))));
        v.put("nsLog", Val.tuple(s.nsLog().stream().map(e -> record("id", Val.num(e.id()), "from",
                Val.str(e.from()), "file", Val.str(e.file()), "op", Val.str(e.op()))).toList()));
        v.put("disk", over(files, f -> Val.num(s.disk(f))));
        v.put("dio", setOf(s.dio()));
        v.put("nsio", setOf(s.nsio()));
        v.put("net", setOf(s.net()));
        v.put("nextReq", Val.num(s.nextReq()));
        v.put("nextVal", over(files, f -> Val.num(s.nextVal(f))));
        v.put("crashes", Val.num(s.crashes()));
        v.put("nsHist", Val.tuple(s.nsHist().stream().map(h -> record("by", Val.str(h.by()), "term",
                Val.num(h.term()))).toList()));
        v.put("elected", nums(s.elected()));
        v.put("migFrom", over(files, f -> Val.num(s.migFrom(f))));
        v.put("migTo", over(files, f -> Val.num(s.migTo(f))));
        v.put("told", nums(s.told()));
        v.put("ackd", over(files, f -> Val.num(s.ackd(f))));
        v.put("durable", over(files, f -> Val.num(s.durable(f))));
        v.put("lost", over(files, f -> Val.bool(s.lost(f))));
        v.put("seen", Val.strs(s.seen()));
        return Val.rec(v);
    }

    /** The text of {@code CsvOwnershipTraces.tla}; {@code enabled} parallel to the traces' steps, or empty. */
    public String module(List<List<Step>> traces, List<List<Enabled>> enabled) {
        checkLimits(traces, enabled);
        StringBuilder text = new StringBuilder(1 << 16)
                .append("---- MODULE ").append(MODULE).append(" ----\n")
                .append("\\* Generated by txstack.conformance.trace.CsvModelTraces: ")
                .append("the input of CsvOwnershipTrace.tla.\n")
                .append("TraceNodes == ").append(strings(bounds.nodes())).append('\n')
                .append("TraceFiles == ").append(strings(bounds.files())).append('\n')
                .append("TraceCoord0 == ").append(Val.str(bounds.coord0()).tla()).append('\n')
                .append("TraceOwner0 == ").append(Val.str(bounds.owner0()).tla()).append('\n')
                .append("TraceNoNode == ").append(Val.str(CsvBounds.NO_NODE).tla()).append('\n')
                .append("TraceMetaOps == ").append(strings(bounds.metaOps().stream().sorted().toList())).append('\n')
                .append("TraceMaxCrashes == ").append(bounds.maxCrashes()).append('\n')
                .append("TraceMaxWrites == ").append(bounds.maxWrites()).append('\n')
                .append("TraceMaxEpoch == ").append(bounds.maxEpoch()).append('\n')
                .append("TraceMaxReqs == ").append(bounds.maxReqs()).append('\n')
                .append("TraceMaxTerms == ").append(bounds.maxTerms()).append('\n')
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

    /**
     * Checks the traces with TLC (one worker): the bundled specs and the generated module in a fresh temp directory,
     * deleted afterwards. {@code enabled} empty: only that each trace is a behaviour; else also EnabledAgree.
     */
    public TlcResult check(Tlc tlc, List<List<Step>> traces, List<List<Enabled>> enabled, Duration timeout) {
        String text = module(traces, enabled);
        return TraceRuns.check(tlc, "txstack-csv-traces-", directory -> {
            Path file = directory.resolve(MODULE + ".tla");
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new SpecException("cannot write the trace module: file=" + file, e);
            }
        }, CHECKER_MODULE, CHECKER_CFG, timeout);
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

    /** The traces' steps, as {@link #check} takes them. */
    public static List<List<Step>> steps(List<Trace> traces) {
        return traces.stream().map(Trace::steps).toList();
    }

    /** What the model had enabled after each step of these traces, as {@link #check} takes it. */
    public static List<List<Enabled>> enabled(List<Trace> traces) {
        return traces.stream().map(Trace::enabled).toList();
    }

    /** Seeds of these traces, for a failure message. */
    public static String seeds(List<Trace> traces) {
        return traces.stream().map(t -> Long.toString(t.seed())).collect(Collectors.joining(","));
    }

    private static String strings(List<String> values) {
        return values.stream().map(v -> Val.str(v).tla()).collect(Collectors.joining(", ", "{", "}"));
    }

    private static void checkLimits(List<List<Step>> traces, List<List<Enabled>> enabled) {
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
            if (!enabled.isEmpty() && (enabled.size() != traces.size()
                    || enabled.get(t).size() != traces.get(t).size())) {
                throw new SpecException("one enabled set per trace step: trace=" + (t + 1));
            }
        }
    }
}
