/**
 * The transactions contract: what a transaction manager with its resource managers implements so the transaction
 * suite can crash-test it. {@link txstack.spi.ktm.TransactionEngine} formats and opens the whole set on devices by
 * role; {@link txstack.spi.ktm.TransactionSession} is the running set, driven with items named {@code rm:name}
 * ({@code fs:\f0} a file's whole content, {@code reg:\Software\Txstack:v0} a registry value). The behaviour asked for,
 * its errors and its crash semantics are the transactions contract, {@code docs/transactions.md} in txstack's
 * repository; the suite checks exactly that. A session that is also a {@link txstack.spi.ktm.ParticipantHost}
 * lets a resource manager from outside, a {@link txstack.spi.ktm.Participant}, take part in its transactions: the
 * suite then brings its own ({@code ext}, on a device of role {@code participant}) and checks that the engine's
 * transaction manager treats it as its own resource managers, refusals to prepare included. Depends on {@code
 * txstack.spi.disk} and the JDK only.
 *
 * <h2>The fault model the transaction suite checks an engine under</h2>
 * <ul>
 * <li>Power loss of every device at once, at any moment once {@code format} has returned, inside {@code open}
 *     (recovery) too: every sector holds its last durable content or that of one write issued to it since.</li>
 * </ul>
 */
package txstack.spi.ktm;
