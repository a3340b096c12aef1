package txstack.model.ktm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import txstack.model.Bytes;

/**
 * The transactions after a crash: the set of committed values the transactions contract's "Crash semantics" allows,
 * and {@link #judge} telling whether observed values are in it. Every committed change stays; a commit (or plain
 * change) in progress shows in every item or in none; nothing else. Immutable.
 */
public final class CrashedKtm {
    private static final int DIFFERENCES_SHOWN_MAX = 8;

    private final List<KtmState> outcomes;
    private final KtmOp inProgress;

    /** {@code outcomes}: the state without the call in progress, then (if there is one) the state with it. */
    CrashedKtm(List<KtmState> outcomes, KtmOp inProgress) {
        this.outcomes = List.copyOf(outcomes);
        this.inProgress = inProgress;
        if (this.outcomes.isEmpty() || this.outcomes.size() > 2 || (this.outcomes.size() == 2) != (inProgress != null)) {
            throw new IllegalArgumentException("one outcome, or two with the call in progress: outcomes="
                    + this.outcomes.size() + " inProgress=" + inProgress);
        }
    }

    /** The state when the power failed, the call in progress not done. */
    public KtmState atCrash() {
        return outcomes.getFirst();
    }

    /** Every item whose value the judge compares: those of every allowed outcome. */
    public Set<String> items() {
        Set<String> all = new TreeSet<>();
        outcomes.forEach(o -> all.addAll(o.items()));
        return all;
    }

    /**
     * Whether {@code observed} (each item's value after recovery; a missing item reads as empty) is allowed. Items
     * outside {@link #items()} must be empty.
     */
    public KtmJudgement judge(Map<String, Bytes> observed) {
        Objects.requireNonNull(observed, "observed");
        Set<String> items = new TreeSet<>(items());
        items.addAll(observed.keySet());
        for (int k = outcomes.size() - 1; k >= 0; k--) {
            KtmState o = outcomes.get(k);
            if (differences(o, observed, items).isEmpty()) {
                String explanation = inProgress == null ? "every committed change, nothing else"
                        : (k == 1 ? "with " : "without ") + inProgress + ", in every item";
                return new KtmJudgement.Allowed(o.recovered(), explanation);
            }
        }
        return refused(observed, items);
    }

    private KtmJudgement refused(Map<String, Bytes> observed, Set<String> items) {
        KtmState before = outcomes.getFirst();
        KtmState after = outcomes.getLast();
        List<String> afterDiffs = differences(after, observed, items);
        if (outcomes.size() == 2) {
            List<String> showing = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            boolean explained = true;
            for (String item : items) {
                Bytes v = value(observed, item);
                boolean isBefore = v.equals(before.committedValue(item));
                boolean isAfter = v.equals(after.committedValue(item));
                if (!isBefore && !isAfter) {
                    explained = false;
                } else if (!before.committedValue(item).equals(after.committedValue(item))) {
                    (isAfter ? showing : missing).add(item);
                }
            }
            if (explained && !showing.isEmpty() && !missing.isEmpty()) {
                return new KtmJudgement.Refused(KtmJudgement.Rule.TORN, "the call in progress, " + inProgress
                        + ", shows in " + showing + " but not in " + missing, String.join("\n", afterDiffs));
            }
        }
        for (String item : items) {
            Bytes v = value(observed, item);
            if (v.equals(before.committedValue(item)) || v.equals(after.committedValue(item))) {
                continue;
            }
            for (Map.Entry<String, Bytes> u : after.uncommittedValues(item).entrySet()) {
                if (u.getValue().equals(v)) {
                    return new KtmJudgement.Refused(KtmJudgement.Rule.UNCOMMITTED_VISIBLE, "item " + item
                            + " shows the change of transaction " + u.getKey() + ", which did not commit ("
                            + after.status(u.getKey()).orElseThrow() + ")", String.join("\n", afterDiffs));
                }
            }
            List<Bytes> earlier = before.history(item);
            if (earlier.contains(v)) {
                int back = earlier.size() - earlier.lastIndexOf(v);
                return new KtmJudgement.Refused(KtmJudgement.Rule.COMMIT_LOST, "item " + item + " lost its last "
                        + back + " committed change(s): it shows an earlier committed value",
                        String.join("\n", afterDiffs));
            }
            return new KtmJudgement.Refused(KtmJudgement.Rule.FOREIGN_VALUE, "item " + item + " shows a value no "
                    + "committed change gave it", String.join("\n", afterDiffs));
        }
        throw new IllegalStateException("refused without a difference"); // judge() found none: unreachable
    }

    private static List<String> differences(KtmState o, Map<String, Bytes> observed, Set<String> items) {
        List<String> out = new ArrayList<>();
        int more = 0;
        for (String item : items) {
            Bytes expected = o.committedValue(item);
            Bytes v = value(observed, item);
            if (!expected.equals(v)) {
                if (out.size() < DIFFERENCES_SHOWN_MAX) {
                    out.add(item + ": expected " + expected + ", observed " + v);
                } else {
                    more++;
                }
            }
        }
        if (more > 0) {
            out.add("... and " + more + " more item(s)");
        }
        return out;
    }

    private static Bytes value(Map<String, Bytes> observed, String item) {
        Bytes v = observed.get(item);
        return v == null ? Bytes.EMPTY : v;
    }

    /** What this crash allows, for a human. */
    public String describe() {
        return inProgress == null ? "a crash with no commit in progress: exactly the committed values"
                : "a crash during " + inProgress + ": the committed values with it everywhere or nowhere";
    }

    @Override
    public String toString() {
        return "CrashedKtm(" + describe() + ")";
    }
}
