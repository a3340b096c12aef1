package txstack.implementation.recovery;

import java.io.Serial;

/**
 * A data page that fails its checks (magic, version, page index, CRC32C, an LSN the log never reached); its bytes are
 * never returned as data.
 */
public class CorruptPageException extends CorruptStoreException {
    @Serial
    private static final long serialVersionUID = 1L;

    public CorruptPageException(String message) {
        super(message);
    }

    public CorruptPageException(String message, Throwable cause) {
        super(message, cause);
    }
}
