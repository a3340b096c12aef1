/**
 * The simulated block device every crash test sits on (DISK-1..4), in the manner of CrashMonkey: it records every
 * write and flush (the numbered device-operation log) and builds every state a power loss may leave.
 *
 * <p>{@link txstack.conformance.disk.SimulatedDisk} implements the SPI's block device with a volatile write cache,
 * flush barriers, force-unit-access writes and injectable faults (failed reads and writes, unreadable sectors).
 * {@link txstack.conformance.disk.CrashPoint} is one moment of power loss: each sector holds its last durable
 * content or the content of one write issued to it since (DISK-3); a choice per sector gives one
 * {@link txstack.conformance.disk.CrashImage}. For speed, a disk keeps what it was written in a table of primitive
 * keys ({@code SectorTable}), and an image of a crash holds only what changed since the disk was made, over the image
 * it was made from ({@code LayeredSectors}, shared, never copied).
 *
 * <p>Depends on the SPI ({@code txstack.spi.disk}) and the JDK only; knows nothing of logs or models.
 */
package txstack.conformance.disk;
