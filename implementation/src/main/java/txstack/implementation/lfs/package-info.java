/**
 * The log file service (LFS-1..6): an NTFS-style log on a block device, with a restart area kept in two copies
 * (LFS-2) and a circular logging area of records named by LSNs that only grow, across wraps too (LFS-3).
 *
 * <p>{@link txstack.implementation.lfs.LogFile} is the service (LFS-4): format/open, append, group-commit flush,
 * advance the start, read forward and backward, scan forward without copying each record ({@code RecordScanner}),
 * read and write the restart area. Open may keep the pages its scan checked ({@code KeptPages}, bounded by the
 * caller) so that a client reading its whole log right after open does not read the device again. Circular reuse
 * never overwrites a record at or after the durable start; the writer gets {@link
 * txstack.implementation.lfs.LogFullException} instead (LFS-5). After a crash, open returns a gap-free prefix of
 * what was written holding every flushed record, never a torn, stale or garbage record (LFS-6): per-page and
 * per-record CRC32C, absolute page indexes, a per-format log id and a per-open incarnation epoch make torn, stale and
 * foreign data detectable (DISK-3, DISK-4).
 *
 * <p>The on-disk format is documented where it is coded: {@code RestartPageCodec}, {@code LogPageCodec},
 * {@code RecordCodec}; space rules in {@code LogLayout}; recovery in {@code LogRecovery}.
 *
 * <p>The deliberately broken behaviours the conformance suite must catch ({@code LogFault}) are package private and
 * absent from the public API: {@code LogFile}'s public entry points always run the correct log. Package-private
 * overloads of {@code format} and {@code open} take a fault; only the test fixtures reach them ({@code BrokenLogs},
 * published as the {@code txstack-implementation} artifact with classifier {@code tests}).
 *
 * <p>Depends on {@code txstack.implementation.disk} (the block device) and the root package's {@link
 * txstack.implementation.StorageException}; nothing above.
 */
package txstack.implementation.lfs;
