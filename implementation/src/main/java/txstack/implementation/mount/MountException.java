package txstack.implementation.mount;

import java.io.Serial;

import txstack.implementation.StorageException;

/**
 * An operation of the mount contract ({@code docs/mount.md}) failed one of its checks; it changed nothing. One
 * concrete class per {@link Kind}: the contract's error kinds, then the implementation's own limits.
 */
public abstract class MountException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The mount contract's error kinds (the model's {@code MountErrorKind}), then this implementation's limits. */
    public enum Kind {
        INVALID_PATH, INVALID_LETTER, NO_SUCH_LETTER, NO_SUCH_VOLUME, VOLUME_NOT_PRESENT, LETTER_IN_USE, NOT_FOUND,
        NOT_A_DIRECTORY, IS_A_DIRECTORY, EXISTS, NOT_EMPTY, INVALID_ARGUMENT, REPARSE_DATA_TOO_LARGE,
        REPARSE_TAG_MISMATCH, NOT_A_REPARSE_POINT, HAS_REPARSE_POINT, REPARSE_TAG_NOT_HANDLED, TOO_MANY_REPARSES,
        OFFLINE_DATA_MISSING,
        /** Not the contract's: the database holds {@link MountManager#VOLUMES_MAX} volumes already. */
        DATABASE_FULL,
        /** Not the contract's: a file's data over {@link MountManager#FILE_BYTES_MAX} to open, write or migrate. */
        DATA_TOO_LARGE
    }

    private final Kind kind;

    protected MountException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
