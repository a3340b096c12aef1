package txstack.implementation.volume;

import java.io.Serial;

/** A member the newest label of its volume counts as failed: its data is older than the volume's. */
public class StaleMemberException extends VolumeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public StaleMemberException(String message) {
        super(message);
    }

    public StaleMemberException(String message, Throwable cause) {
        super(message, cause);
    }
}
