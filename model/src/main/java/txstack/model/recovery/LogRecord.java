package txstack.model.recovery;

import static txstack.model.ModelException.require;

import java.util.List;

/**
 * A record of the log of {@link RecoveryMachine}, as {@code spec/tla/LogRecovery.tla} defines it. The LSN of a record
 * is its 1-based index in the log; 0 means "none" wherever an LSN is stored. Transactions and pages are numbered from
 * 1, as in the traces the conformance module checks against the spec.
 */
public sealed interface LogRecord {

    /** The record's {@code type} in the spec. */
    String type();

    /** A change with its undo ({@code before}) and redo ({@code after}) value; {@code prev}: the tx's previous change. */
    record Upd(int tx, int page, int before, int after, int prev) implements LogRecord {
        public String type() {
            return "upd";
        }
    }

    /** Compensation: redo-only, restores {@code after}; {@code undoNext}: the tx's next update to undo (0: none). */
    record Clr(int tx, int page, int after, int undoNext) implements LogRecord {
        public String type() {
            return "clr";
        }
    }

    record Commit(int tx) implements LogRecord {
        public String type() {
            return "commit";
        }
    }

    /** The tx is fully rolled back. */
    record End(int tx) implements LogRecord {
        public String type() {
            return "end";
        }
    }

    record BeginCheckpoint() implements LogRecord {
        public String type() {
            return "bckpt";
        }
    }

    /**
     * The tables a fuzzy checkpoint copied at its begin record (REC-7).
     *
     * @param begin the LSN of that begin record
     * @param dpt   page - 1 -> recLSN (0: clean)
     * @param att   tx - 1 -> the tx's last change (0: not running)
     */
    record EndCheckpoint(int begin, List<Integer> dpt, List<Integer> att) implements LogRecord {
        public EndCheckpoint {
            require(begin > 0, "an end-checkpoint record names its begin record: begin=" + begin);
            dpt = List.copyOf(dpt);
            att = List.copyOf(att);
        }

        public String type() {
            return "eckpt";
        }
    }

    /** A change (upd or clr): redo visits it and it makes its page dirty. */
    default boolean isChange() {
        return this instanceof Upd || this instanceof Clr;
    }
}
