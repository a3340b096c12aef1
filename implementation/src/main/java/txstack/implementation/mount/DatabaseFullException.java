package txstack.implementation.mount;

import java.io.Serial;

/** The database holds {@link MountManager#VOLUMES_MAX} volumes: a new one cannot be named. */
public final class DatabaseFullException extends MountException {
    @Serial
    private static final long serialVersionUID = 1L;

    public DatabaseFullException(String message) {
        super(Kind.DATABASE_FULL, message);
    }
}
