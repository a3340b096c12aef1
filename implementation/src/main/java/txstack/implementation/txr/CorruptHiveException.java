package txstack.implementation.txr;

import java.io.Serial;

/**
 * Bad bytes where the hive's structures must be: a header, page or record that fails its checks ({@link HiveCodec}).
 */
public class CorruptHiveException extends RegistryException {
    @Serial
    private static final long serialVersionUID = 1L;

    public CorruptHiveException(String message) {
        super(message);
    }

    public CorruptHiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
