package txstack.implementation.ktm;

/**
 * A transaction's identity: handed out by one transaction manager, never twice, also across restarts (KTM-2).
 * Resource managers log it with their prepared state and give it back in {@link ResourceManager#inDoubt()}.
 *
 * @param value positive
 */
public record TransactionId(long value) {
    public TransactionId {
        if (value <= 0) {
            throw new IllegalArgumentException("a transaction id is positive: value=" + value);
        }
    }

    @Override
    public String toString() {
        return "tx#" + value;
    }
}
