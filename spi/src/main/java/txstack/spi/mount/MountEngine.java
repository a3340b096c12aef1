package txstack.spi.mount;

import txstack.spi.disk.Devices;

/**
 * A mount manager with its file systems and its offline store under test, on devices by role: the registry hive
 * and its log ({@link #HIVE}, {@link #HIVE_LOG}) that keep the database, the transaction manager's log ({@link
 * #TM_LOG}), one device per volume ({@link #volume(int)}: {@code volume-1}, {@code volume-2}, ...) and the offline
 * store's ({@link #OFFLINE_STORE}). All of them are one machine: a power loss takes them all.
 */
public interface MountEngine {
    String HIVE = "hive";
    String HIVE_LOG = "hive-log";
    String TM_LOG = "tm-log";
    String OFFLINE_STORE = "offline-store";
    /** The most volume devices one engine is handed. */
    int VOLUMES_MAX = 26;

    /** The role of the {@code n}-th volume's device, from 1: {@code volume-n}. */
    static String volume(int n) {
        if (n < 1 || n > VOLUMES_MAX) {
            throw new IllegalArgumentException("volume device number out of range: n=" + n + " (1.." + VOLUMES_MAX
                    + ")");
        }
        return "volume-" + n;
    }

    /** A short name for reports, e.g. {@code txstack}. */
    String name();

    /**
     * Formats every device (they may hold anything an earlier user left): an empty database, an empty offline
     * store, and on every {@code volume-n} device a file system with only its root. No volume is present: each
     * arrives by {@link MountSession#volumeArrives}. Durable when it returns.
     */
    MountSession format(Devices devices);

    /**
     * Starts the machine again after a clean {@link MountSession#close()} or a crash: recovers the database and the
     * offline store. No volume is present until it arrives again; the namespace is made from the database as
     * volumes arrive.
     */
    MountSession open(Devices devices);
}
