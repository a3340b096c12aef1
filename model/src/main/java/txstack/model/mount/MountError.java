package txstack.model.mount;

import java.util.Objects;

/**
 * A failed operation (the mount contract, "Operations").
 *
 * @param kind   why it failed
 * @param detail a human-readable {@code key=value} detail; engines word it differently, compare kinds
 */
public record MountError(MountErrorKind kind, String detail) {
    public MountError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return kind + "(" + detail + ")";
    }
}
