/**
 * The rig every layer suite sits on: named simulated disks in failure domains (a machine, a cluster node, a shared
 * disk), one journal of every device operation in issue order, and crash cuts: a point in the journal, the domains
 * that lose power, and per disk which of its unflushed writes persist and how multi-sector writes tear (DISK-3).
 * Faults (DISK-4) are injected here too: failed disks, unreadable sectors, failed reads and writes; bit flips are
 * made on crash images ({@link txstack.conformance.disk.CrashImage#withCorruptedByte}). Device operations may come
 * from several threads (an engine's clients or its own): each is journaled under the rig's monitor, after the rig's
 * {@link txstack.conformance.rig.DeviceGate}, if a suite set one to schedule them.
 *
 * <p>Depends on {@code txstack.conformance.disk}, the SPI's {@code txstack.spi.disk} and the JDK; knows nothing of
 * layers, models or engines.
 */
package txstack.conformance.rig;
