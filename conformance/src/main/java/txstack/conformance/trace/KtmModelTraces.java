package txstack.conformance.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import txstack.model.ktm.ProtocolAction;
import txstack.model.ktm.ProtocolState;
import txstack.model.ktm.ProtocolState.Msg;
import txstack.spec.TransactionTraces;
import txstack.spec.TransactionTraces.Rec;
import txstack.spec.TransactionTraces.Step;
import txstack.spec.TransactionTraces.Val;

/**
 * Seeded random walks of the transaction protocol model ({@link ProtocolState}), each step recorded as the
 * Transaction action it takes, with its arguments, and every variable after it: the input of
 * {@code TransactionTrace.tla}, which checks that each walk is a behaviour of {@code Transaction.tla} (KTM-4, KTM-5).
 *
 * <p>Actions are picked by kind with fixed weights (then uniformly among the enabled ones of that kind): protocol
 * steps often, crashes, losses, rollbacks and observations now and then, so that walks commit, abort, crash in doubt
 * and recover. The model's invariants are checked at every step; a violation names seed and step.
 */
public final class KtmModelTraces {

    /**
     * A walk: its seed, its steps (the first is Init), what the model had enabled after each step (parallel to the
     * steps) and the names of the actions it took.
     */
    public record Trace(long seed, List<Step> steps, List<TransactionTraces.Enabled> enabled, Set<String> actions) {
        public Trace {
            steps = List.copyOf(steps);
            enabled = List.copyOf(enabled);
            actions = Set.copyOf(actions);
            if (enabled.size() != steps.size()) {
                throw new IllegalArgumentException("one enabled set per step: steps=" + steps.size() + " enabled="
                        + enabled.size());
            }
        }
    }

    private static final Map<String, Integer> WEIGHTS = Map.ofEntries(
            Map.entry("Lose", 1), Map.entry("TmCrash", 1), Map.entry("RmCrash", 1), Map.entry("Rollback", 1),
            Map.entry("Read", 1), Map.entry("ClientQuery", 1), Map.entry("Ask", 2), Map.entry("RefusePrepare", 1));
    private static final int WEIGHT_DEFAULT = 6;
    private static final int WEIGHT_IN_DOUBT_CRASH = 8;

    private final ProtocolState.Bounds bounds;

    public KtmModelTraces(ProtocolState.Bounds bounds) {
        this.bounds = bounds;
    }

    /** The spec constants for these bounds. */
    public TransactionTraces.Constants constants() {
        return new TransactionTraces.Constants(bounds.rms(), bounds.txs(), bounds.items(), ProtocolState.NO_TX,
                bounds.maxTmCrashes(), bounds.maxRmCrashes(), bounds.maxLosses(), bounds.onePhase());
    }

    /** A walk of at most {@code stepsMax} actions from the initial state, picked with {@code seed}. */
    public Trace trace(long seed, int stepsMax) {
        SplittableRandom random = new SplittableRandom(seed);
        ProtocolState s = ProtocolState.initial(bounds);
        List<Step> steps = new ArrayList<>(List.of(new Step("Init", List.of(), state(s))));
        List<TransactionTraces.Enabled> enabledAfter = new ArrayList<>();
        Set<String> actions = new LinkedHashSet<>();
        for (int n = 1; n <= stepsMax + 1; n++) {
            List<ProtocolAction> enabled = s.enabled();
            enabledAfter.add(toSpec(enabled));
            if (enabled.isEmpty() || n > stepsMax) {
                break;
            }
            ProtocolAction action = pick(s, enabled, random);
            s = s.apply(action).orElseThrow();
            List<String> violated = s.violatedInvariants();
            if (!violated.isEmpty()) {
                throw new IllegalStateException("model invariant violated: seed=" + seed + " step=" + n
                        + " action=" + action + " violated=" + violated + " state=" + s);
            }
            actions.add(action.name());
            steps.add(new Step(action.name(), action.args().stream().map(KtmModelTraces::arg).toList(), state(s)));
        }
        return new Trace(seed, steps, enabledAfter, actions);
    }

    /**
     * An action's weight: by name, but a crash in doubt (the TM with a commit record and a prepared RM, an RM while
     * prepared) weighs more, so that the spec's crash scenarios (KTM-5) happen often within the crash bounds.
     */
    private static int weight(ProtocolState s, ProtocolAction a) {
        List<String> txs = s.bounds().txs();
        boolean inDoubt = switch (a.name()) {
            case "TmCrash" -> txs.stream().anyMatch(t -> s.tmLog(t).commit()
                    && s.tmLog(t).rms().stream().anyMatch(r -> s.rmState(r, t).equals("prepared")));
            case "RmCrash" -> txs.stream().anyMatch(t -> s.rmState((String) a.args().getFirst(), t).equals("prepared"));
            default -> false;
        };
        return inDoubt ? WEIGHT_IN_DOUBT_CRASH : WEIGHTS.getOrDefault(a.name(), WEIGHT_DEFAULT);
    }

    private static ProtocolAction pick(ProtocolState s, List<ProtocolAction> enabled, SplittableRandom random) {
        int total = enabled.stream().mapToInt(a -> weight(s, a)).sum();
        int roll = random.nextInt(total);
        for (ProtocolAction a : enabled) {
            roll -= weight(s, a);
            if (roll < 0) {
                return a;
            }
        }
        throw new IllegalStateException("weights do not add up: total=" + total);
    }

    /** The model's enabled actions as the spec module takes them. */
    public static TransactionTraces.Enabled toSpec(List<ProtocolAction> actions) {
        Set<List<String>> named = new LinkedHashSet<>();
        Set<Val> lose = new LinkedHashSet<>();
        for (ProtocolAction a : actions) {
            if (a.name().equals("Lose")) {
                lose.add(msg((Msg) a.args().getFirst()));
            } else {
                List<String> step = new ArrayList<>();
                step.add(a.name());
                a.args().forEach(x -> step.add((String) x));
                named.add(step);
            }
        }
        return new TransactionTraces.Enabled(named, lose);
    }

    /** What the model had enabled after each step of these traces, as {@link TransactionTraces#check} takes it. */
    public static List<List<TransactionTraces.Enabled>> enabled(List<Trace> traces) {
        return traces.stream().map(Trace::enabled).toList();
    }

    /** An action argument as a TLA+ value. */
    public static Val arg(Object a) {
        return switch (a) {
            case String s -> Val.str(s);
            case Msg m -> msg(m);
            default -> throw new IllegalArgumentException("not an action argument: arg=" + a);
        };
    }

    private static Val msg(Msg m) {
        Map<String, Val> fields = new LinkedHashMap<>();
        fields.put("type", Val.str(m.type()));
        fields.put("t", Val.str(m.t()));
        fields.put("r", Val.str(m.r()));
        fields.put("v", Val.str(m.v()));
        return Val.rec(fields);
    }

    private static Rec over(List<String> keys, Function<String, Val> value) {
        Map<String, Val> fields = new LinkedHashMap<>();
        keys.forEach(k -> fields.put(k, value.apply(k)));
        return Val.rec(fields);
    }

    /** Every variable of the model, as {@code StateOf} in TransactionTrace.tla has them. */
    public static Rec state(ProtocolState s) {
        ProtocolState.Bounds b = s.bounds();
        List<String> txs = b.txs();
        List<String> rms = b.rms();
        List<String> items = b.items();
        Map<String, Val> v = new LinkedHashMap<>();
        v.put("tmUp", Val.bool(s.tmUp()));
        v.put("tmState", over(txs, t -> Val.str(s.tmState(t))));
        v.put("tmEnlisted", over(txs, t -> Val.strs(s.tmEnlisted(t))));
        v.put("tmVotes", over(txs, t -> Val.strs(s.tmVotes(t))));
        v.put("tmAcks", over(txs, t -> Val.strs(s.tmAcks(t))));
        v.put("tmLog", over(txs, t -> {
            Map<String, Val> record = new LinkedHashMap<>();
            record.put("commit", Val.bool(s.tmLog(t).commit()));
            record.put("rms", Val.strs(s.tmLog(t).rms()));
            return Val.rec(record);
        }));
        v.put("rmUp", over(rms, r -> Val.bool(s.rmUp(r))));
        v.put("rmState", over(rms, r -> over(txs, t -> Val.str(s.rmState(r, t)))));
        v.put("rmLocks", over(rms, r -> over(items, i -> Val.str(s.rmLock(r, i)))));
        v.put("rmLog", over(rms, r -> over(txs, t -> Val.str(s.rmLog(r, t)))));
        v.put("rmItems", over(rms, r -> over(txs, t -> Val.strs(s.rmItems(r, t)))));
        v.put("committed", over(rms, r -> over(items, i -> Val.str(s.committed(r, i)))));
        v.put("msgs", Val.set(s.msgs().stream().map(KtmModelTraces::msg).collect(java.util.stream.Collectors.toSet())));
        v.put("losses", Val.num(s.losses()));
        v.put("enlisted", over(txs, t -> Val.strs(s.enlisted(t))));
        v.put("reported", over(txs, t -> Val.str(s.reported(t))));
        ProtocolState.Obs o = s.obs();
        Map<String, Val> obs = new LinkedHashMap<>();
        obs.put("kind", Val.str(o.kind()));
        obs.put("tx", Val.str(o.tx()));
        obs.put("rm", Val.str(o.rm()));
        obs.put("item", Val.str(o.item()));
        obs.put("val", Val.str(o.val()));
        v.put("obs", Val.rec(obs));
        v.put("tmCrashes", Val.num(s.tmCrashes()));
        v.put("rmCrashes", Val.num(s.rmCrashes()));
        v.put("tmCrashedInDoubt", Val.strs(s.tmCrashedInDoubt()));
        v.put("rmCrashedInDoubt", Val.set(s.rmCrashedInDoubt().stream()
                .map(p -> Val.tuple(List.of(Val.str(p.r()), Val.str(p.t()))))
                .collect(java.util.stream.Collectors.toSet())));
        return Val.rec(v);
    }

    /** The traces' steps, as {@link TransactionTraces#check} takes them. */
    public static List<List<Step>> steps(List<Trace> traces) {
        return traces.stream().map(Trace::steps).toList();
    }

    /** Seeds of these traces, for a failure message. */
    public static String seeds(List<Trace> traces) {
        return traces.stream().map(t -> Long.toString(t.seed())).collect(java.util.stream.Collectors.joining(","));
    }
}
