/**
 * What every engine under test sees of its disks (DISK-1..4): {@link txstack.spi.disk.BlockDevice}, the devices
 * handed to it by role ({@link txstack.spi.disk.Devices}), and the errors a device reports.
 *
 * <p>An engine does all its I/O through these devices, so the suite can record every write and flush and build every
 * state a power loss may leave. Depends on nothing but the JDK.
 */
package txstack.spi.disk;
