/**
 * Reference model of the volume manager (VOL-1..8): a volume is an array of logical blocks over member disks, each
 * member healthy, failed or rebuilding. Only what a client of the volume may observe is modelled, nothing of the
 * layout: mirrors and RAID-5 must both behave like one disk (DISK-2, DISK-3) that survives as many member failures
 * as it tolerates.
 *
 * <p>A running volume is a {@link txstack.model.volume.VolumeState}; a power loss yields a {@link
 * txstack.model.volume.CrashedVolume} that lists, per block, the set of values recovery may return (DISK-3 applied
 * to the volume as a whole: the last durable value or one written since). The set of whole-volume outcomes is the
 * product of the per-block sets, which is why it is kept per block.
 *
 * <p>Depends on {@code txstack.model} only.
 */
package txstack.model.volume;
