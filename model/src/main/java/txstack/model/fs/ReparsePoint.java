package txstack.model.fs;

import static txstack.model.ModelException.require;

import java.util.Objects;
import txstack.model.Bytes;

/**
 * A node's reparse point (the file-system contract, "Namespace"; MNT-5): a non-zero tag and up to
 * {@link FsLimits#REPARSE_DATA_BYTES_MAX} bytes of data.
 */
public record ReparsePoint(int tag, Bytes data) {

    public ReparsePoint {
        Objects.requireNonNull(data, "data");
        require(tag != 0, "a reparse point's tag is non-zero");
    }
}
