package txstack.implementation.ktm;

import java.util.Set;

/**
 * A resource manager: it owns data that transacted calls change, and the transaction manager calls it back to
 * commit or roll back (KTM-2, KTM-3). TxF and TxR are two; anyone can write another: enlist with {@link
 * Transaction#enlist} at a transaction's first change, hold what it changed until the transaction ends, and
 * implement these callbacks. Register it with {@link TransactionManager#register} every time the transaction
 * manager is opened, so that its in-doubt transactions are resolved.
 *
 * <p>The transaction manager never calls back for one transaction concurrently; calls for different transactions
 * may overlap. Every callback may come again after a crash of either side, so {@link #commit} and {@link #rollback}
 * must be idempotent and accept a transaction the resource manager does not know (it already finished it).
 */
public interface ResourceManager {

    /** A short name, unique among the resource managers of one transaction manager: 1 to 32 of {@code a-z0-9-}. */
    String name();

    /**
     * Phase one: makes the transaction's changes durable as prepared and keeps holding what it changed. Returns false
     * to refuse (the transaction is then rolled back everywhere, this resource manager included). Once it returned
     * true the resource manager must be able to commit or roll back the transaction whatever happens, a crash too,
     * and may do neither on its own.
     */
    boolean prepare(TransactionId tx);

    /** Phase two: the prepared changes become the committed values, durably; what the transaction held is released. */
    void commit(TransactionId tx);

    /** Drops the transaction's changes, prepared or not, and releases what it held. */
    void rollback(TransactionId tx);

    /**
     * The transaction enlisted here only: commit it at once, durably, and return true; or roll it back and return
     * false. By default {@link #prepare}, then {@link #commit} or {@link #rollback}.
     */
    default boolean commitOnePhase(TransactionId tx) {
        if (!prepare(tx)) {
            rollback(tx);
            return false;
        }
        commit(tx);
        return true;
    }

    /**
     * The transactions this resource manager holds prepared but not yet committed or rolled back, as recovered after
     * a restart: asked once, when it is {@linkplain TransactionManager#register registered}.
     */
    Set<TransactionId> inDoubt();
}
