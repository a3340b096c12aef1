/**
 * The transactional registry (TxR): {@link txstack.implementation.txr.Registry} keeps named values under key paths in
 * a hive, pages of a {@link txstack.implementation.recovery.RecoverableStore}, and is a resource manager of the
 * kernel transaction manager (KTM-2..5, KTM-7): transacted calls enlist it, hold what they change, and commit in one
 * or two phases, a prepared transaction's intent durable in the hive until the transaction manager resolves it. What
 * a client may rely on is the transactions contract, {@code docs/transactions.md}; the hive's layout is documented on
 * {@code HiveCodec}.
 *
 * <p>Depends on {@code txstack.implementation.recovery} (the store), {@code txstack.implementation.ktm} (transactions
 * and the resource-manager interface), {@code txstack.implementation.disk} (the devices) and the root package's
 * {@link txstack.implementation.StorageException}; errors extend {@link
 * txstack.implementation.txr.RegistryException}.
 */
package txstack.implementation.txr;
