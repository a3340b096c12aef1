package txstack.conformance.cluster;

import txstack.conformance.explorer.ImageSpec;

/**
 * One step of a CSV workload. Nodes and files are numbered from 0 (the model calls them {@code n1.., f1..}); a
 * message is picked from the suite's network by its index there, modulo the number in flight. Immutable; {@code
 * toString} is what traces and reports show.
 */
public sealed interface CsvStep {

    /** Node {@code node} writes block 0 of {@code file} (the next value of the file) into its cache. */
    record Write(int node, int file) implements CsvStep {
        @Override
        public String toString() {
            return "N" + node + " writes F" + file;
        }
    }

    /** Node {@code node} flushes {@code file}'s dirty data to the shared disk. */
    record Flush(int node, int file) implements CsvStep {
        @Override
        public String toString() {
            return "N" + node + " flushes F" + file;
        }
    }

    /** Node {@code node} resizes {@code file} to {@code sizeBytes}: applied if it coordinates, else a request. */
    record Resize(int node, int file, long sizeBytes) implements CsvStep {
        @Override
        public String toString() {
            return "N" + node + " resizes F" + file + " to " + sizeBytes;
        }
    }

    /** The network delivers the message at {@code index} (modulo the messages in flight); it stays in flight. */
    record Deliver(int index) implements CsvStep {
        @Override
        public String toString() {
            return "deliver message #" + index;
        }
    }

    /** The network loses the message at {@code index} (modulo the messages in flight). */
    record Drop(int index) implements CsvStep {
        @Override
        public String toString() {
            return "drop message #" + index;
        }
    }

    /** Node {@code node} sends its pending requests again. */
    record Retry(int node) implements CsvStep {
        @Override
        public String toString() {
            return "N" + node + " retries";
        }
    }

    /** The coordinator moves every file of {@code source} to {@code target}. */
    record Migrate(int source, int target) implements CsvStep {
        @Override
        public String toString() {
            return "migrate N" + source + "'s files to N" + target;
        }
    }

    /** The coordinator moves every file of {@code file}'s owner (as the namespace says when the step runs) to {@code target}. */
    record MigrateOwnerOf(int file, int target) implements CsvStep {
        @Override
        public String toString() {
            return "migrate F" + file + "'s owner's files to N" + target;
        }
    }

    /** The coordinator takes {@code file} back from its owner (failed, or only suspected). */
    record TakeBack(int file) implements CsvStep {
        @Override
        public String toString() {
            return "take F" + file + " back";
        }
    }

    /** Node {@code node} crashes (the shared disk does not). */
    record Crash(int node) implements CsvStep {
        @Override
        public String toString() {
            return "N" + node + " crashes";
        }
    }

    record Restart(int node) implements CsvStep {
        @Override
        public String toString() {
            return "N" + node + " restarts";
        }
    }

    /** Node {@code node} becomes the coordinator of a new term, the old one failed or only suspected. */
    record Failover(int node) implements CsvStep {
        @Override
        public String toString() {
            return "N" + node + " takes over as coordinator";
        }
    }

    /** The whole cluster loses power {@code entriesBack} device operations before the newest one; node 0 takes over. */
    record PowerLoss(int entriesBack, ImageSpec image) implements CsvStep {
        @Override
        public String toString() {
            return "power loss " + entriesBack + " ops back, " + image;
        }
    }

    /** Reads everything back and compares it with the model. */
    record Check() implements CsvStep {
        @Override
        public String toString() {
            return "check";
        }
    }
}
