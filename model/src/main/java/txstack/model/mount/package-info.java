/**
 * Reference model of the mount-manager layer, exactly as the mount contract ({@code docs/mount.md}) states it: the
 * database of drive-letter and volume-name assignments (MNT-1..3), the volumes present and the namespace of symbolic
 * links made from it, each volume's directory tree with its reparse points and mount points (MNT-4..6), hierarchical
 * storage management with its offline store (MNT-7), and what a crash may leave ({@link txstack.model.mount.CrashedMount}).
 * {@link txstack.model.mount.MountState#apply} runs one operation, checking its errors in the contract's order;
 * {@link txstack.model.mount.ReparseBuffer} codes the reparse point's buffer header.
 *
 * <p>Immutable and pure: no I/O, threads, clocks or randomness (GUIDs and offline keys are numbered, not drawn).
 * Depends on {@code txstack.model} and {@code txstack.model.fs} (its {@code ReparsePoint} and data limit) only.
 */
package txstack.model.mount;
