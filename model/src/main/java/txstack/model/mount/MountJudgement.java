package txstack.model.mount;

import java.util.Objects;

/** Whether what the mount layer shows after a crash is what the mount contract allows ({@link CrashedMount#judge}). */
public sealed interface MountJudgement {

    /** Which rule of the contract's "Crash semantics" the observation breaks, in the order the judge checks. */
    enum Rule {
        /** Rule 1: the database mixes the update in progress with what was before it (a letter moved halfway). */
        DATABASE_TORN,
        /** Rule 1: the database shows an entry no update gave it, or lost one that had completed. */
        DATABASE_FOREIGN,
        /** Rule 2: the namespace is not the database's links for the volumes present. */
        NAMESPACE_WRONG,
        /** Rule 4: an offline file's copy is in neither the file nor the offline store. */
        OFFLINE_DATA_LOST,
        /** Rules 3 and 4: a tree is not the one after any step (a lost change, or a file with other data). */
        TREE_WRONG,
        /** Rule 4: the offline store is not the one after any step. */
        OFFLINE_STORE_WRONG,
        /** Rule 5: every part is the one after some step, but not after the same step. */
        MIXED_STEPS
    }

    default boolean allowed() {
        return this instanceof Allowed;
    }

    /**
     * The observation is allowed.
     *
     * @param continued   the state to go on from (the namespace rebuilt)
     * @param explanation after which step of the operation in progress, if there was one
     */
    record Allowed(MountState continued, String explanation) implements MountJudgement {
        public Allowed {
            Objects.requireNonNull(continued, "continued");
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    /**
     * The observation is not allowed.
     *
     * @param rule    the rule broken
     * @param summary one line naming what is wrong
     */
    record Refused(Rule rule, String summary) implements MountJudgement {
        public Refused {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(summary, "summary");
        }
    }
}
