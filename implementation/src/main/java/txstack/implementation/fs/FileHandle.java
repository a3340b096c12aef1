package txstack.implementation.fs;

/** A handle from {@link FileSystem#open}: the path-based operations on one file, by its path. */
public final class FileHandle implements AutoCloseable {
    private final FileSystem fs;
    private final String path;
    private boolean closed;

    FileHandle(FileSystem fs, String path) {
        this.fs = fs;
        this.path = path;
    }

    public byte[] read(long offset, int length) {
        checkOpen();
        return fs.read(path, offset, length);
    }

    public void write(long offset, byte[] bytes) {
        checkOpen();
        fs.write(path, offset, bytes);
    }

    public long size() {
        checkOpen();
        return fs.stat(path).size();
    }

    public void setSize(long size) {
        checkOpen();
        fs.setSize(path, size);
    }

    public void flush() {
        checkOpen();
        fs.flush(path);
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("handle is closed: path=" + path);
        }
    }
}
