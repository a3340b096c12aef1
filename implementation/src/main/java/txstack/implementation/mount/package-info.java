/**
 * The mount manager (the mount contract, {@code docs/mount.md}; MNT-1..7): {@link
 * txstack.implementation.mount.MountManager} keeps the database of drive letters and volume names in the registry
 * (every update one KTM transaction) and the volumes present with their file systems; {@link
 * txstack.implementation.mount.MountPaths} resolves {@code X:\...} and {@code \??\Volume{GUID}\...} across volumes
 * through mount points, with a bound on reparses; {@link txstack.implementation.mount.Hsm} migrates files' data to an
 * {@link txstack.implementation.mount.OfflineStore} and recalls it on open. Layouts: {@code VolumeId} (identity
 * bytes), {@code MountManager} (registry values), {@code OfflineStore} (copies), {@code ReparseBuffer} (a reparse
 * point as it travels).
 *
 * <p>Errors: {@link txstack.implementation.mount.MountException} (one subclass per contract error kind); corruption:
 * {@link txstack.implementation.mount.CorruptMountDataException}, {@link
 * txstack.implementation.mount.CorruptReparseBufferException}. The deliberately broken variants
 * ({@code MountFault}: the database outside a transaction, a recall removing the point before the data is back, no
 * bound on reparses, an absent volume's letter given away, and two HSM orderings) are package private, held by a
 * manager opened with one and followed by its paths and its HSM; the test fixture {@code BrokenMounts} opens them by
 * name, for the tests and the conformance suite.
 *
 * <p>A file's data is replaced as a plain TxF write (its intents in {@link
 * txstack.implementation.mount.MountManager#SYSTEM_DIRECTORY} on every volume), so a crash leaves the old data or the
 * new; a volume's arrival finishes a write a crash cut short.
 *
 * <p>Depends on {@code txstack.implementation.fs}, {@code txstack.implementation.txf}, {@code
 * txstack.implementation.txr}, {@code txstack.implementation.ktm} and the root package's {@link txstack.implementation.StorageException}; never on
 * {@code cluster} or the model.
 */
package txstack.implementation.mount;
