/**
 * Reference model of transactions across resource managers as a client sees them, exactly as the transactions
 * contract ({@code docs/transactions.md}) states it: items and their values, transacted and plain calls with their
 * errors in the contract's order ({@link txstack.model.ktm.KtmState#apply}), isolation by held items, and what a
 * crash may leave ({@link txstack.model.ktm.CrashedKtm}): every committed change, a commit in progress all or
 * nothing in every resource manager, nothing uncommitted. {@link txstack.model.ktm.ProtocolState} is the protocol
 * underneath, one method per action of {@code spec/tla/Transaction.tla}; its runs are checked against the spec by
 * trace validation ({@code TransactionTrace.tla}).
 *
 * <p>Immutable and pure: no I/O, threads, clocks or randomness. Depends on {@code txstack.model} only.
 */
package txstack.model.ktm;
