package txstack.spi.ktm;

import txstack.spi.disk.Devices;

/**
 * A transaction manager and its resource managers under test, on devices by role: the transaction manager's log
 * ({@link #TM_LOG}), the file system TxF works on ({@link #VOLUME}), and the registry hive and its log ({@link
 * #HIVE}, {@link #HIVE_LOG}). An engine without a registry leaves the hive's devices alone.
 */
public interface TransactionEngine {
    String TM_LOG = "tm-log";
    String VOLUME = "volume";
    String HIVE = "hive";
    String HIVE_LOG = "hive-log";

    /** A short name for reports, e.g. {@code txstack}. */
    String name();

    /** Formats every device (they may hold anything an earlier user left) and starts; durable when it returns. */
    TransactionSession format(Devices devices);

    /**
     * Starts again after a clean {@link TransactionSession#close()} or a crash: recovers every resource manager and
     * the transaction manager, and resolves every transaction left in doubt, before it returns.
     */
    TransactionSession open(Devices devices);
}
