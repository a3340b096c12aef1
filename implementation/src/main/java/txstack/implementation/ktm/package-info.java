/**
 * The kernel transaction manager (KTM-1..5, KTM-7's enlistment side): {@link
 * txstack.implementation.ktm.TransactionManager} hands out {@link txstack.implementation.ktm.Transaction}s and runs
 * two-phase commit over the {@link txstack.implementation.ktm.ResourceManager}s they enlisted at, with its own log on
 * an LFS log file and presumed abort, as {@code spec/tla/Transaction.tla} states the protocol. TxF and TxR (packages
 * {@code txf}, {@code txr}) are resource managers; anyone can write another against the public interface. What a
 * client may rely on is the transactions contract, {@code docs/transactions.md}. The TM log's layout is documented
 * on {@code TmLogCodec}.
 */
package txstack.implementation.ktm;
