package txstack.implementation.txr;

import java.io.Serial;

/**
 * The hive has no room: no free pages for the records, {@link RegistryOptions#valuesMax()} values, or the hive log
 * full. Nothing was changed.
 */
public class RegistryFullException extends RegistryException {
    @Serial
    private static final long serialVersionUID = 1L;

    public RegistryFullException(String message) {
        super(message);
    }

    public RegistryFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
