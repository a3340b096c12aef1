/**
 * The volume manager (VOL-1..8): simple, striped, mirrored and RAID-5 volumes over member block devices, each
 * volume itself a {@link txstack.implementation.disk.BlockDevice}, so the layers above run on it unchanged.
 *
 * <p>{@link txstack.implementation.volume.Volumes} creates a volume and assembles it again from its members'
 * labels ({@link txstack.implementation.volume.LabelCodec} has the byte diagram); {@link
 * txstack.implementation.volume.Volume} holds what all layouts share (labels, generation, failed members, dirty
 * regions, online rebuild); {@link txstack.implementation.volume.StripedVolume}, {@link
 * txstack.implementation.volume.MirrorVolume} and {@link txstack.implementation.volume.Raid5Volume} map sectors.
 * Errors are {@link txstack.implementation.volume.VolumeException}s; member I/O errors drop the member, never the
 * data, while the layout tolerates it.
 *
 * <h2>Unreadable sectors (DISK-4, VOL-6)</h2>
 * A member device reports a sector that no longer reads with {@link
 * txstack.implementation.disk.UnreadableSectorException}; any other {@link txstack.implementation.disk.DiskException}
 * means the whole device is in doubt and drops the member. One bad sector does not: the read is retried sector by
 * sector, and each sector that does not read is computed from the other members (the other half of a mirror, the XOR
 * of the row for RAID-5) under the volume lock and written back, which lets the drive remap it. With no redundancy
 * left for the sector (a degraded volume, or bad sectors in the same row of two members), the read fails with {@link
 * txstack.implementation.volume.UnreadableDataException} for the sectors that needed it and for no other: a mirror
 * loses that block, a RAID-5 the block and the failed member's block of the same row. The volume goes on serving the
 * rest, and a rebuild that meets such a row stops with the replacement left out rather than fill it with guesses
 * ({@link txstack.implementation.volume.RebuildFailedException}, as when the replacement itself fails under it).
 * The same holds for the resync after a crash: a mirror sector unreadable on every member is left so, named in
 * {@link txstack.implementation.volume.Volume#assemblyNotes()}, and the mirror starts; reads of that sector fail, of
 * no other. A mirror whose resync loses its last other member starts too, with the copy left: each of its sectors
 * is one the crash may leave (VOL-2). During the resync a RAID-5's parity may be torn, so a dirty RAID-5 whose resync meets an unreadable data
 * sector refuses to start, as a dirty degraded one does: serving the rest would need a durable record of the lost
 * rows, so that no later reconstruction trusts their parity.
 *
 * <p>Assembly with {@link txstack.implementation.volume.VolumeOptions#allowDegraded()} leaves out a device whose
 * label does not read or is missing (a blank replacement whose rebuild a crash cut short) and a stale member, and
 * says so in {@link txstack.implementation.volume.Volume#assemblyNotes()}.
 *
 * <h2>The write hole (VOL-8): a dirty-region bitmap and a resync</h2>
 * Every label carries a bitmap of up to {@link txstack.implementation.volume.LabelCodec#MAX_REGIONS} regions of whole
 * stripes. Before the first write to a region in a session, its bit is set and the labels are rewritten with
 * force-unit-access on every member; only then is the data written. Assembly after an unclean shutdown (a label
 * still marked open) recomputes the parity of every stripe in a dirty region from its data (a mirror copies the
 * region from its lowest member to the others), flushes, and starts a new generation with a clean bitmap. Every data
 * sector then holds its old or new content (DISK-3 of its member) and the parity agrees with it, so a member lost
 * after assembly reconstructs exactly what a read returned before.
 *
 * <p>What it costs: one extra single-sector label write (force-unit-access, on every member) the first time a session
 * writes a region, none after; a resync after a crash that reads every dirty region of every member, at most all of
 * them for a session that wrote everywhere (bits are cleared only by a clean close or an assembly). What it does not
 * cover: a member lost between the crash and the resync. Such a RAID-5 cannot tell which stripes were torn, and
 * assembly refuses to start it ({@link txstack.implementation.volume.VolumeFailedException}, md's "dirty degraded
 * array") rather than reconstruct garbage; the model allows exactly that ({@code CrashedVolume.mayReportFailed}).
 * A journal or a partial-parity log would keep such a volume available, at the price of writing every update twice.
 *
 * <p>The deliberately broken behaviours the conformance suite must catch ({@code VolumeFault}) are package private
 * and absent from the public API: {@code Volumes}' public entry points always run the correct volume manager.
 * Package-private overloads of {@code create} and {@code assemble} take a fault; only the test fixtures reach them
 * ({@code BrokenVolumes}, published as the {@code txstack-implementation} artifact with classifier {@code tests}).
 *
 * <p>Depends on {@code txstack.implementation.disk} and the root package only.
 */
package txstack.implementation.volume;
