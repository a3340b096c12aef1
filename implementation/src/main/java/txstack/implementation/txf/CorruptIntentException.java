package txstack.implementation.txf;

import java.io.Serial;

import txstack.implementation.StorageException;

/** An intent file of TxF fails its checks (a prepare cut short by a crash leaves one); its bytes are never used. */
public class CorruptIntentException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public CorruptIntentException(String message) {
        super(message);
    }
}
