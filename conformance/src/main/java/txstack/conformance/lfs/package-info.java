/**
 * The log file service conformance suite (LFS-2, LFS-3, LFS-4, LFS-5, LFS-6, DISK-3, DISK-4), written once against
 * the SPI ({@link txstack.spi.lfs.LogEngine}) with the reference model ({@code txstack.model.lfs}) as its
 * oracle, and run by the crash explorer.
 *
 * <p>{@link txstack.conformance.lfs.LfsWorkloads} draws workloads of {@link txstack.conformance.lfs.LfsStep}s;
 * {@link txstack.conformance.lfs.LfsRun} runs one on an engine and on the model side by side, keeping a map between
 * the engine's LSNs and the model's (1, 2, 3, ...), and at every crash state recovers the engine and requires what it
 * shows to be one of {@link txstack.model.lfs.CrashedLog#recoveries()}. {@link txstack.conformance.lfs.LfsSuite}
 * binds it to the explorer and names the properties for the report.
 *
 * <p>Depends on the SPI, the model, {@code txstack.conformance.disk} and {@code txstack.conformance.explorer}; never
 * on an implementation (an engine arrives through the SPI).
 */
package txstack.conformance.lfs;
