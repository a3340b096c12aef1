package txstack.implementation.fs;

import java.io.Serial;

import txstack.implementation.StorageException;

/**
 * An operation of the file system failed the file-system contract's checks ({@code docs/file-system.md}); it
 * changed nothing. One concrete class per {@link Kind}, the names the model and the SPI use.
 */
public abstract class FsException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The error kinds of the file-system contract. */
    public enum Kind {
        INVALID_NAME, NAME_TOO_LONG, NOT_FOUND, NOT_A_DIRECTORY, REPARSE, EXISTS, NOT_EMPTY, IS_A_DIRECTORY,
        INVALID_ARGUMENT, FILE_TOO_LARGE, REPARSE_DATA_TOO_LARGE, NOT_A_REPARSE_POINT, DISK_FULL
    }

    private final Kind kind;

    protected FsException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
