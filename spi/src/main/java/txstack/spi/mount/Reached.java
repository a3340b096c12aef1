package txstack.spi.mount;

import java.util.Objects;

/**
 * Where a path led (MNT-6): the volume, the node's path on it from its root (any case), and how many reparse points
 * the walk went through.
 */
public record Reached(VolumeIdentity volume, String path, int reparseCount) {
    public Reached {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(path, "path");
        if (reparseCount < 0) {
            throw new IllegalArgumentException("reparseCount=" + reparseCount);
        }
    }
}
