/**
 * The recovery conformance suite (REC-2, REC-4, REC-5, REC-6), written once against the SPI ({@link
 * txstack.spi.recovery.PageStoreEngine}) with the reference model ({@code txstack.model.recovery}) as its oracle,
 * and run by the crash explorer on the shared run skeleton.
 *
 * <p>{@code RecoveryWorkloads} draws workloads of {@link txstack.conformance.recovery.RecoveryStep}s (transactions
 * that update pages and commit or roll back, checkpoints, write-backs, reads, clean restarts, power losses). {@code
 * RecoveryLayer} runs them on an engine over the rig's {@code log} and {@code data} disks (one failure domain, both
 * holding an earlier user's bytes when the store is formatted) and on the model side by side, and judges every crash
 * state: restart recovery must leave exactly the committed transactions' effects.
 *
 * <p>Depends on the SPI, the model, {@code txstack.conformance.rig} and {@code txstack.conformance.explorer}; never
 * on an implementation (an engine arrives through the SPI).
 */
package txstack.conformance.recovery;
