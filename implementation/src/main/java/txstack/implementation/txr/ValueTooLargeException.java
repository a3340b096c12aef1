package txstack.implementation.txr;

import java.io.Serial;

/** A value longer than {@link RegistryOptions#valueBytesMax()} (after an append too). Nothing was changed. */
public class ValueTooLargeException extends RegistryException {
    @Serial
    private static final long serialVersionUID = 1L;

    public ValueTooLargeException(String message) {
        super(message);
    }

    public ValueTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
