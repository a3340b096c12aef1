package txstack.model.fs;

/**
 * Why a file-system operation failed; the same names in the model, the SPI and the implementation's exceptions
 * (the file-system contract, "Operations and their errors"). {@link #DISK_FULL} is never produced by the model:
 * it exists so callers can map an engine's error, which then changes nothing either.
 */
public enum FsErrorKind {
    INVALID_NAME,
    NAME_TOO_LONG,
    NOT_FOUND,
    NOT_A_DIRECTORY,
    /** A walk met a directory with a reparse point (MNT-6); the error carries the tag, data and remaining path. */
    REPARSE,
    EXISTS,
    NOT_EMPTY,
    IS_A_DIRECTORY,
    INVALID_ARGUMENT,
    FILE_TOO_LARGE,
    REPARSE_DATA_TOO_LARGE,
    NOT_A_REPARSE_POINT,
    DISK_FULL
}
