package txstack.implementation.txf;

/**
 * Deliberately broken behaviours of TxF, for the transaction suite to prove its checks bite (STYLE 10). Reached
 * only through the test fixture {@code BrokenTxf}.
 */
enum TxfFault {
    /** The real TxF. */
    CORRECT,
    /** Single-phase commits and plain changes write the files with no committed intent first: a crash between two files shows part of a transaction. */
    APPLY_WITHOUT_INTENT,
    /** At open, a prepared intent is deleted instead of kept in doubt: the resource manager forgets what it promised. */
    FORGET_PREPARED_AT_RECOVERY,
    /**
     * At open, a prepared intent is kept in doubt but its files are not held: until the transaction manager resolves
     * it, a plain call or another transaction changes a file the in-doubt transaction may still commit over (a lost
     * update). The SPI's {@code open} resolves every transaction before it returns, so the transaction suite cannot
     * see this window; {@code TxfInDoubtTest} does.
     */
    LOCKS_DROPPED_AT_RECOVERY
}
