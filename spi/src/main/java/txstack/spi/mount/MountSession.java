package txstack.spi.mount;

import java.util.List;
import java.util.SortedMap;

/**
 * The running mount layer (the mount contract, {@code docs/mount.md}): the database of drive letters and volume
 * names, the namespace of links made from it, the volumes' trees with their reparse points, and HSM with its offline
 * store. Paths are {@code X:\a\b} or {@code \??\Volume{GUID}\a\b}. A call that fails throws {@link MountException}
 * of the contract's kind and changes nothing; every change is durable when the call returns. Calls come one at a
 * time.
 */
public interface MountSession {
    /** No letter: a volume manager that suggests none. */
    char NO_LETTER = 0;

    /**
     * The volume {@code volume}, whose file system is on the device of role {@code device} ({@link
     * MountEngine#volume(int)}), arrives (MNT-2, MNT-3): a known volume gets its names back, an unknown one the
     * suggested letter if no volume in the database has it, else the first free one from C, else none; and a
     * {@code \??\Volume{GUID}} name. Announcing a present volume is the caller's mistake.
     *
     * @param suggestedLetter A..Z, or {@link #NO_LETTER}
     */
    void volumeArrives(String device, VolumeIdentity volume, char suggestedLetter);

    /** A present volume goes away; its database entry (its names) stays. */
    void volumeRemoved(VolumeIdentity volume);

    /** Gives {@code volume} the letter {@code letter} (either case) in place of the one it has, in one update. */
    void assignLetter(VolumeIdentity volume, char letter);

    /** Takes {@code letter} away from the volume that has it. */
    void removeLetter(char letter);

    /**
     * The database as the registry holds it ({@code HKLM\SYSTEM\MountedDevices}, MNT-1): every value that names a
     * volume, {@code \DosDevices\X:} and {@code \??\Volume{GUID}}, with the identity it holds.
     */
    SortedMap<String, VolumeIdentity> mountedDevices();

    /** The namespace: every symbolic link, {@code \??\Volume{GUID}} and {@code \??\X:}, with its volume. */
    SortedMap<String, VolumeIdentity> links();

    /**
     * Every node of the tree of the file system on the volume device {@code device}, whether its volume is present
     * or not (an absent volume's disk is still attached to this test machine), the root first.
     */
    List<MountNode> tree(String device);

    /** The offline store's copies by key ({@code tape-1}, ...). */
    SortedMap<String, byte[]> offlineCopies();

    /** Where {@code path} leads, following every reparse point, the last component's too; an offline file is not recalled. */
    Reached resolve(String path);

    void createDirectory(String path);

    /** Creates an empty file. */
    void createFile(String path);

    /** Replaces a file's data; an offline file is recalled first. */
    void writeFile(String path, byte[] data);

    /** Sets, or replaces (same tag), the reparse point of the node at {@code path} (MNT-5). */
    void setReparsePoint(String path, int tag, byte[] data);

    void deleteReparsePoint(String path);

    /** Makes the directory at {@code path} a mount point of the volume named {@code volumeName} (MNT-4). */
    void createMountPoint(String path, String volumeName);

    /** Moves a file's data to the offline store and marks it with the HSM reparse point (MNT-7); gives the key. */
    String migrateOffline(String path);

    /** Opens a node, following every reparse point; an offline file is recalled first (MNT-6, MNT-7). */
    Opened open(String path);

    /** Shuts down cleanly, as before a planned restart. */
    void close();
}
