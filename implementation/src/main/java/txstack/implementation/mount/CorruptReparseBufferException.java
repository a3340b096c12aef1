package txstack.implementation.mount;

import java.io.Serial;

import txstack.implementation.StorageException;

/** A reparse buffer ({@link ReparseBuffer}) fails its checks; {@link #reason()} names the first one failed. */
public final class CorruptReparseBufferException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The contract's reasons, in the order {@link ReparseBuffer#decode} checks them. */
    public enum Reason { TRUNCATED, TOO_LARGE, RESERVED_NOT_ZERO, TRAILING_BYTES, TAG_ZERO }

    private final Reason reason;

    public CorruptReparseBufferException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
