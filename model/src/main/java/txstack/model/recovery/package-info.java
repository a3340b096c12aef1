/**
 * Reference model of write-ahead-logging recovery (REC-1..7) as a client of a recoverable page store sees it:
 * pages changed by transactions that commit or roll back. {@link txstack.model.recovery.StoreState} has one method
 * per action of {@code spec/tla/LogRecovery.tla} that a client can observe; how the log, the cache, checkpoints and
 * the write-ahead rule achieve it is the spec's and the implementation's business, not the client's: after a power
 * loss, recovery returns exactly the committed transactions' effects ({@link txstack.model.recovery.CrashedStore}).
 *
 * <p>Depends on {@code txstack.model} only.
 */
package txstack.model.recovery;
