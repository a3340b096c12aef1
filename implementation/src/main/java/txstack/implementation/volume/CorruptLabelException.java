package txstack.implementation.volume;

import java.io.Serial;

/** A member's label does not decode: wrong magic or version, a CRC32C mismatch, or a field out of range. */
public class CorruptLabelException extends VolumeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public CorruptLabelException(String message) {
        super(message);
    }

    public CorruptLabelException(String message, Throwable cause) {
        super(message, cause);
    }
}
