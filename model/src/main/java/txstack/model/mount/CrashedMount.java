package txstack.model.mount;

import static txstack.model.ModelException.require;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mount layer after a crash: the set of states the mount contract's "Crash semantics" allows (the state after
 * one durable step of the operation in progress, the namespace rebuilt from the database), and {@link #judge}
 * telling whether an observation is one of them, and if not, which rule it breaks. Immutable.
 */
public final class CrashedMount {
    private final List<MountState> outcomes;
    private final MountOp inProgress;

    /** {@code outcomes}: the state after each step, the state before the operation first. */
    CrashedMount(List<MountState> outcomes, MountOp inProgress) {
        this.outcomes = List.copyOf(outcomes);
        require(!this.outcomes.isEmpty() && (this.outcomes.size() == 1) == (inProgress == null),
                "one outcome, or one per step with the operation in progress: outcomes=" + this.outcomes.size()
                        + " inProgress=" + inProgress);
        this.inProgress = inProgress;
    }

    /** Every allowed state, the one before the operation in progress first, then after each of its steps. */
    public List<MountState> outcomes() {
        return outcomes;
    }

    /** The operation the crash interrupted, if any (none: the crash came between operations). */
    public java.util.Optional<MountOp> inProgress() {
        return java.util.Optional.ofNullable(inProgress);
    }

    /** Whether {@code observed} is allowed; if not, the first rule it breaks, in {@link MountJudgement.Rule}'s order. */
    public MountJudgement judge(MountObservation observed) {
        Objects.requireNonNull(observed, "observed");
        for (int k = outcomes.size() - 1; k >= 0; k--) {
            if (outcomes.get(k).observe().equals(observed)) {
                String explanation = inProgress == null ? "the state at the crash"
                        : k == 0 ? "before " + inProgress : "after step " + k + " of " + inProgress;
                return new MountJudgement.Allowed(outcomes.get(k), explanation);
            }
        }
        List<MountObservation> allowed = outcomes.stream().map(MountState::observe).toList();
        if (allowed.stream().noneMatch(o -> o.database().equals(observed.database()))) {
            return databaseRefused(allowed, observed);
        }
        if (allowed.stream().noneMatch(o -> o.database().equals(observed.database())
                && o.namespace().equals(observed.namespace()))) {
            return refused(MountJudgement.Rule.NAMESPACE_WRONG, "the links are not the database's for the volumes "
                    + "present: observed=" + observed.namespace().keySet());
        }
        String lost = offlineDataLost(observed);
        if (lost != null) {
            return refused(MountJudgement.Rule.OFFLINE_DATA_LOST, lost);
        }
        if (allowed.stream().noneMatch(o -> o.trees().equals(observed.trees()))) {
            return refused(MountJudgement.Rule.TREE_WRONG, treeDifference(allowed.getLast(), observed));
        }
        if (allowed.stream().noneMatch(o -> o.offlineStore().equals(observed.offlineStore()))) {
            return refused(MountJudgement.Rule.OFFLINE_STORE_WRONG, "offline store keys=" + observed.offlineStore()
                    .keySet() + " expected one of " + allowed.stream().map(o -> o.offlineStore().keySet()).toList());
        }
        return refused(MountJudgement.Rule.MIXED_STEPS, "database, trees and offline store are each allowed, but "
                + "after different steps of " + inProgress);
    }

    private static MountJudgement databaseRefused(List<MountObservation> allowed, MountObservation observed) {
        Set<Map.Entry<String, VolumeId>> known = new HashSet<>();
        Set<String> names = new TreeSet<>();
        allowed.forEach(o -> {
            known.addAll(o.database().entrySet());
            names.addAll(o.database().keySet());
        });
        boolean fromSteps = known.containsAll(observed.database().entrySet());
        names.removeAll(observed.database().keySet());
        List<String> missingEverywhere = new ArrayList<>();
        for (String name : names) {
            if (allowed.stream().allMatch(o -> o.database().containsKey(name))) {
                missingEverywhere.add(name);
            }
        }
        if (fromSteps && missingEverywhere.isEmpty()) {
            return refused(MountJudgement.Rule.DATABASE_TORN, "each value is from before or after the update in "
                    + "progress, but not all from the same: observed=" + observed.database());
        }
        return refused(MountJudgement.Rule.DATABASE_FOREIGN, "values no update gave: observed=" + observed.database()
                + " lost=" + missingEverywhere);
    }

    /** An offline file (HSM tag) whose key names no copy in the store: its data is nowhere (rule 4). */
    private static String offlineDataLost(MountObservation observed) {
        for (Map.Entry<VolumeId, VolumeTree> t : observed.trees().entrySet()) {
            for (Map.Entry<String, VolumeTree.Node> n : t.getValue().nodes().entrySet()) {
                if (n.getValue().offline()) {
                    String key = Utf16.decode(n.getValue().reparse().data());
                    if (key == null || !observed.offlineStore().containsKey(key)) {
                        return "offline file without a copy: volume=" + t.getKey() + " path=" + n.getKey() + " key="
                                + key;
                    }
                }
            }
        }
        return null;
    }

    private static String treeDifference(MountObservation expected, MountObservation observed) {
        Set<VolumeId> volumes = new LinkedHashSet<>(expected.trees().keySet());
        volumes.addAll(observed.trees().keySet());
        for (VolumeId v : volumes) {
            VolumeTree e = expected.trees().get(v);
            VolumeTree o = observed.trees().get(v);
            if (e == null || o == null) {
                return "volume=" + v + (e == null ? " has a tree no step made" : " lost its tree");
            }
            Set<String> paths = new TreeSet<>(e.nodes().keySet());
            paths.addAll(o.nodes().keySet());
            for (String p : paths) {
                if (!Objects.equals(e.node(p), o.node(p))) {
                    return "volume=" + v + " path=" + p + " expected=" + describe(e.node(p)) + " observed="
                            + describe(o.node(p));
                }
            }
        }
        return "the trees differ from every step's";
    }

    private static String describe(VolumeTree.Node n) {
        if (n == null) {
            return "missing";
        }
        String reparse = n.hasReparsePoint() ? " tag=" + ReparseTags.hex(n.reparse().tag()) : "";
        return (n.directory() ? "directory" : "file data=" + n.data()) + reparse;
    }

    private static MountJudgement refused(MountJudgement.Rule rule, String summary) {
        return new MountJudgement.Refused(rule, summary);
    }

    /** What this crash allows, for a human. */
    public String describe() {
        return inProgress == null ? "a crash with no operation in progress: the state as it is"
                : "a crash during " + inProgress + ": the state after one of its " + (outcomes.size() - 1)
                        + " step(s), or before it";
    }

    @Override
    public String toString() {
        return "CrashedMount(" + describe() + ")";
    }
}
