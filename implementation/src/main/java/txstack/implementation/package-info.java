/**
 * The optimized implementation of the storage stack on real block devices.
 *
 * <p>One package per layer, lower never depending on higher: {@code disk} (the block device, DISK-1..4), then
 * {@code volume} (mirrored and RAID-5 volumes, VOL-1..8), then {@code lfs} (the log file service, LFS-1..6), then {@code recovery} (write-ahead logging over the log and
 * a data device, REC-1..7).
 * This root package holds only {@link txstack.implementation.StorageException}, the one domain exception every
 * layer's errors extend.
 *
 * <p>Depends on nothing but the JDK.
 */
package txstack.implementation;
