package txstack.model.mount;

import java.util.Objects;

/**
 * Bytes handed to {@link ReparseBuffer#decode} are not a well-formed reparse buffer. Unlike a
 * {@link txstack.model.ModelException} this is not the caller's mistake: the bytes came from outside (an engine, a
 * disk) and are wrong. The message is {@code key=value} with offsets and expected/actual values in hex.
 */
public final class CorruptReparseBufferException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What is wrong, in the order {@link ReparseBuffer#decode} checks. */
    public enum Reason {
        /** Fewer bytes than the 8-byte header, or fewer than the header's data length says. */
        TRUNCATED,
        /** The header's data length is over the 16,384-byte limit (MNT-5). */
        TOO_LARGE,
        /** The reserved field is not zero. */
        RESERVED_NOT_ZERO,
        /** More bytes than the header's data length says. */
        TRAILING_BYTES,
        /** Tag 0 names no owner. */
        TAG_ZERO
    }

    private final Reason reason;

    CorruptReparseBufferException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
