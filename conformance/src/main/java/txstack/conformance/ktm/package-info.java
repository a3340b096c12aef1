/**
 * The transaction suite: workloads of interleaved transactions and plain calls over the resource managers of a
 * {@link txstack.spi.ktm.TransactionEngine}, each call checked against the transactions model
 * ({@code txstack.model.ktm}) as it runs, and after a power loss of every device at each device operation (during
 * recovery too) the recovered items judged by the model: all or nothing across resource managers, every reported
 * commit durable, nothing uncommitted, nothing left in doubt.
 */
package txstack.conformance.ktm;
