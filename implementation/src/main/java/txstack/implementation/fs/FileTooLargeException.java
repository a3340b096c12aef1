package txstack.implementation.fs;

import java.io.Serial;

/** The file would grow past fileSizeMax. */
public final class FileTooLargeException extends FsException {
    @Serial
    private static final long serialVersionUID = 1L;

    public FileTooLargeException(String message) {
        super(Kind.FILE_TOO_LARGE, message);
    }
}
