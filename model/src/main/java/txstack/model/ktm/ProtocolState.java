package txstack.model.ktm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The transaction protocol of {@code spec/tla/Transaction.tla} (KTM-1..5, KTM-7) as Java values: two-phase commit by
 * messages that may be lost or delivered again, the TM's log with presumed abort and forgetting, crashes of the TM
 * and of each RM, locks and reads. The state holds every variable of the spec (ghosts included); there is one
 * method per spec action with the same parameters, returning the next state, or empty when the spec disables the
 * action. The bugs of the spec are all off: this is the correct protocol.
 *
 * <p>RMs, transactions and items are names (strings) from {@link Bounds}; {@link #NO_TX} is the spec's NoTx.
 * Immutable from the outside (each action works on a private deep copy) and pure: no I/O, threads, clocks or
 * randomness.
 */
public final class ProtocolState {

    /** The spec's NoTx: a free lock, the initial version, a plain reader. */
    public static final String NO_TX = "NoTx";

    /** The spec's constants (bugs off). */
    public record Bounds(List<String> rms, List<String> txs, List<String> items, int maxTmCrashes, int maxRmCrashes,
                         int maxLosses, boolean onePhase) {
        public Bounds {
            rms = List.copyOf(rms);
            txs = List.copyOf(txs);
            items = List.copyOf(items);
            if (rms.isEmpty() || txs.isEmpty() || items.isEmpty() || txs.contains(NO_TX) || maxTmCrashes < 0
                    || maxRmCrashes < 0 || maxLosses < 0 || Set.copyOf(rms).size() != rms.size()
                    || Set.copyOf(txs).size() != txs.size() || Set.copyOf(items).size() != items.size()) {
                throw new IllegalArgumentException("invalid bounds: rms=" + rms + " txs=" + txs + " items=" + items
                        + " maxTmCrashes=" + maxTmCrashes + " maxRmCrashes=" + maxRmCrashes + " maxLosses="
                        + maxLosses);
            }
        }

        /** The CI model: RMs fs and reg, one transaction, one item, one crash of each kind, two losses. */
        public static Bounds ci() {
            return new Bounds(List.of("fs", "reg"), List.of("t1"), List.of("i1"), 1, 1, 2, true);
        }
    }

    /** A message [type, t, r, v]; t and r name the transaction and the RM (sender or receiver). */
    public record Msg(String type, String t, String r, String v) {
    }

    /** The TM's record of t: a commit record naming the enlisted RMs, or none ({@link #NO_RECORD}). */
    public record TmRecord(boolean commit, Set<String> rms) {
        public TmRecord {
            rms = Collections.unmodifiableSet(new TreeSet<>(rms));
        }
    }

    /** What the last step observed (a read, an answer to the client), or {@link #NO_OBS}. */
    public record Obs(String kind, String tx, String rm, String item, String val) {
    }

    /** A pair of the ghost rmCrashedInDoubt: r crashed while prepared in t. */
    public record RmTx(String r, String t) {
    }

    public static final TmRecord NO_RECORD = new TmRecord(false, Set.of());
    public static final Obs NO_OBS = new Obs("none", NO_TX, NO_TX, NO_TX, NO_TX);

    private static final Comparator<Msg> MSG_ORDER = Comparator.comparing(Msg::type).thenComparing(Msg::t)
            .thenComparing(Msg::r).thenComparing(Msg::v);
    private static final Comparator<RmTx> PAIR_ORDER = Comparator.comparing(RmTx::r).thenComparing(RmTx::t);
    private static final Set<String> DECIDED_OR_UNKNOWN = Set.of("committed", "aborted", "unknown");
    private static final Set<String> UNRESOLVED = Set.of("working", "prepared");

    private final Bounds bounds;
    // TM, volatile
    private boolean tmUp = true;
    private final Map<String, String> tmState = new TreeMap<>();
    private final Map<String, Set<String>> tmEnlisted = new TreeMap<>();
    private final Map<String, Set<String>> tmVotes = new TreeMap<>();
    private final Map<String, Set<String>> tmAcks = new TreeMap<>();
    // TM, durable
    private final Map<String, TmRecord> tmLog = new TreeMap<>();
    // RMs, volatile
    private final Map<String, Boolean> rmUp = new TreeMap<>();
    private final Map<String, Map<String, String>> rmState = new TreeMap<>();
    private final Map<String, Map<String, String>> rmLocks = new TreeMap<>();
    // RMs, durable
    private final Map<String, Map<String, String>> rmLog = new TreeMap<>();
    private final Map<String, Map<String, Set<String>>> rmItems = new TreeMap<>();
    private final Map<String, Map<String, String>> committed = new TreeMap<>();
    // network
    private final Set<Msg> msgs = new TreeSet<>(MSG_ORDER);
    private int losses;
    // client and ghosts
    private final Map<String, Set<String>> enlisted = new TreeMap<>();
    private final Map<String, String> reported = new TreeMap<>();
    private Obs obs = NO_OBS;
    private int tmCrashes;
    private int rmCrashes;
    private final Set<String> tmCrashedInDoubt = new TreeSet<>();
    private final Set<RmTx> rmCrashedInDoubt = new TreeSet<>(PAIR_ORDER);

    private ProtocolState(Bounds bounds) {
        this.bounds = bounds;
    }

    /** Init. */
    public static ProtocolState initial(Bounds bounds) {
        ProtocolState s = new ProtocolState(bounds);
        for (String t : bounds.txs()) {
            s.tmState.put(t, "active");
            s.tmEnlisted.put(t, new TreeSet<>());
            s.tmVotes.put(t, new TreeSet<>());
            s.tmAcks.put(t, new TreeSet<>());
            s.tmLog.put(t, NO_RECORD);
            s.enlisted.put(t, new TreeSet<>());
            s.reported.put(t, "none");
        }
        for (String r : bounds.rms()) {
            s.rmUp.put(r, true);
            s.rmState.put(r, new TreeMap<>());
            s.rmLog.put(r, new TreeMap<>());
            s.rmItems.put(r, new TreeMap<>());
            s.rmLocks.put(r, new TreeMap<>());
            s.committed.put(r, new TreeMap<>());
            for (String t : bounds.txs()) {
                s.rmState.get(r).put(t, "none");
                s.rmLog.get(r).put(t, "none");
                s.rmItems.get(r).put(t, new TreeSet<>());
            }
            for (String i : bounds.items()) {
                s.rmLocks.get(r).put(i, NO_TX);
                s.committed.get(r).put(i, NO_TX);
            }
        }
        return s;
    }

    private ProtocolState copy() {
        ProtocolState s = new ProtocolState(bounds);
        s.tmUp = tmUp;
        s.tmState.putAll(tmState);
        copySets(tmEnlisted, s.tmEnlisted);
        copySets(tmVotes, s.tmVotes);
        copySets(tmAcks, s.tmAcks);
        s.tmLog.putAll(tmLog);
        s.rmUp.putAll(rmUp);
        copyMaps(rmState, s.rmState);
        copyMaps(rmLocks, s.rmLocks);
        copyMaps(rmLog, s.rmLog);
        rmItems.forEach((r, m) -> {
            Map<String, Set<String>> inner = new TreeMap<>();
            copySets(m, inner);
            s.rmItems.put(r, inner);
        });
        copyMaps(committed, s.committed);
        s.msgs.addAll(msgs);
        s.losses = losses;
        copySets(enlisted, s.enlisted);
        s.reported.putAll(reported);
        s.obs = NO_OBS; // Quiet: every step but an observation clears obs
        s.tmCrashes = tmCrashes;
        s.rmCrashes = rmCrashes;
        s.tmCrashedInDoubt.addAll(tmCrashedInDoubt);
        s.rmCrashedInDoubt.addAll(rmCrashedInDoubt);
        return s;
    }

    private static void copySets(Map<String, Set<String>> from, Map<String, Set<String>> to) {
        from.forEach((k, v) -> to.put(k, new TreeSet<>(v)));
    }

    private static void copyMaps(Map<String, Map<String, String>> from, Map<String, Map<String, String>> to) {
        from.forEach((k, v) -> to.put(k, new TreeMap<>(v)));
    }

    // ---------------------------------------------------------------- helpers

    private static Optional<ProtocolState> when(boolean enabled, java.util.function.Supplier<ProtocolState> next) {
        return enabled ? Optional.of(next.get()) : Optional.empty();
    }

    private void checkTx(String t) {
        if (!bounds.txs().contains(t)) {
            throw new IllegalArgumentException("unknown transaction: t=" + t);
        }
    }

    private void checkRm(String r) {
        if (!bounds.rms().contains(r)) {
            throw new IllegalArgumentException("unknown RM: r=" + r);
        }
    }

    private void checkItem(String i) {
        if (!bounds.items().contains(i)) {
            throw new IllegalArgumentException("unknown item: i=" + i);
        }
    }

    private void check(String t, String r) {
        checkTx(t);
        checkRm(r);
    }

    private String st(String r, String t) {
        return rmState.get(r).get(t);
    }

    /** Send(m) as the guard: a message already in flight is not sent again. */
    private boolean fresh(Msg m) {
        return !msgs.contains(m);
    }

    /** RmApply(r, t, o) on this (a fresh copy). */
    private void rmApply(String r, String t, String o) {
        rmState.get(r).put(t, o);
        rmLog.get(r).put(t, o);
        rmLocks.get(r).replaceAll((i, holder) -> holder.equals(t) ? NO_TX : holder);
        if (o.equals("committed")) {
            for (String i : rmItems.get(r).get(t)) {
                committed.get(r).put(i, t);
            }
        }
    }

    private String recovered(String r, String t) {
        if (!rmLog.get(r).get(t).equals("none")) {
            return rmLog.get(r).get(t);
        }
        return st(r, t).equals("none") ? "none" : "aborted";
    }

    private boolean holds(String r, String t, String i) {
        return UNRESOLVED.contains(st(r, t)) && rmItems.get(r).get(t).contains(i);
    }

    private String inPlace(String r, String i) {
        for (String t : bounds.txs()) {
            if (holds(r, t, i)) {
                return t;
            }
        }
        return committed.get(r).get(i);
    }

    private String seen(String x, String r, String i) {
        String lock = rmLocks.get(r).get(i);
        return lock.equals(NO_TX) || lock.equals(x) ? inPlace(r, i) : committed.get(r).get(i);
    }

    private String rmAnswer(String t) {
        return switch (tmState.get(t)) {
            case "committed" -> "committed";
            case "aborted", "unknown" -> "aborted";
            default -> "none";
        };
    }

    private String clientAnswer(String t) {
        String s = tmState.get(t);
        return s.equals("committed") || s.equals("aborted") ? s : "unknown";
    }

    private boolean onePhaseTx(String t) {
        return bounds.onePhase() && tmEnlisted.get(t).size() == 1;
    }

    // ---------------------------------------------------------------- the client

    /** KTM-1, KTM-2, KTM-7: a transacted call of t changes item i at r under its lock; the first enlists r. */
    public Optional<ProtocolState> work(String t, String r, String i) {
        check(t, r);
        checkItem(i);
        return when(tmUp && rmUp.get(r) && tmState.get(t).equals("active")
                && (st(r, t).equals("none") || st(r, t).equals("working"))
                && !rmItems.get(r).get(t).contains(i) && rmLocks.get(r).get(i).equals(NO_TX), () -> {
                    ProtocolState s = copy();
                    s.rmState.get(r).put(t, "working");
                    s.rmItems.get(r).get(t).add(i);
                    s.rmLocks.get(r).put(i, t);
                    s.tmEnlisted.get(t).add(r);
                    s.enlisted.get(t).add(r);
                    return s;
                });
    }

    /** KTM-1: the client commits t; the TM starts phase one (or the one-phase commit). */
    public Optional<ProtocolState> requestCommit(String t) {
        checkTx(t);
        return when(tmUp && tmState.get(t).equals("active") && !tmEnlisted.get(t).isEmpty(), () -> {
            ProtocolState s = copy();
            s.tmState.put(t, "preparing");
            return s;
        });
    }

    /** KTM-1: the client rolls t back; it is told at once. */
    public Optional<ProtocolState> rollback(String t) {
        checkTx(t);
        return when(tmUp && tmState.get(t).equals("active"), () -> {
            ProtocolState s = copy();
            s.tmState.put(t, "aborted");
            s.reported.put(t, "aborted");
            return s;
        });
    }

    // ---------------------------------------------------------------- the TM

    /** KTM-4 phase one: prepare to an enlisted RM whose vote the TM lacks (again after a timeout). */
    public Optional<ProtocolState> sendPrepare(String t, String r) {
        check(t, r);
        Msg m = new Msg("prepare", t, r, "none");
        return when(tmUp && tmState.get(t).equals("preparing") && !onePhaseTx(t) && tmEnlisted.get(t).contains(r)
                && !tmVotes.get(t).contains(r) && fresh(m), () -> sent(m));
    }

    /** KTM-4 one phase: the only enlisted RM is asked to commit at once. */
    public Optional<ProtocolState> sendOnePhase(String t, String r) {
        check(t, r);
        Msg m = new Msg("onephase", t, r, "none");
        return when(tmUp && tmState.get(t).equals("preparing") && onePhaseTx(t)
                && tmEnlisted.get(t).equals(Set.of(r)) && fresh(m), () -> sent(m));
    }

    private ProtocolState sent(Msg m) {
        ProtocolState s = copy();
        s.msgs.add(m);
        return s;
    }

    /** KTM-4: the TM receives r's yes vote. */
    public Optional<ProtocolState> rcvYes(String t, String r) {
        check(t, r);
        return when(tmUp && msgs.contains(new Msg("vote", t, r, "yes")) && tmState.get(t).equals("preparing")
                && tmEnlisted.get(t).contains(r) && !tmVotes.get(t).contains(r), () -> {
                    ProtocolState s = copy();
                    s.tmVotes.get(t).add(r);
                    return s;
                });
    }

    /** KTM-4: a no vote: t aborts everywhere; the client is told. */
    public Optional<ProtocolState> rcvNo(String t, String r) {
        check(t, r);
        return when(tmUp && msgs.contains(new Msg("vote", t, r, "no")) && tmState.get(t).equals("preparing")
                && tmEnlisted.get(t).contains(r), () -> {
                    ProtocolState s = copy();
                    s.tmState.put(t, "aborted");
                    s.reported.put(t, "aborted");
                    return s;
                });
    }

    /** KTM-4 one phase: the RM's reply "committed", also its acknowledgement; the client is told. */
    public Optional<ProtocolState> rcvCommitted(String t, String r) {
        check(t, r);
        return when(tmUp && msgs.contains(new Msg("vote", t, r, "committed")) && tmState.get(t).equals("preparing")
                && tmEnlisted.get(t).equals(Set.of(r)), () -> {
                    ProtocolState s = copy();
                    s.tmState.put(t, "committed");
                    s.tmAcks.put(t, new TreeSet<>(Set.of(r)));
                    s.reported.put(t, "committed");
                    return s;
                });
    }

    /** KTM-4: every enlisted RM voted yes: the TM forces the commit record, then tells the client. */
    public Optional<ProtocolState> decideCommit(String t) {
        checkTx(t);
        return when(tmUp && tmState.get(t).equals("preparing") && !onePhaseTx(t)
                && tmVotes.get(t).equals(tmEnlisted.get(t)), () -> {
                    ProtocolState s = copy();
                    s.tmLog.put(t, new TmRecord(true, tmEnlisted.get(t)));
                    s.tmState.put(t, "committed");
                    s.reported.put(t, "committed");
                    return s;
                });
    }

    /** The spec's bug LazyDecision only; with the record forced in DecideCommit it is never enabled here. */
    public Optional<ProtocolState> forceDecision(String t) {
        checkTx(t);
        return when(tmUp && tmState.get(t).equals("committed") && !tmVotes.get(t).isEmpty()
                && !tmLog.get(t).commit(), () -> {
                    ProtocolState s = copy();
                    s.tmLog.put(t, new TmRecord(true, tmEnlisted.get(t)));
                    return s;
                });
    }

    /** KTM-4 phase two: the decision to an enlisted RM (commit: one that has not acknowledged), again on timeout. */
    public Optional<ProtocolState> sendOutcome(String t, String r) {
        check(t, r);
        if (!tmUp || !tmEnlisted.get(t).contains(r)) {
            return Optional.empty();
        }
        Msg commit = new Msg("outcome", t, r, "committed");
        Msg abort = new Msg("outcome", t, r, "aborted");
        if (tmState.get(t).equals("committed") && !tmAcks.get(t).contains(r) && fresh(commit)) {
            return Optional.of(sent(commit));
        }
        return when(tmState.get(t).equals("aborted") && fresh(abort), () -> sent(abort));
    }

    /** The TM receives r's acknowledgement of a commit. */
    public Optional<ProtocolState> rcvAck(String t, String r) {
        check(t, r);
        return when(tmUp && msgs.contains(new Msg("ack", t, r, "none")) && tmState.get(t).equals("committed")
                && tmEnlisted.get(t).contains(r) && !tmAcks.get(t).contains(r), () -> {
                    ProtocolState s = copy();
                    s.tmAcks.get(t).add(r);
                    return s;
                });
    }

    /** KTM-5: every enlisted RM acknowledged: the TM forgets t (its commit record is dropped). */
    public Optional<ProtocolState> forget(String t) {
        checkTx(t);
        return when(tmUp && tmState.get(t).equals("committed") && tmAcks.get(t).equals(tmEnlisted.get(t)), () -> {
            ProtocolState s = copy();
            s.tmLog.put(t, NO_RECORD);
            s.tmState.put(t, "unknown");
            s.tmEnlisted.put(t, new TreeSet<>());
            s.tmVotes.put(t, new TreeSet<>());
            s.tmAcks.put(t, new TreeSet<>());
            return s;
        });
    }

    /** KTM-5: the TM answers an RM's question (presumed abort: an unknown transaction is aborted). */
    public Optional<ProtocolState> answer(String t, String r) {
        check(t, r);
        if (!tmUp || !msgs.contains(new Msg("ask", t, r, "none")) || rmAnswer(t).equals("none")) {
            return Optional.empty();
        }
        Msg m = new Msg("outcome", t, r, rmAnswer(t));
        return when(fresh(m), () -> sent(m));
    }

    // ---------------------------------------------------------------- the RMs

    /** KTM-4: r receives prepare: working, it forces a prepare record and votes yes; prepared, it votes again. */
    public Optional<ProtocolState> rcvPrepare(String r, String t) {
        check(t, r);
        Msg yes = new Msg("vote", t, r, "yes");
        return when(rmUp.get(r) && msgs.contains(new Msg("prepare", t, r, "none"))
                && (st(r, t).equals("working") || st(r, t).equals("prepared")) && fresh(yes), () -> {
                    ProtocolState s = sent(yes);
                    s.rmState.get(r).put(t, "prepared");
                    s.rmLog.get(r).put(t, "prepared");
                    return s;
                });
    }

    /** KTM-4: r cannot prepare (working: it rolls back) or lost its work in a crash: it votes no. */
    public Optional<ProtocolState> refusePrepare(String r, String t) {
        check(t, r);
        Msg no = new Msg("vote", t, r, "no");
        return when(rmUp.get(r) && msgs.contains(new Msg("prepare", t, r, "none"))
                && (st(r, t).equals("working") || st(r, t).equals("aborted")) && fresh(no), () -> {
                    ProtocolState s = sent(no);
                    if (st(r, t).equals("working")) {
                        s.rmApply(r, t, "aborted");
                    }
                    return s;
                });
    }

    /** The spec's bug RmVotesBeforeForce only; with the record forced in RcvPrepare it is never enabled here. */
    public Optional<ProtocolState> forcePrepare(String r, String t) {
        check(t, r);
        return when(rmUp.get(r) && st(r, t).equals("prepared") && rmLog.get(r).get(t).equals("none"), () -> {
            ProtocolState s = copy();
            s.rmLog.get(r).put(t, "prepared");
            return s;
        });
    }

    /** KTM-4 one phase: r commits at once and replies "committed" ("no" if it lost the work); again if lost. */
    public Optional<ProtocolState> rcvOnePhase(String r, String t) {
        check(t, r);
        if (!rmUp.get(r) || !msgs.contains(new Msg("onephase", t, r, "none"))) {
            return Optional.empty();
        }
        Msg reply = new Msg("vote", t, r, st(r, t).equals("aborted") ? "no" : "committed");
        return when(Set.of("working", "committed", "aborted").contains(st(r, t)) && fresh(reply), () -> {
            ProtocolState s = sent(reply);
            if (st(r, t).equals("working")) {
                s.rmApply(r, t, "committed");
            }
            return s;
        });
    }

    /**
     * KTM-4 phase two, KTM-5: r receives an outcome. Commit: it forces its commit record, releases the locks and
     * acknowledges (again if it had committed). Abort: it forces an abort record (no acknowledgement).
     */
    public Optional<ProtocolState> rcvOutcome(String r, String t) {
        check(t, r);
        if (!rmUp.get(r)) {
            return Optional.empty();
        }
        Msg ack = new Msg("ack", t, r, "none");
        boolean unresolved = UNRESOLVED.contains(st(r, t));
        if (msgs.contains(new Msg("outcome", t, r, "committed"))) {
            if (unresolved) {
                ProtocolState s = copy();
                s.rmApply(r, t, "committed");
                s.msgs.add(ack);
                return Optional.of(s);
            }
            if (st(r, t).equals("committed") && fresh(ack)) {
                return Optional.of(sent(ack));
            }
        }
        return when(msgs.contains(new Msg("outcome", t, r, "aborted")) && unresolved, () -> {
            ProtocolState s = copy();
            s.rmApply(r, t, "aborted");
            return s;
        });
    }

    /** KTM-5: r asks the TM about an unresolved enlistment (again if lost). */
    public Optional<ProtocolState> ask(String r, String t) {
        check(t, r);
        Msg m = new Msg("ask", t, r, "none");
        return when(rmUp.get(r) && UNRESOLVED.contains(st(r, t)) && fresh(m), () -> sent(m));
    }

    // ---------------------------------------------------------------- network, crashes, observations

    /** A message in flight is lost (bounded by maxLosses). */
    public Optional<ProtocolState> lose(Msg m) {
        return when(losses < bounds.maxLosses() && msgs.contains(m), () -> {
            ProtocolState s = copy();
            s.msgs.remove(m);
            s.losses++;
            return s;
        });
    }

    /** KTM-5: the TM crashes (its volatile state is frozen until recovery). */
    public Optional<ProtocolState> tmCrash() {
        return when(tmUp && tmCrashes < bounds.maxTmCrashes(), () -> {
            ProtocolState s = copy();
            s.tmUp = false;
            s.tmCrashes++;
            for (String t : bounds.txs()) {
                if (tmLog.get(t).commit() && tmLog.get(t).rms().stream().anyMatch(r -> st(r, t).equals("prepared"))) {
                    s.tmCrashedInDoubt.add(t);
                }
            }
            return s;
        });
    }

    /** KTM-5: the TM rereads its log: transactions with a commit record are committed, the others unknown. */
    public Optional<ProtocolState> tmRecover() {
        return when(!tmUp, () -> {
            ProtocolState s = copy();
            s.tmUp = true;
            for (String t : bounds.txs()) {
                s.tmState.put(t, tmLog.get(t).commit() ? "committed" : "unknown");
                s.tmEnlisted.put(t, new TreeSet<>(tmLog.get(t).rms()));
                s.tmVotes.put(t, new TreeSet<>());
                s.tmAcks.put(t, new TreeSet<>());
            }
            return s;
        });
    }

    /** KTM-5: r crashes (bounded by maxRmCrashes, all RMs together). */
    public Optional<ProtocolState> rmCrash(String r) {
        checkRm(r);
        return when(rmUp.get(r) && rmCrashes < bounds.maxRmCrashes(), () -> {
            ProtocolState s = copy();
            s.rmUp.put(r, false);
            s.rmCrashes++;
            for (String t : bounds.txs()) {
                if (st(r, t).equals("prepared")) {
                    s.rmCrashedInDoubt.add(new RmTx(r, t));
                }
            }
            return s;
        });
    }

    /** KTM-5, KTM-7: r rebuilds its enlistments and the locks of the in-doubt ones from its log. */
    public Optional<ProtocolState> rmRecover(String r) {
        checkRm(r);
        return when(!rmUp.get(r), () -> {
            ProtocolState s = copy();
            s.rmUp.put(r, true);
            for (String t : bounds.txs()) {
                s.rmState.get(r).put(t, recovered(r, t));
            }
            for (String i : bounds.items()) {
                String holder = NO_TX;
                for (String t : bounds.txs()) {
                    if (recovered(r, t).equals("prepared") && rmItems.get(r).get(t).contains(i)) {
                        holder = t;
                        break;
                    }
                }
                s.rmLocks.get(r).put(i, holder);
            }
            return s;
        });
    }

    /** KTM-7: reader x (a transaction or NO_TX) reads item i at r while another unresolved enlistment changed it. */
    public Optional<ProtocolState> read(String x, String r, String i) {
        if (!x.equals(NO_TX)) {
            checkTx(x);
        }
        checkRm(r);
        checkItem(i);
        boolean changedByOther = bounds.txs().stream().anyMatch(t -> !t.equals(x) && holds(r, t, i));
        return when(obs.equals(NO_OBS) && rmUp.get(r) && changedByOther, () -> {
            ProtocolState s = copy();
            s.obs = new Obs("read", x, r, i, seen(x, r, i));
            return s;
        });
    }

    /** KTM-1: the client asks the TM what became of t (once the TM no longer works on it). */
    public Optional<ProtocolState> clientQuery(String t) {
        checkTx(t);
        return when(obs.equals(NO_OBS) && tmUp && DECIDED_OR_UNKNOWN.contains(tmState.get(t)), () -> {
            ProtocolState s = copy();
            s.obs = new Obs("answer", t, NO_TX, NO_TX, clientAnswer(t));
            return s;
        });
    }

    // ---------------------------------------------------------------- actions by name

    /** The action's next state, or empty if it is not enabled. */
    public Optional<ProtocolState> apply(ProtocolAction a) {
        return switch (a.name()) {
            case "Work" -> work(a.s(0), a.s(1), a.s(2));
            case "RequestCommit" -> requestCommit(a.s(0));
            case "Rollback" -> rollback(a.s(0));
            case "SendPrepare" -> sendPrepare(a.s(0), a.s(1));
            case "SendOnePhase" -> sendOnePhase(a.s(0), a.s(1));
            case "RcvYes" -> rcvYes(a.s(0), a.s(1));
            case "RcvNo" -> rcvNo(a.s(0), a.s(1));
            case "RcvCommitted" -> rcvCommitted(a.s(0), a.s(1));
            case "DecideCommit" -> decideCommit(a.s(0));
            case "ForceDecision" -> forceDecision(a.s(0));
            case "SendOutcome" -> sendOutcome(a.s(0), a.s(1));
            case "RcvAck" -> rcvAck(a.s(0), a.s(1));
            case "Forget" -> forget(a.s(0));
            case "Answer" -> answer(a.s(0), a.s(1));
            case "RcvPrepare" -> rcvPrepare(a.s(0), a.s(1));
            case "RefusePrepare" -> refusePrepare(a.s(0), a.s(1));
            case "ForcePrepare" -> forcePrepare(a.s(0), a.s(1));
            case "RcvOnePhase" -> rcvOnePhase(a.s(0), a.s(1));
            case "RcvOutcome" -> rcvOutcome(a.s(0), a.s(1));
            case "Ask" -> ask(a.s(0), a.s(1));
            case "Lose" -> lose((Msg) a.args().getFirst());
            case "TmCrash" -> tmCrash();
            case "TmRecover" -> tmRecover();
            case "RmCrash" -> rmCrash(a.s(0));
            case "RmRecover" -> rmRecover(a.s(0));
            case "Read" -> read(a.s(0), a.s(1), a.s(2));
            case "ClientQuery" -> clientQuery(a.s(0));
            default -> throw new IllegalArgumentException("unknown action: name=" + a.name());
        };
    }

    /** Every action with every argument the spec's Next tries, in a fixed order. */
    public List<ProtocolAction> candidates() {
        List<ProtocolAction> all = new ArrayList<>();
        for (String t : bounds.txs()) {
            for (String r : bounds.rms()) {
                for (String i : bounds.items()) {
                    all.add(ProtocolAction.of("Work", t, r, i));
                }
            }
            for (String name : List.of("RequestCommit", "Rollback", "DecideCommit", "ForceDecision", "Forget",
                    "ClientQuery")) {
                all.add(ProtocolAction.of(name, t));
            }
            for (String r : bounds.rms()) {
                for (String name : List.of("SendPrepare", "SendOnePhase", "SendOutcome", "RcvYes", "RcvNo",
                        "RcvCommitted", "RcvAck", "Answer")) {
                    all.add(ProtocolAction.of(name, t, r));
                }
                for (String name : List.of("RcvPrepare", "RefusePrepare", "ForcePrepare", "RcvOnePhase",
                        "RcvOutcome", "Ask")) {
                    all.add(ProtocolAction.of(name, r, t));
                }
            }
        }
        for (Msg m : msgs) {
            all.add(ProtocolAction.of("Lose", m));
        }
        all.add(ProtocolAction.of("TmCrash"));
        all.add(ProtocolAction.of("TmRecover"));
        for (String r : bounds.rms()) {
            all.add(ProtocolAction.of("RmCrash", r));
            all.add(ProtocolAction.of("RmRecover", r));
            for (String i : bounds.items()) {
                all.add(ProtocolAction.of("Read", NO_TX, r, i));
                for (String x : bounds.txs()) {
                    all.add(ProtocolAction.of("Read", x, r, i));
                }
            }
        }
        return all;
    }

    /** The enabled actions, in the order of {@link #candidates()}. */
    public List<ProtocolAction> enabled() {
        return candidates().stream().filter(a -> apply(a).isPresent()).toList();
    }

    /** The spec's Done: every transaction decided or forgotten, every enlistment resolved, all up. */
    public boolean done() {
        return tmUp && rmUp.values().stream().allMatch(b -> b)
                && bounds.txs().stream().allMatch(t -> DECIDED_OR_UNKNOWN.contains(tmState.get(t)))
                && bounds.rms().stream().allMatch(r -> bounds.txs().stream().allMatch(t -> !UNRESOLVED.contains(st(r, t))));
    }

    // ---------------------------------------------------------------- invariants (names as in the spec)

    /** KTM-5: no RM commits what another aborts; no RM aborts what the TM logged as committed. */
    public boolean consistent() {
        for (String t : bounds.txs()) {
            boolean anyCommitted = bounds.rms().stream().anyMatch(r -> st(r, t).equals("committed"));
            boolean anyAborted = bounds.rms().stream().anyMatch(r -> st(r, t).equals("aborted"));
            if (anyCommitted && anyAborted || tmLog.get(t).commit() && anyAborted) {
                return false;
            }
        }
        return true;
    }

    /** KTM-4: nothing is committed unless every enlisted RM prepared (or committed). */
    public boolean commitNeedsAllPrepared() {
        for (String t : bounds.txs()) {
            boolean commit = tmLog.get(t).commit() || tmState.get(t).equals("committed")
                    || bounds.rms().stream().anyMatch(r -> st(r, t).equals("committed"));
            if (commit && !enlisted.get(t).stream()
                    .allMatch(r -> st(r, t).equals("prepared") || st(r, t).equals("committed"))) {
                return false;
            }
        }
        return true;
    }

    /** KTM-1: a commit the client was told of is durable and no RM aborted it. */
    public boolean reportedCommitDurable() {
        for (String t : bounds.txs()) {
            if (reported.get(t).equals("committed")) {
                boolean durable = tmLog.get(t).commit()
                        || bounds.rms().stream().anyMatch(r -> rmLog.get(r).get(t).equals("committed"));
                if (!durable || bounds.rms().stream().anyMatch(r -> st(r, t).equals("aborted"))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** KTM-1: an abort the client was told of holds. */
    public boolean reportedAbortHolds() {
        return bounds.txs().stream().noneMatch(t -> reported.get(t).equals("aborted")
                && bounds.rms().stream().anyMatch(r -> st(r, t).equals("committed")));
    }

    /** KTM-5: once some RM committed, the TM's record is dropped only after every enlisted RM committed. */
    public boolean forgetSafe() {
        for (String t : bounds.txs()) {
            boolean someCommitted = bounds.rms().stream().anyMatch(r -> rmLog.get(r).get(t).equals("committed"));
            if (someCommitted && !tmLog.get(t).commit()
                    && !enlisted.get(t).stream().allMatch(r -> rmLog.get(r).get(t).equals("committed"))) {
                return false;
            }
        }
        return true;
    }

    /** KTM-1: the TM's answer to the client agrees with the RMs. */
    public boolean answerTrue() {
        if (!obs.kind().equals("answer")) {
            return true;
        }
        String t = obs.tx();
        return !(obs.val().equals("committed") && bounds.rms().stream().anyMatch(r -> st(r, t).equals("aborted")))
                && !(obs.val().equals("aborted")
                        && bounds.rms().stream().anyMatch(r -> rmLog.get(r).get(t).equals("committed")));
    }

    /** KTM-7: another transaction's version is seen only once it committed at that RM. */
    public boolean readCommitted() {
        return !(obs.kind().equals("read") && !obs.val().equals(NO_TX) && !obs.val().equals(obs.tx()))
                || st(obs.rm(), obs.val()).equals("committed");
    }

    /** KTM-7: two transactions do not change the same item at once. */
    public boolean noConcurrentChange() {
        for (String r : bounds.rms()) {
            for (String i : bounds.items()) {
                if (bounds.txs().stream().filter(t -> holds(r, t, i)).count() > 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The invariants that do not hold, by name (empty: all hold). */
    public List<String> violatedInvariants() {
        List<String> violated = new ArrayList<>();
        if (!consistent()) {
            violated.add("Consistent");
        }
        if (!commitNeedsAllPrepared()) {
            violated.add("CommitNeedsAllPrepared");
        }
        if (!reportedCommitDurable()) {
            violated.add("ReportedCommitDurable");
        }
        if (!reportedAbortHolds()) {
            violated.add("ReportedAbortHolds");
        }
        if (!forgetSafe()) {
            violated.add("ForgetSafe");
        }
        if (!answerTrue()) {
            violated.add("AnswerTrue");
        }
        if (!readCommitted()) {
            violated.add("ReadCommitted");
        }
        if (!noConcurrentChange()) {
            violated.add("NoConcurrentChange");
        }
        return violated;
    }

    // ---------------------------------------------------------------- the variables, read-only

    public Bounds bounds() {
        return bounds;
    }

    public boolean tmUp() {
        return tmUp;
    }

    public String tmState(String t) {
        return tmState.get(t);
    }

    public Set<String> tmEnlisted(String t) {
        return Collections.unmodifiableSet(tmEnlisted.get(t));
    }

    public Set<String> tmVotes(String t) {
        return Collections.unmodifiableSet(tmVotes.get(t));
    }

    public Set<String> tmAcks(String t) {
        return Collections.unmodifiableSet(tmAcks.get(t));
    }

    public TmRecord tmLog(String t) {
        return tmLog.get(t);
    }

    public boolean rmUp(String r) {
        return rmUp.get(r);
    }

    public String rmState(String r, String t) {
        return st(r, t);
    }

    public String rmLock(String r, String i) {
        return rmLocks.get(r).get(i);
    }

    public String rmLog(String r, String t) {
        return rmLog.get(r).get(t);
    }

    public Set<String> rmItems(String r, String t) {
        return Collections.unmodifiableSet(rmItems.get(r).get(t));
    }

    public String committed(String r, String i) {
        return committed.get(r).get(i);
    }

    public Set<Msg> msgs() {
        return Collections.unmodifiableSet(msgs);
    }

    public int losses() {
        return losses;
    }

    public Set<String> enlisted(String t) {
        return Collections.unmodifiableSet(enlisted.get(t));
    }

    public String reported(String t) {
        return reported.get(t);
    }

    public Obs obs() {
        return obs;
    }

    public int tmCrashes() {
        return tmCrashes;
    }

    public int rmCrashes() {
        return rmCrashes;
    }

    public Set<String> tmCrashedInDoubt() {
        return Collections.unmodifiableSet(tmCrashedInDoubt);
    }

    public Set<RmTx> rmCrashedInDoubt() {
        return Collections.unmodifiableSet(rmCrashedInDoubt);
    }

    @Override
    public String toString() {
        return "ProtocolState[tmUp=" + tmUp + " tmState=" + tmState + " tmEnlisted=" + tmEnlisted + " tmVotes="
                + tmVotes + " tmAcks=" + tmAcks + " tmLog=" + tmLog + " rmUp=" + rmUp + " rmState=" + rmState
                + " rmLocks=" + rmLocks + " rmLog=" + rmLog + " rmItems=" + rmItems + " committed=" + committed
                + " msgs=" + msgs + " losses=" + losses + " reported=" + reported + " obs=" + obs + "]";
    }
}
