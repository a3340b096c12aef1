package txstack.conformance.fs;

import txstack.conformance.explorer.ImageSpec;

/**
 * One step of a file-system workload. Paths are absolute ({@code \A\foo}); written bytes and reparse data are
 * seeded from the step's {@code tag}, so a report can name the write a byte came from. Immutable; {@code toString}
 * is what traces and reports show.
 */
public sealed interface FsStep {

    record CreateFile(String path) implements FsStep {
        @Override
        public String toString() {
            return "create " + path;
        }
    }

    record CreateDirectory(String path) implements FsStep {
        @Override
        public String toString() {
            return "mkdir " + path;
        }
    }

    record Delete(String path) implements FsStep {
        @Override
        public String toString() {
            return "delete " + path;
        }
    }

    record Rename(String from, String to) implements FsStep {
        @Override
        public String toString() {
            return "rename " + from + " -> " + to;
        }
    }

    /** Writes {@code lengthBytes} bytes seeded from {@code tag} at {@code offset}. */
    record Write(String path, long offset, int lengthBytes, int tag) implements FsStep {
        @Override
        public String toString() {
            return "write " + path + " bytes " + offset + ".." + (offset + lengthBytes - 1) + " tag="
                    + Integer.toHexString(tag);
        }
    }

    record SetSize(String path, long size) implements FsStep {
        @Override
        public String toString() {
            return "set size " + path + " " + size;
        }
    }

    record SetTimes(String path, long creationTime, long lastWriteTime) implements FsStep {
        @Override
        public String toString() {
            return "set times " + path + " " + creationTime + " " + lastWriteTime;
        }
    }

    record SetAttributes(String path, int attributes) implements FsStep {
        @Override
        public String toString() {
            return "set attributes " + path + " 0x" + Integer.toHexString(attributes);
        }
    }

    /** Sets a reparse point of {@code reparseTag} with {@code lengthBytes} bytes of data seeded from {@code tag}. */
    record SetReparsePoint(String path, int reparseTag, int lengthBytes, int tag) implements FsStep {
        @Override
        public String toString() {
            return "set reparse point " + path + " tag=0x" + Integer.toHexString(reparseTag) + " " + lengthBytes
                    + " bytes";
        }
    }

    record DeleteReparsePoint(String path) implements FsStep {
        @Override
        public String toString() {
            return "delete reparse point " + path;
        }
    }

    /** Flushes one file or directory. */
    record Flush(String path) implements FsStep {
        @Override
        public String toString() {
            return "flush " + path;
        }
    }

    record FlushVolume() implements FsStep {
        @Override
        public String toString() {
            return "flush volume";
        }
    }

    /** Reads the whole tree back and compares it with the model. */
    record Check() implements FsStep {
        @Override
        public String toString() {
            return "read everything back";
        }
    }

    /** A clean restart: unmount, then mount again; a power loss may strike inside either. */
    record Remount() implements FsStep {
        @Override
        public String toString() {
            return "unmount and mount";
        }
    }

    /**
     * The engine's process dies {@code entriesBack} device operations before the newest one; the device keeps every
     * write issued, those not yet durable still in its cache (a later power loss may drop them). Mount goes on from
     * there, and what it shows must survive that later power loss.
     */
    record ProcessCrash(int entriesBack) implements FsStep {
        @Override
        public String toString() {
            return "process crash" + (entriesBack > 0 ? " " + entriesBack + " ops back" : "") + " (the device keeps its "
                    + "cache)";
        }
    }

    /** Power lost {@code entriesBack} device operations before the newest one; recovery goes on from there. */
    record Crash(int entriesBack, ImageSpec image) implements FsStep {
        @Override
        public String toString() {
            return "crash " + entriesBack + " ops back, " + image;
        }
    }
}
