/**
 * The mount contract: what a mount manager with its volumes' file systems and an HSM offline store implements so
 * the mount suite can crash-test it. {@link txstack.spi.mount.MountEngine} formats and opens the machine on devices
 * by role; {@link txstack.spi.mount.MountSession} is the running mount layer: volumes arriving and going, drive
 * letters, paths across mount points, reparse points, HSM migrations and recalls, and what the suite reads back
 * (the database's registry values, the namespace, every tree, the offline store). The behaviour asked for, its
 * errors and its crash semantics are the mount contract, {@code docs/mount.md} in txstack's repository; the suite
 * checks exactly that. Depends on {@code txstack.spi.disk}, {@code txstack.spi.fs} (its reparse point) and the JDK
 * only.
 *
 * <h2>The fault model the mount suite checks an engine under</h2>
 * <ul>
 * <li>Power loss of every device at once, at any moment once {@code format} has returned, inside {@code open}
 *     and the arrivals after it too: every sector holds its last durable content or that of one write issued to it
 *     since.</li>
 * <li>Clean restarts (close, open, the volumes arriving again), volumes removed and arriving again.</li>
 * </ul>
 */
package txstack.spi.mount;
