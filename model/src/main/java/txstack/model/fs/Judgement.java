package txstack.model.fs;

import java.util.Objects;

/**
 * Whether an observed tree is one a crash may leave (the file-system contract, "Crash semantics"), as
 * {@link CrashedFs#judge} finds it.
 */
public sealed interface Judgement {

    /** Which promise of the contract's "Crash semantics" an observed tree breaks. */
    enum Rule {
        /** A metadata operation that a flush made durable is missing (the tree is that of an older prefix). */
        METADATA_LOST,
        /** The tree is no prefix of the metadata operations at all: e.g. a rename in both or neither directory. */
        METADATA_TORN,
        /** A unit of flushed data is missing: it shows content from before the file's last flush. */
        DATA_LOST,
        /** A unit equals no version of that file's content: bytes never written to it. */
        FOREIGN_BYTES
    }

    default boolean allowed() {
        return this instanceof Allowed;
    }

    /**
     * The tree is allowed.
     *
     * @param continued   the volume as recovered to the observed tree: everything durable, no history, the same
     *                    limits; further operations and crashes work on it
     * @param explanation which prefix of the metadata operations it is and how old its data is
     */
    record Allowed(FsState continued, String explanation) implements Judgement {
        public Allowed {
            Objects.requireNonNull(continued, "continued");
            Objects.requireNonNull(explanation, "explanation");
        }

        @Override
        public String toString() {
            return "Allowed(" + explanation + ")";
        }
    }

    /**
     * The tree is not allowed.
     *
     * @param rule    the promise broken
     * @param summary one line
     * @param details the nearest candidate the model tried and the first differences, for a human
     */
    record Refused(Rule rule, String summary, String details) implements Judgement {
        public Refused {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(details, "details");
        }

        @Override
        public String toString() {
            return "Refused(" + rule + ": " + summary + ")\n" + details;
        }
    }
}
