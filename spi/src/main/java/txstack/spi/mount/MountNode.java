package txstack.spi.mount;

import java.util.Objects;
import txstack.spi.fs.ReparsePoint;

/**
 * One node of a volume's tree as {@link MountSession#tree} lists it.
 *
 * @param path    from the volume's root, {@code \} for the root itself, {@code \A\B} below it (any case; the suite
 *                compares names case-insensitively)
 * @param directory whether it is a directory
 * @param data    a file's data; empty for a directory, and for an offline file (its data is in the offline store)
 * @param reparse its reparse point, or null
 */
public record MountNode(String path, boolean directory, byte[] data, ReparsePoint reparse) {
    public MountNode {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(data, "data");
    }
}
