/**
 * Reference model of txstack's NTFS-style file system, exactly as the file-system contract
 * ({@code docs/file-system.md}) states it: the namespace, every operation with its errors in the contract's order
 * ({@link txstack.model.fs.FsState#apply}), and what a power loss may leave ({@link txstack.model.fs.CrashedFs}):
 * a prefix of the metadata operations since the durable point, and per unit of every file a version of its content
 * since its last flush.
 *
 * <p>Immutable and pure: no I/O, threads, clocks or randomness. Depends on {@code txstack.model} only.
 */
package txstack.model.fs;
