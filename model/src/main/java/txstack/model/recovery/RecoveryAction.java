package txstack.model.recovery;

/**
 * One action of {@code spec/tla/LogRecovery.tla} with its arguments (Done, the stutter, is none: it changes
 * nothing). {@link RecoveryMachine#enabledActions()} lists them, {@link RecoveryMachine#apply} takes one.
 */
public sealed interface RecoveryAction {

    /** The action's name in the spec. */
    default String name() {
        return getClass().getSimpleName();
    }

    record Update(int tx, int page, int value) implements RecoveryAction {
    }

    record Commit(int tx) implements RecoveryAction {
    }

    record Rollback(int tx) implements RecoveryAction {
    }

    record RollbackStep(int tx) implements RecoveryAction {
    }

    record FlushLog() implements RecoveryAction {
    }

    record FlushPage(int page) implements RecoveryAction {
    }

    record BeginCheckpoint() implements RecoveryAction {
    }

    record EndCheckpoint() implements RecoveryAction {
    }

    /** Power loss keeping log records {@code 1..cut}. */
    record Crash(int cut) implements RecoveryAction {
    }

    record Analysis() implements RecoveryAction {
    }

    record RedoStep() implements RecoveryAction {
    }

    record UndoStep(int tx) implements RecoveryAction {
    }
}
