package txstack.model.ktm;

import java.util.Objects;

/**
 * A failed call (the transactions contract, "Operations").
 *
 * @param kind   why it failed
 * @param detail a human-readable {@code key=value} detail; engines word it differently, compare kinds
 */
public record KtmError(KtmErrorKind kind, String detail) {
    public KtmError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return kind + "(" + detail + ")";
    }
}
