/**
 * The mount suite (the mount contract, {@code docs/mount.md}; MNT-1..7): {@link txstack.conformance.mount.MountSuite}
 * drives a {@link txstack.spi.mount.MountEngine} through volume arrivals and removals, drive letters, tree changes,
 * mount points, reparse points, HSM migrations and recalls, reboots and power losses, side by side with the reference
 * model ({@code txstack.model.mount}), and judges every crash state against what the model allows. Written once against
 * the SPI; depends on the explorer, the rig, the model and the SPI, never on the implementation.
 */
package txstack.conformance.mount;
