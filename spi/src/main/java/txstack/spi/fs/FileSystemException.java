package txstack.spi.fs;

import java.util.List;
import java.util.Objects;

/**
 * An operation of the file-system contract failed with one of its error kinds; the operation changed nothing. For
 * {@link Kind#REPARSE} the exception also carries the reparse point met while walking the path and the components
 * after it (MNT-6).
 */
public class FileSystemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * The contract's error kinds; {@link #DISK_FULL} may end any changing operation, {@link #CORRUPT} and
     * {@link #IO_ERROR} any operation and {@code mount} on a damaged volume (the contract's "Damaged media").
     */
    public enum Kind {
        INVALID_NAME, NAME_TOO_LONG, NOT_FOUND, NOT_A_DIRECTORY, REPARSE, EXISTS, NOT_EMPTY, IS_A_DIRECTORY,
        INVALID_ARGUMENT, FILE_TOO_LARGE, REPARSE_DATA_TOO_LARGE, NOT_A_REPARSE_POINT, DISK_FULL,
        /** The volume's structures on the device failed their checks (a flipped bit, a sector another wrote). */
        CORRUPT,
        /** The device could not read a sector the operation needs. */
        IO_ERROR
    }

    private final Kind kind;
    private final transient ReparsePoint reparsePoint;
    private final List<String> remainingPath;

    public FileSystemException(Kind kind, String message) {
        this(kind, message, null, List.of());
    }

    /** A {@link Kind#REPARSE} failure: the reparse point met and the path's components after its directory. */
    public static FileSystemException reparse(String message, ReparsePoint reparsePoint, List<String> remainingPath) {
        return new FileSystemException(Kind.REPARSE, message, Objects.requireNonNull(reparsePoint, "reparsePoint"),
                remainingPath);
    }

    private FileSystemException(Kind kind, String message, ReparsePoint reparsePoint, List<String> remainingPath) {
        super(Objects.requireNonNull(kind, "kind") + ": " + message);
        this.kind = kind;
        this.reparsePoint = reparsePoint;
        this.remainingPath = List.copyOf(remainingPath);
    }

    public Kind kind() {
        return kind;
    }

    /** The reparse point met, for {@link Kind#REPARSE}; else null. */
    public ReparsePoint reparsePoint() {
        return reparsePoint;
    }

    /** The path's components after the reparse point's directory, for {@link Kind#REPARSE}; else empty. */
    public List<String> remainingPath() {
        return remainingPath;
    }
}
