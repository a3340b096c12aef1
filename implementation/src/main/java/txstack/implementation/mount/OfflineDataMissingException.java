package txstack.implementation.mount;

import java.io.Serial;

/** An offline file whose key names no copy in the offline store, or no offline store attached (MNT-7). */
public final class OfflineDataMissingException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public OfflineDataMissingException(String message) {
        super(Kind.OFFLINE_DATA_MISSING, message);
    }
}
