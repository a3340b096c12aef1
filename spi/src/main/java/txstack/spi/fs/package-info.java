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
 * </ul>
 */
package txstack.spi.fs;
