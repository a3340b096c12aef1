package txstack.model.ktm;

import static txstack.model.ModelException.require;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import txstack.model.Bytes;

/**
 * Transactions across resource managers as the transactions contract ({@code docs/transactions.md}) states them:
 * every item's committed value, every transaction with its own values of the items it changed (it holds them) and
 * the resource managers it enlisted at, and the resource managers that will refuse their next prepare.
 * {@link #apply} runs one call, checking its errors in the contract's order; {@link #crash()} and
 * {@link #crashDuring} say what a crash may leave. A few earlier committed values of each item stay, only to tell a
 * lost commit from a foreign value when judging a crash. Immutable.
 */
public final class KtmState {
    /** How many earlier committed values of an item stay, to name a lost commit. */
    static final int HISTORY_MAX = 64;

    /** Where a transaction is. */
    public enum Status {
        ACTIVE, COMMITTED, ROLLED_BACK, ABORTED,
        /** It was active (or its commit had not returned and did not survive) when the power failed. */
        ENDED_BY_CRASH
    }

    /** What {@link #apply} returns: the next state, or the error (and then {@code next} is this state). */
    public record Step(KtmState next, KtmError error, Bytes value) {
        public Step {
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * One transaction.
     *
     * @param changes  its own value of each item it changed, in the order first changed
     * @param enlisted the resource managers it enlisted at, in order
     */
    record Tx(Status status, Map<String, Bytes> changes, Set<String> enlisted) {
        Tx {
            changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
            enlisted = Collections.unmodifiableSet(new LinkedHashSet<>(enlisted));
        }

        Tx withStatus(Status next) {
            return new Tx(next, changes, enlisted);
        }
    }

    private final Map<String, Bytes> committed;
    private final Map<String, List<Bytes>> history;
    private final Map<String, Tx> txs;
    private final Set<String> refusing;

    private KtmState(Map<String, Bytes> committed, Map<String, List<Bytes>> history, Map<String, Tx> txs,
                     Set<String> refusing) {
        this.committed = Collections.unmodifiableMap(committed);
        this.history = Collections.unmodifiableMap(history);
        this.txs = Collections.unmodifiableMap(txs);
        this.refusing = Collections.unmodifiableSet(refusing);
    }

    /** No item written, no transaction. */
    public static KtmState initial() {
        return new KtmState(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
                new LinkedHashSet<>());
    }

    /** Runs one call. A name misused by the caller (a transaction begun twice, or never) is a model exception. */
    public Step apply(KtmOp op) {
        Objects.requireNonNull(op, "op");
        return switch (op) {
            case KtmOp.Begin b -> {
                require(!txs.containsKey(b.tx()), "transaction begun twice: tx=" + b.tx());
                Map<String, Tx> next = new LinkedHashMap<>(txs);
                next.put(b.tx(), new Tx(Status.ACTIVE, Map.of(), Set.of()));
                yield ok(new KtmState(new LinkedHashMap<>(committed), new LinkedHashMap<>(history), next,
                        new LinkedHashSet<>(refusing)));
            }
            case KtmOp.Read r -> {
                KtmError e = notActive(r.tx());
                if (e != null) {
                    yield failed(e);
                }
                Bytes own = r.tx() == null ? null : txs.get(r.tx()).changes().get(r.item());
                yield new Step(this, null, own != null ? own : committedValue(r.item()));
            }
            case KtmOp.Write w -> change(w.tx(), w.item(), old -> w.value());
            case KtmOp.Append a -> change(a.tx(), a.item(), old -> old.append(a.bytes()));
            case KtmOp.Commit c -> commit(c.tx());
            case KtmOp.Rollback r -> {
                KtmError e = notActive(r.tx());
                yield e != null ? failed(e) : ok(withTx(r.tx(), txs.get(r.tx()).withStatus(Status.ROLLED_BACK)));
            }
            case KtmOp.RefuseNextPrepare r -> {
                Set<String> next = new LinkedHashSet<>(refusing);
                next.add(r.rm());
                yield ok(new KtmState(new LinkedHashMap<>(committed), new LinkedHashMap<>(history),
                        new LinkedHashMap<>(txs), next));
            }
        };
    }

    private Step change(String tx, String item, java.util.function.UnaryOperator<Bytes> newValue) {
        KtmError e = notActive(tx);
        if (e != null) {
            return failed(e);
        }
        String holder = holderOf(item).orElse(null);
        if (holder != null && !holder.equals(tx)) {
            return failed(new KtmError(KtmErrorKind.SHARING_VIOLATION, "item=" + item + " heldBy=" + holder
                    + (tx == null ? " (a plain call)" : " tx=" + tx)));
        }
        if (tx == null) {
            Map<String, Bytes> nextCommitted = new LinkedHashMap<>(committed);
            Map<String, List<Bytes>> nextHistory = new LinkedHashMap<>(history);
            commitValue(nextCommitted, nextHistory, item, newValue.apply(committedValue(item)));
            return ok(new KtmState(nextCommitted, nextHistory, new LinkedHashMap<>(txs), new LinkedHashSet<>(refusing)));
        }
        Tx t = txs.get(tx);
        Map<String, Bytes> changes = new LinkedHashMap<>(t.changes());
        Bytes base = changes.getOrDefault(item, committedValue(item));
        changes.put(item, newValue.apply(base));
        Set<String> enlisted = new LinkedHashSet<>(t.enlisted());
        enlisted.add(KtmOp.rmOf(item));
        return ok(withTx(tx, new Tx(Status.ACTIVE, changes, enlisted)));
    }

    private Step commit(String tx) {
        KtmError e = notActive(tx);
        if (e != null) {
            return failed(e);
        }
        Tx t = txs.get(tx);
        List<String> refused = t.enlisted().stream().filter(refusing::contains).toList();
        if (!refused.isEmpty()) {
            Set<String> nextRefusing = new LinkedHashSet<>(refusing);
            refused.forEach(nextRefusing::remove);
            Map<String, Tx> nextTxs = new LinkedHashMap<>(txs);
            nextTxs.put(tx, t.withStatus(Status.ABORTED));
            // the state changes (the transaction ended, the refusals are used up) although the call failed
            return new Step(new KtmState(new LinkedHashMap<>(committed), new LinkedHashMap<>(history), nextTxs,
                    nextRefusing), new KtmError(KtmErrorKind.ABORTED, "tx=" + tx + " refusedPrepare=" + refused),
                    null);
        }
        Map<String, Bytes> nextCommitted = new LinkedHashMap<>(committed);
        Map<String, List<Bytes>> nextHistory = new LinkedHashMap<>(history);
        t.changes().forEach((item, value) -> commitValue(nextCommitted, nextHistory, item, value));
        Map<String, Tx> nextTxs = new LinkedHashMap<>(txs);
        nextTxs.put(tx, t.withStatus(Status.COMMITTED));
        return ok(new KtmState(nextCommitted, nextHistory, nextTxs, new LinkedHashSet<>(refusing)));
    }

    private static void commitValue(Map<String, Bytes> committed, Map<String, List<Bytes>> history, String item,
                                    Bytes value) {
        List<Bytes> earlier = new ArrayList<>(history.getOrDefault(item, List.of()));
        earlier.add(committed.getOrDefault(item, Bytes.EMPTY));
        if (earlier.size() > HISTORY_MAX) {
            earlier.removeFirst();
        }
        history.put(item, List.copyOf(earlier));
        committed.put(item, value);
    }

    /** {@code NOT_ACTIVE} if {@code tx} is given and not active; null for a plain call or an active transaction. */
    private KtmError notActive(String tx) {
        if (tx == null) {
            return null;
        }
        Tx t = txs.get(tx);
        require(t != null, "no such transaction: tx=" + tx);
        return t.status() == Status.ACTIVE ? null
                : new KtmError(KtmErrorKind.NOT_ACTIVE, "tx=" + tx + " status=" + t.status());
    }

    private KtmState withTx(String tx, Tx t) {
        Map<String, Tx> next = new LinkedHashMap<>(txs);
        next.put(tx, t);
        return new KtmState(new LinkedHashMap<>(committed), new LinkedHashMap<>(history), next,
                new LinkedHashSet<>(refusing));
    }

    private Step ok(KtmState next) {
        return new Step(next, null, null);
    }

    private Step failed(KtmError error) {
        return new Step(this, error, null);
    }

    // ---- queries ----

    /** The item's last committed value (empty if never written). */
    public Bytes committedValue(String item) {
        return committed.getOrDefault(item, Bytes.EMPTY);
    }

    /** The active transaction holding {@code item}, if any. */
    public Optional<String> holderOf(String item) {
        for (Map.Entry<String, Tx> e : txs.entrySet()) {
            if (e.getValue().status() == Status.ACTIVE && e.getValue().changes().containsKey(item)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** Where {@code tx} is, if it was ever begun. */
    public Optional<Status> status(String tx) {
        return Optional.ofNullable(txs.get(tx)).map(Tx::status);
    }

    /** The resource managers {@code tx} enlisted at, in order (empty if none or unknown). */
    public Set<String> enlisted(String tx) {
        Tx t = txs.get(tx);
        return t == null ? Set.of() : t.enlisted();
    }

    /** Every item committed or changed by any transaction, sorted. */
    public Set<String> items() {
        Set<String> all = new TreeSet<>(committed.keySet());
        txs.values().forEach(t -> all.addAll(t.changes().keySet()));
        return Collections.unmodifiableSet(all);
    }

    /** Every item's committed value, for the items of {@link #items()}. */
    public Map<String, Bytes> committedValues() {
        Map<String, Bytes> out = new LinkedHashMap<>();
        for (String item : items()) {
            out.put(item, committedValue(item));
        }
        return Collections.unmodifiableMap(out);
    }

    // ---- crashes ----

    /** A crash now: what committed stays, nothing else. */
    public CrashedKtm crash() {
        return new CrashedKtm(List.of(this), null);
    }

    /**
     * A crash while {@code op} runs (it has not returned): a commit or a plain change that would succeed may have
     * taken effect or not, everywhere alike; any other call changes nothing durable.
     */
    public CrashedKtm crashDuring(KtmOp op) {
        Step step = apply(op);
        boolean durable = step.error() == null && switch (op) {
            case KtmOp.Commit c -> !txs.get(c.tx()).changes().isEmpty();
            case KtmOp.Write w -> w.tx() == null;
            case KtmOp.Append a -> a.tx() == null;
            default -> false;
        };
        return durable ? new CrashedKtm(List.of(this, step.next()), op) : crash();
    }

    // ---- for CrashedKtm ----

    /** This state after recovery: the same committed values; every active transaction ended; no refusals left. */
    KtmState recovered() {
        Map<String, Tx> next = new LinkedHashMap<>();
        txs.forEach((name, t) -> next.put(name, t.status() == Status.ACTIVE ? t.withStatus(Status.ENDED_BY_CRASH)
                : t));
        return new KtmState(new LinkedHashMap<>(committed), new LinkedHashMap<>(history), next, new LinkedHashSet<>());
    }

    /** Earlier committed values of {@code item}, oldest first (at most {@link #HISTORY_MAX}). */
    List<Bytes> history(String item) {
        return history.getOrDefault(item, List.of());
    }

    /** The transactions not committed (active, rolled back, aborted, ended by a crash) that changed {@code item}. */
    Map<String, Bytes> uncommittedValues(String item) {
        Map<String, Bytes> out = new LinkedHashMap<>();
        txs.forEach((name, t) -> {
            if (t.status() != Status.COMMITTED && t.changes().containsKey(item)) {
                out.put(name, t.changes().get(item));
            }
        });
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KtmState s && committed.equals(s.committed) && txs.equals(s.txs)
                && refusing.equals(s.refusing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(committed, txs, refusing);
    }

    @Override
    public String toString() {
        long active = txs.values().stream().filter(t -> t.status() == Status.ACTIVE).count();
        return "KtmState(items=" + items().size() + " transactions=" + txs.size() + " active=" + active
                + " refusing=" + refusing + ")";
    }
}
