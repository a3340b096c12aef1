package txstack.implementation.volume;

import java.io.Serial;

/** A device carries a valid label of another volume, or of this volume with another geometry. */
public class ForeignMemberException extends VolumeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public ForeignMemberException(String message) {
        super(message);
    }

    public ForeignMemberException(String message, Throwable cause) {
        super(message, cause);
    }
}
