package txstack.model.fs;

import java.util.Objects;
import txstack.model.Bytes;

/**
 * An operation that may change a volume (the file-system contract, "Operations and their errors"); queries (read,
 * list, stat, reparsePoint) are methods of {@link FsState}. {@code toString} reads like a call, e.g.
 * {@code rename(\a, \b)}.
 */
public sealed interface FsOp {

    /** Creates an empty file. */
    record CreateFile(String path) implements FsOp {
        public CreateFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "createFile(" + path + ")";
        }
    }

    /** Creates an empty directory. */
    record CreateDirectory(String path) implements FsOp {
        public CreateDirectory {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "createDirectory(" + path + ")";
        }
    }

    /** Deletes a file or an empty directory. */
    record Delete(String path) implements FsOp {
        public Delete {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "delete(" + path + ")";
        }
    }

    /** Moves a node to a new path (or respells its name). */
    record Rename(String from, String to) implements FsOp {
        public Rename {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String toString() {
            return "rename(" + from + ", " + to + ")";
        }
    }

    /** Replaces bytes {@code [offset, offset + bytes.length())} of a file, growing it if needed. */
    record Write(String path, long offset, Bytes bytes) implements FsOp {
        public Write {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public String toString() {
            return "write(" + path + ", " + offset + ", " + bytes + ")";
        }
    }

    /** Truncates or extends (with zeros) a file. */
    record SetSize(String path, long size) implements FsOp {
        public SetSize {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "setSize(" + path + ", " + size + ")";
        }
    }

    /** Sets a node's two times. */
    record SetTimes(String path, long creationTime, long lastWriteTime) implements FsOp {
        public SetTimes {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "setTimes(" + path + ", " + creationTime + ", " + lastWriteTime + ")";
        }
    }

    /** Sets a node's attributes (0..0xFFFF). */
    record SetAttributes(String path, int attributes) implements FsOp {
        public SetAttributes {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "setAttributes(" + path + ", 0x" + Integer.toHexString(attributes) + ")";
        }
    }

    /** Sets or replaces a node's reparse point. */
    record SetReparsePoint(String path, int tag, Bytes data) implements FsOp {
        public SetReparsePoint {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public String toString() {
            return "setReparsePoint(" + path + ", 0x" + Integer.toHexString(tag) + ", " + data + ")";
        }
    }

    /** Removes a node's reparse point. */
    record DeleteReparsePoint(String path) implements FsOp {
        public DeleteReparsePoint {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "deleteReparsePoint(" + path + ")";
        }
    }

    /** Makes a node's metadata (and everything before it) and a file's data durable. */
    record Flush(String path) implements FsOp {
        public Flush {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "flush(" + path + ")";
        }
    }

    /** Makes everything durable. */
    record FlushVolume() implements FsOp {
        @Override
        public String toString() {
            return "flushVolume()";
        }
    }
}
