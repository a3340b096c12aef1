package txstack.implementation.fs;

import java.io.Serial;
import java.util.List;

/** The walk met a directory carrying a reparse point (MNT-6): its tag, its data and the path's components after it. */
public final class ReparseException extends FsException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int tag;
    private final byte[] data;
    private final List<String> remainingPath;

    public ReparseException(String message, int tag, byte[] data, List<String> remainingPath) {
        super(Kind.REPARSE, message);
        this.tag = tag;
        this.data = data.clone();
        this.remainingPath = List.copyOf(remainingPath);
    }

    public int tag() {
        return tag;
    }

    public byte[] data() {
        return data.clone();
    }

    public List<String> remainingPath() {
        return remainingPath;
    }
}
