package txstack.implementation.mount;

import java.io.Serial;

import txstack.implementation.StorageException;

/** The database's registry values or an offline copy fail their checks: corruption, not a caller's error. */
public final class CorruptMountDataException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public CorruptMountDataException(String message) {
        super(message);
    }
}
