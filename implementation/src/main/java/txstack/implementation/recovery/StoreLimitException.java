package txstack.implementation.recovery;

import java.io.Serial;

/**
 * A configured limit was reached: active transactions ({@code transactionsMax}) or update size ({@code
 * updateBytesMax}).
 */
public class StoreLimitException extends RecoveryException {
    @Serial
    private static final long serialVersionUID = 1L;

    public StoreLimitException(String message) {
        super(message);
    }

    public StoreLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
