package txstack.model.fs;

import static txstack.model.ModelException.require;

import java.util.List;
import java.util.Objects;
import txstack.model.Bytes;

/**
 * A failed file-system operation (the file-system contract, "Operations and their errors"). The reparse fields
 * mean something only for {@link FsErrorKind#REPARSE} (MNT-6): the tag and data of the directory the walk met, and
 * the path's components after that directory; for every other kind they are 0 and empty.
 *
 * @param kind          why the operation failed
 * @param detail        a human-readable {@code key=value} detail; engines word it differently, compare kinds
 * @param reparseTag    the reparse point's tag ({@code REPARSE} only, else 0)
 * @param reparseData   the reparse point's data ({@code REPARSE} only, else empty)
 * @param remainingPath the components after the reparsed directory ({@code REPARSE} only, else empty)
 */
public record FsError(FsErrorKind kind, String detail, int reparseTag, Bytes reparseData,
        List<String> remainingPath) {

    public FsError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(reparseData, "reparseData");
        remainingPath = List.copyOf(remainingPath);
        if (kind == FsErrorKind.REPARSE) {
            require(reparseTag != 0, "a REPARSE error needs the non-zero tag: detail=" + detail);
        } else {
            require(reparseTag == 0 && reparseData.length() == 0 && remainingPath.isEmpty(),
                    "reparse fields only for REPARSE: kind=" + kind);
        }
    }

    /** An error of any kind but {@code REPARSE}. */
    public static FsError of(FsErrorKind kind, String detail) {
        return new FsError(kind, detail, 0, Bytes.EMPTY, List.of());
    }

    /** The walk met a directory with a reparse point; {@code remainingPath} are the components after it. */
    public static FsError reparse(int tag, Bytes data, List<String> remainingPath, String detail) {
        return new FsError(FsErrorKind.REPARSE, detail, tag, data, remainingPath);
    }

    @Override
    public String toString() {
        if (kind == FsErrorKind.REPARSE) {
            return kind + "(" + detail + " tag=0x" + Integer.toHexString(reparseTag) + " data=" + reparseData
                    + " remaining=" + remainingPath + ")";
        }
        return kind + "(" + detail + ")";
    }
}
