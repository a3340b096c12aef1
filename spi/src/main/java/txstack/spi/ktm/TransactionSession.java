package txstack.spi.ktm;

import java.util.List;

/**
 * The running transaction manager with its resource managers. Transactions are named by handles {@link #begin()}
 * returns; handle {@link #PLAIN} makes a call plain (no transaction). A handle is never returned twice, also across
 * {@code open}s, and one from before the last {@code open} is not active. Items are named {@code rm:name}: the
 * resource managers are those {@link #resourceManagers()} lists, {@code fs} (TxF: {@code fs:\name}, a file in the
 * volume's root, its whole content) and {@code reg} (TxR: {@code reg:\Key\Subkey:value}, a registry value). Calls
 * come one at a time.
 */
public interface TransactionSession {
    /** The handle of a plain call. */
    long PLAIN = 0;

    /** The resource managers offered: {@code fs}, {@code reg}, or both. */
    List<String> resourceManagers();

    /** Starts a transaction; its handle is positive. */
    long begin();

    /** The item's value as {@code tx} sees it (the last committed value for a plain read); empty if never written. */
    byte[] read(long tx, String item);

    /** Replaces the item's value. */
    void write(long tx, String item, byte[] value);

    /** Appends to the item's value. */
    void append(long tx, String item, byte[] bytes);

    /** Commits; every change is durable in every resource manager when it returns. */
    void commit(long tx);

    /** Rolls back. */
    void rollback(long tx);

    /** Shuts down cleanly (active transactions roll back), as before a planned restart. */
    void close();
}
