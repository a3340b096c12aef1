package txstack.spi.mount;

import java.util.Objects;

/** A call of the mount contract failed with one of its error kinds; it changed nothing. */
public class MountException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The contract's error kinds (docs/mount.md, "Resolution" and "Operations"). */
    public enum Kind {
        /** Not {@code X:\...} or {@code \??\Volume{GUID}\...}; an empty component, a bad char, {@code .} or {@code ..}. */
        INVALID_PATH,
        /** Not a drive letter A..Z (either case). */
        INVALID_LETTER,
        /** No volume in the database has the letter. */
        NO_SUCH_LETTER,
        /** No volume in the database has the name or identity. */
        NO_SUCH_VOLUME,
        /** The volume is in the database but absent. */
        VOLUME_NOT_PRESENT,
        /** Another volume has the letter. */
        LETTER_IN_USE,
        NOT_FOUND,
        NOT_A_DIRECTORY,
        IS_A_DIRECTORY,
        EXISTS,
        NOT_EMPTY,
        /** Tag 0, a reparse point on a root, or a mount point's data that is not a volume name. */
        INVALID_ARGUMENT,
        /** Reparse data over 16,384 bytes (MNT-5). */
        REPARSE_DATA_TOO_LARGE,
        /** A reparse point of another tag is there. */
        REPARSE_TAG_MISMATCH,
        NOT_A_REPARSE_POINT,
        /** A file to migrate has a reparse point. */
        HAS_REPARSE_POINT,
        /** A reparse point no owner in the mount layer handles. */
        REPARSE_TAG_NOT_HANDLED,
        /** The 64th reparse of one resolution (MNT-6). */
        TOO_MANY_REPARSES,
        /** An offline file whose key names no copy in the offline store. */
        OFFLINE_DATA_MISSING
    }

    private final Kind kind;

    public MountException(Kind kind, String message) {
        super(Objects.requireNonNull(kind, "kind") + ": " + message);
        this.kind = kind;
    }

    public MountException(Kind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(kind, "kind") + ": " + message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
