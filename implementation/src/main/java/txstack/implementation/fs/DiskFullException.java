package txstack.implementation.fs;

import java.io.Serial;

/** No room: clusters, metadata blocks, extent slots or log space ran out; nothing changed. */
public final class DiskFullException extends FsException {
    @Serial
    private static final long serialVersionUID = 1L;

    public DiskFullException(String message) {
        super(Kind.DISK_FULL, message);
    }
}
