package txstack.implementation.volume;

import java.io.Serial;

/** Two devices claim the same member index of one volume. */
public class DuplicateMemberException extends VolumeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public DuplicateMemberException(String message) {
        super(message);
    }

    public DuplicateMemberException(String message, Throwable cause) {
        super(message, cause);
    }
}
