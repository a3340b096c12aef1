package txstack.model.recovery;

/**
 * An operation of a recoverable page store whose effect a power loss may catch half-done: the one in flight when
 * the power fails. Only a commit has two outcomes (its commit record durable or not); every other operation leaves
 * what was committed before it.
 */
public sealed interface Operation {

    /** Transaction {@code tx} commits. */
    record Commit(long tx) implements Operation {
    }

    /** Anything else: an update, a rollback, a checkpoint, a page written back, a read. */
    record Other(String what) implements Operation {
    }
}
