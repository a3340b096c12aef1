package txstack.implementation.volume;

import java.io.Serial;

/** A member the newest label counts as in the volume was not presented to assembly. */
public class MemberMissingException extends VolumeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public MemberMissingException(String message) {
        super(message);
    }

    public MemberMissingException(String message, Throwable cause) {
        super(message, cause);
    }
}
