package txstack.spi.ktm;

import java.util.Set;

/**
 * A resource manager from outside the engine (KTM-3): it keeps its own data, durably, and the engine's transaction
 * manager calls it back as it calls its own resource managers. The transaction suite brings one ({@code ext}) to
 * engines whose sessions are a {@link ParticipantHost}. Transactions are named by the session's handles.
 *
 * <p>The engine never calls back for one transaction concurrently. {@link #commit} and {@link #rollback} may come
 * again after a crash of either side and for a transaction the participant already finished; they are idempotent.
 */
public interface Participant {

    /** A short name, unique among the engine's resource managers: 1 to 32 of {@code a-z0-9-}. */
    String name();

    /**
     * Phase one: makes {@code tx}'s changes durable as prepared and keeps holding them. Returns false to refuse: the
     * engine then rolls the transaction back everywhere, this participant included, and the commit fails with
     * {@link TransactionException.Kind#ABORTED}.
     */
    boolean prepare(long tx);

    /** Phase two: the prepared changes become the committed values, durably. */
    void commit(long tx);

    /** Drops {@code tx}'s changes, prepared or not. */
    void rollback(long tx);

    /** The transactions it holds prepared, neither committed nor rolled back: asked when it is registered. */
    Set<Long> inDoubt();
}
