package txstack.implementation.volume;

import java.io.Serial;

/**
 * A rebuild could not complete (VOL-7): its replacement failed under it, or a survivor's sector it needed does not
 * read and nothing else holds it. The member stays failed and out of the volume, which goes on as before the rebuild;
 * a later rebuild onto another replacement starts over.
 */
public class RebuildFailedException extends VolumeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public RebuildFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
