package txstack.implementation.txr;

import java.io.Serial;

import txstack.implementation.StorageException;

/** The registry's one exception base: every error of {@code txstack.implementation.txr} extends it. */
public class RegistryException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
