package txstack.spi.mount;

import java.util.Objects;

/**
 * What {@link MountSession#open} reached.
 *
 * @param reached   the node (after the recall, if there was one)
 * @param directory whether it is a directory
 * @param data      a file's data (empty for a directory)
 * @param recalled  whether the open recalled the file's data from the offline store (MNT-7)
 */
public record Opened(Reached reached, boolean directory, byte[] data, boolean recalled) {
    public Opened {
        Objects.requireNonNull(reached, "reached");
        Objects.requireNonNull(data, "data");
    }
}
