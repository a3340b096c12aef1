/**
 * The block device everything sits on: an array of fixed-size sectors (DISK-1) with a volatile write cache, a
 * flush barrier and force-unit-access writes (DISK-2).
 *
 * <p>{@link txstack.implementation.disk.BlockDevice} is the contract; {@link
 * txstack.implementation.disk.FileBlockDevice} puts it on a file with positional I/O, {@link
 * txstack.implementation.disk.MemoryBlockDevice} keeps it in memory (tests, simulators). Crash behaviour (DISK-3)
 * is the device's: each sector is written atomically, a multi-sector write may tear at sector boundaries. I/O errors
 * (DISK-4) surface as {@link txstack.implementation.disk.DiskException}, never swallowed.
 *
 * <p>Depends only on the root package ({@link txstack.implementation.StorageException}) and the JDK.
 */
package txstack.implementation.disk;
