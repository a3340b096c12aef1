package txstack.model.ktm;

import java.util.Objects;

/** Whether the items' values after a crash are what the transactions contract allows ({@link CrashedKtm#judge}). */
public sealed interface KtmJudgement {

    /** Which rule of the contract's "Crash semantics" the observed values break. */
    enum Rule {
        /** Rule 1: a committed change (a commit or a plain change that returned) is missing. */
        COMMIT_LOST,
        /** Rule 2: the commit in progress shows in some items and not in others. */
        TORN,
        /** Rule 3: a change of a transaction that did not commit shows. */
        UNCOMMITTED_VISIBLE,
        /** Rule 4: a value no committed change gave the item. */
        FOREIGN_VALUE
    }

    default boolean allowed() {
        return this instanceof Allowed;
    }

    /**
     * The values are allowed.
     *
     * @param continued   the state recovery leaves: these committed values, every transaction ended
     * @param explanation which outcome of the commit in progress they show, if there was one
     */
    record Allowed(KtmState continued, String explanation) implements KtmJudgement {
        public Allowed {
            Objects.requireNonNull(continued, "continued");
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    /**
     * The values are not allowed.
     *
     * @param rule    the rule broken
     * @param summary one line, naming the transaction and item at fault
     * @param details the expected and observed values of the items that differ
     */
    record Refused(Rule rule, String summary, String details) implements KtmJudgement {
        public Refused {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(details, "details");
        }
    }
}
