package txstack.implementation.fs;

import java.io.Serial;

/** The node carries no reparse point. */
public final class NotAReparsePointException extends FsException {
    @Serial
    private static final long serialVersionUID = 1L;

    public NotAReparsePointException(String message) {
        super(Kind.NOT_A_REPARSE_POINT, message);
    }
}
