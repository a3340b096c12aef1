package txstack.implementation.txr;

import java.io.Serial;

/**
 * A key path or value name breaks the syntax (see {@link Registry}) or a limit of {@link RegistryOptions}. Nothing was
 * changed.
 */
public class InvalidRegistryNameException extends RegistryException {
    @Serial
    private static final long serialVersionUID = 1L;

    public InvalidRegistryNameException(String message) {
        super(message);
    }

    public InvalidRegistryNameException(String message, Throwable cause) {
        super(message, cause);
    }
}
