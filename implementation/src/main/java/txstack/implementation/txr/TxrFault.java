package txstack.implementation.txr;

/**
 * Deliberately broken behaviours of TxR, for the transaction suite to prove its checks bite (STYLE 10). Reached
 * only through the test fixture {@code BrokenTxr}.
 */
enum TxrFault {
    /** The real registry. */
    CORRECT,
    /** Prepare applies the changes to the values at once (durably) instead of writing an intent: before the decision. */
    APPLY_AT_PREPARE
}
