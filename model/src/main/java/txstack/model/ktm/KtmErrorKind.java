package txstack.model.ktm;

/** Why a call failed (the transactions contract, "Operations"); the same names in the SPI and the engines. */
public enum KtmErrorKind {
    /** The transaction is not active: it committed, rolled back, was aborted or ended with a crash. */
    NOT_ACTIVE,
    /** Another transaction holds the item (KTM-7). */
    SHARING_VIOLATION,
    /** A resource manager could not prepare: the transaction was rolled back everywhere (KTM-4). */
    ABORTED
}
