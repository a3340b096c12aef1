package txstack.spi.ktm;

/**
 * A {@link TransactionSession} that lets a {@link Participant} from outside the engine take part in its
 * transactions (KTM-3). An engine whose sessions implement this is checked with the transaction suite's own
 * participant too: its items are {@code ext:name}, a refusal to prepare among its steps (KTM-4).
 */
public interface ParticipantHost {

    /**
     * Registers a participant after every {@code format} and {@code open}, before its first enlistment, and resolves
     * the transactions it holds in doubt before it returns: commits those the transaction manager decided to commit,
     * rolls back every other.
     *
     * @throws IllegalArgumentException if a resource manager of that name is registered
     */
    void register(Participant participant);

    /**
     * Enlists a registered participant in transaction {@code tx} at its first change there; enlisting again does
     * nothing. When {@code tx} commits the participant prepares and commits with the others, or the transaction
     * rolls back everywhere.
     *
     * @throws TransactionException {@link TransactionException.Kind#NOT_ACTIVE} if {@code tx} is not active
     */
    void enlist(long tx, Participant participant);

    /** Whether {@code tx} is active: begun in this session and neither committed, rolled back nor aborted. */
    boolean isActive(long tx);
}
