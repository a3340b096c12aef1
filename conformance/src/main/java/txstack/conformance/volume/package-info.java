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
 * hole, VOL-8). In half the workloads every such crash state is also assembled with one sector of a healthy member
 * made unreadable while the volume was down (a latent sector error found at start-up; the sector and member are
 * drawn per workload, half the time among a member's first and last two sectors, where engines commonly keep their
 * own records): no member may be dropped for it, and no block lost while redundancy is left (DISK-4). In half the
 * workloads every such crash state is also assembled with a healthy member's disk dying during the assembly, at one
 * of the reads the first assembly of the state made of it (the member drawn per workload, the read per crash state):
 * the engine must go on as if the member had been lost before the assembly, or refuse where the model lets it (VOL-8).
 * The report counts both kinds of assembly.
 *
 * <p>Workloads also go on after an assembly ({@link txstack.conformance.volume.VolumeStep.PowerCycle}): the power
 * fails, the volume is assembled from the image the cut left, judged, and the next session writes, fails and rebuilds
 * members and crashes again; a member may be missing at an assembly, and its disk comes back, stale, at every later
 * one, where the engine must leave it out until a rebuild resyncs it. Right after each such assembly the suite scrubs
 * the members at rest: each member in turn is left out of a new assembly of the disks as the assembly left them, and
 * every block must read as the assembled volume returned it. Then it hands the engine wrong disks at rest: the
 * members in each other's roles (assembled as in their own), a member of another volume of the same geometry in a
 * member's role, and an old copy of a member (from before the session wrote) in another member's role; the engine
 * may refuse the last two or run without the wrong disk, but never serve its data. The report counts writes after an
 * assembly, assemblies with a member back, scrub assemblies and wrong-disk assemblies.
 *
 * <p>One workload in four ends with a sector lost beyond the redundancy under a write still in the caches (the same
 * member sector unreadable on one member more than the layout tolerates losing, then a flush): an assembly after a
 * crash there must copy around the lost row, and a mirror's assemblies of those crash states are scrubbed at rest
 * too, so every block but the lost row's must read alike from each half. The report counts those scrubs apart.
 * One workload in four has a member's disk die unannounced ({@link txstack.conformance.volume.VolumeStep.MemberDies}):
 * the engine is not told, meets the dead disk in a read of every block, a whole-stripe write and a flush, or half the
 * time in a write of one block first (the read and the flush then follow), all of which must succeed, and must count
 * the member failed from then on; the member is rebuilt onto a blank disk later.
 * One workload in three closes the volume cleanly ({@link txstack.conformance.volume.VolumeStep.Close}, the SPI's
 * {@code close}) and assembles it again at once from the same disks, half of them without a member: a crash inside
 * the close may leave what one inside a flush leaves; once it returned, every write must be durable and the assembly
 * must start, a RAID-5 without a member too (no stripe of a clean volume can be torn). The report counts the closes.
 * One workload in five ends with members failing until one more has failed than the layout tolerates ({@link
 * txstack.conformance.volume.VolumeStep.LoseVolume}): the lost volume must refuse a read, a write and a flush with
 * {@code VolumeFailedException}, never serve them from what is left. The report counts the volumes lost. Half the
 * workloads create their volume over the disks of an earlier one ({@link txstack.conformance.volume.EarlierVolume}):
 * the new volume must read as zeros, and nothing of the earlier one may come back, after a crash either. Three reads
 * and writes in four hand the engine their bytes at an offset inside a larger array ({@link
 * txstack.conformance.volume.PlacedBuffer}): a read may change nothing around its bytes, a write nothing at all
 * (DISK-1). Once a write returned, the suite overwrites every byte of its array, as a caller reusing it does: an
 * engine that kept the array, not its bytes, writes what the suite never wrote. The report counts both. Half the
 * rebuilds of a failed member on a mirror of three members or more lose another member's disk at the rebuild's first
 * read of it: the rebuild must finish from the others, and every block read back right. One in three of the
 * workloads that end with no loss ends with members failing up to the tolerance, then the rebuild of one of them
 * during which the first member it reads dies ({@link txstack.conformance.volume.VolumeStep.LoseVolumeInRebuild}):
 * the second failure during a rebuild loses the volume, which must then refuse every call, and a crash inside the
 * rebuild leaves the partly rebuilt replacement among the disks of an assembly that must refuse. The report counts
 * the volumes lost so. One in three of the other rebuilds of a failed member loses the replacement's own disk at the
 * rebuild's first write or flush to it, at its first flush, or at its first write after a flush (in turn): {@code
 * replaceMember} must throw {@link txstack.spi.disk.DeviceException}, the member stay failed and every block read as
 * before; a second, blank replacement is then rebuilt. The report counts the replacements lost so, and of them those
 * lost at the flush or after it.
 *
 * <p>Depends on the SPI, the model, {@code txstack.conformance.rig} and {@code txstack.conformance.explorer}; never
 * on an implementation (an engine arrives through the SPI).
 */
package txstack.conformance.volume;
