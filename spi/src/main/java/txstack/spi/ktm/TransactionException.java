package txstack.spi.ktm;

import java.util.Objects;

/** A call of the transactions contract failed with one of its error kinds; it changed nothing. */
public class TransactionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The contract's error kinds (docs/transactions.md, "Operations"). */
    public enum Kind {
        /** The transaction is not active: it ended, or it was begun before the last {@code open}. */
        NOT_ACTIVE,
        /** Another transaction holds the item (KTM-7). */
        SHARING_VIOLATION,
        /** A resource manager could not prepare: the transaction was rolled back everywhere (KTM-4). */
        ABORTED
    }

    private final Kind kind;

    public TransactionException(Kind kind, String message) {
        super(Objects.requireNonNull(kind, "kind") + ": " + message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
