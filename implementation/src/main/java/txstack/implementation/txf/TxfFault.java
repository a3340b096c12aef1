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
    FORGET_PREPARED_AT_RECOVERY
}
