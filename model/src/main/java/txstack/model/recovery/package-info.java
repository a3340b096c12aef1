/**
 * Reference model of write-ahead-logging recovery (REC-1..7) as a client of a recoverable page store sees it:
 * pages changed by transactions that commit or roll back. {@link txstack.model.recovery.StoreState} has one method
 * per action of {@code spec/tla/LogRecovery.tla} that a client can observe; how the log, the cache, checkpoints and
 * the write-ahead rule achieve it is the spec's and the implementation's business, not the client's: after a power
 * loss, recovery returns exactly the committed transactions' effects ({@link txstack.model.recovery.CrashedStore}).
 *
 * <p>{@link txstack.model.recovery.RecoveryMachine} is the same at the spec's level: the log, cached and durable
 * pages, checkpoints, crash and each step of recovery, one method per spec action, and for a crash at any point the
 * set of outcomes recovery may produce ({@link txstack.model.recovery.RecoveryMachine#allowedOutcomes()}). The
 * conformance module checks its random runs against the spec both ways (trace validation, and equal outcome sets).
 *
 * <p>Depends on {@code txstack.model} only.
 */
package txstack.model.recovery;
