/**
 * The volume manager conformance suite (VOL-1, VOL-2, VOL-5..8, DISK-3), written once against the SPI ({@link
 * txstack.spi.volume.VolumeEngine}) with the reference model ({@code txstack.model.volume}) as its oracle, and
 * run by the crash explorer.
 *
 * <p>{@link txstack.conformance.volume.VolumeWorkloads} draws workloads of {@link
 * txstack.conformance.volume.VolumeStep}s (partial-, full- and cross-stripe writes, flushes, reads, member failures,
 * rebuilds onto a blank or a stale disk, unreadable sectors). {@code VolumeLayer} is the suite's side of the shared
 * run skeleton ({@link txstack.conformance.explorer.WorkloadRun}): the members are the rig's disks {@code member[i]}
 * in one failure domain, each step runs on the engine and on the model side by side, and {@code VolumeCheck}
 * assembles every crash state and requires every block to be one of {@link txstack.model.volume.CrashedVolume}'s
 * outcomes and to keep its value when a member fails afterwards, or when one is lost before assembly (the write
 * hole, VOL-8).
 *
 * <p>Depends on the SPI, the model, {@code txstack.conformance.rig} and {@code txstack.conformance.explorer}; never
 * on an implementation (an engine arrives through the SPI).
 */
package txstack.conformance.volume;
