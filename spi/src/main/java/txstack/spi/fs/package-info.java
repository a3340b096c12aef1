/**
 * The file-system contract: what an NTFS-style file system implements so the file-system suite can crash-test it.
 * {@link txstack.spi.fs.FileSystemEngine} formats and mounts a volume on the device in role {@link
 * txstack.spi.fs.FileSystemEngine#VOLUME}; {@link txstack.spi.fs.FileSystemSession} is the mounted volume. The
 * behaviour asked for, its errors (in the order they are checked) and its crash semantics are the file-system
 * contract, {@code docs/file-system.md} in txstack's repository; the suite checks exactly that. Depends on {@code
 * txstack.spi.disk} and the JDK only.
 *
 * <h2>The fault model the file-system suite checks an engine under</h2>
 * <ul>
 * <li>Power loss at any moment once {@code format} has returned, inside {@code mount} (recovery) too: every sector
 *     holds its last durable content or that of one write issued to it since (DISK-3).</li>
 * <li>The device handed to {@code format} holds what an earlier user left (not zeros): a file must never show it.</li>
 * <li>Damaged media, on a sample of crash states: one sector the engine wrote made unreadable (reads of it throw
 *     {@link txstack.spi.disk.UnreadableSectorException}) or one bit of it flipped, sometimes the sector that holds a
 *     file's data. {@code mount} and every later call must then work as the contract says or fail with {@link
 *     txstack.spi.fs.FileSystemException.Kind#CORRUPT} or {@link txstack.spi.fs.FileSystemException.Kind#IO_ERROR}
 *     (any other exception is a violation); work that lived on the damaged sector may be lost, but no operation
 *     shows in part and no file shows bytes never written to it, except a flipped bit of its own data (the contract's
 *     "Damaged media"). The suite finds a file's sector by its bytes, so it assumes file data is stored as written,
 *     sector-aligned (otherwise that check is skipped), and that mounting one image twice shows one tree.</li>
 * </ul>
 */
package txstack.spi.fs;
