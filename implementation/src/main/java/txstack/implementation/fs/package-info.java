/**
 * The NTFS-style file system (the file-system contract, {@code docs/file-system.md}; MNT-5, MNT-6 for reparse
 * points): {@link txstack.implementation.fs.FileSystem} on one block device, its metadata (file records, directory
 * B+trees, bitmaps, reparse data) kept as pages of a {@link txstack.implementation.recovery.RecoverableStore}, one
 * store transaction per metadata operation, committed lazily; file data in clusters outside the log, guarded by a
 * valid data length. On-disk layouts: {@code VolumeHeader}, {@code FileRecord}, {@code IndexNode}.
 *
 * <p>Errors: {@link txstack.implementation.fs.FsException} (one subclass per contract error kind) and {@link
 * txstack.implementation.fs.CorruptVolumeException}. The deliberately broken variants ({@code FsFault}) are package
 * private, reached only by the test fixture {@code BrokenFileSystems}.
 *
 * <p>Depends on {@code txstack.implementation.recovery}, {@code txstack.implementation.lfs} (log options),
 * {@code txstack.implementation.disk} and the root package's {@link txstack.implementation.StorageException}; nothing
 * depends on it.
 */
package txstack.implementation.fs;
