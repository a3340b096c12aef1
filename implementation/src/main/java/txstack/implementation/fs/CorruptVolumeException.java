package txstack.implementation.fs;

import java.io.Serial;

import txstack.implementation.StorageException;

/** Bad bytes where the file system's structures must be: a volume header, file record or index block that fails its checks. */
public class CorruptVolumeException extends StorageException {
    @Serial
    private static final long serialVersionUID = 1L;

    public CorruptVolumeException(String message) {
        super(message);
    }

    public CorruptVolumeException(String message, Throwable cause) {
        super(message, cause);
    }
}
