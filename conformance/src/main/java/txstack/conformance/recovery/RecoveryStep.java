package txstack.conformance.recovery;

import txstack.conformance.explorer.ImageSpec;

/**
 * One step of a recovery workload. Transactions are named by slot ({@code 0 .. SLOTS-1}): a slot holds at most one
 * active transaction. Immutable; {@code toString} is what traces and reports show.
 */
public sealed interface RecoveryStep {

    /** A transaction starts in {@code slot}. */
    record Begin(int slot) implements RecoveryStep {
        @Override
        public String toString() {
            return "begin tx" + slot;
        }
    }

    /** The slot's transaction changes {@code lengthBytes} bytes at {@code offset} of {@code page}; bytes from {@code tag}. */
    record Update(int slot, long page, int offset, int lengthBytes, int tag) implements RecoveryStep {
        @Override
        public String toString() {
            return "tx" + slot + " updates page " + page + " bytes " + offset + ".." + (offset + lengthBytes - 1)
                    + " tag=" + Integer.toHexString(tag);
        }
    }

    record Commit(int slot) implements RecoveryStep {
        @Override
        public String toString() {
            return "commit tx" + slot;
        }
    }

    record Rollback(int slot) implements RecoveryStep {
        @Override
        public String toString() {
            return "roll back tx" + slot;
        }
    }

    record Checkpoint() implements RecoveryStep {
        @Override
        public String toString() {
            return "checkpoint";
        }
    }

    /**
     * A fuzzy checkpoint with {@code inner} (a client step, not a checkpoint or a crash) run in its middle, between
     * its begin and end records, as another thread's work would be.
     */
    record CheckpointAround(RecoveryStep inner) implements RecoveryStep {
        @Override
        public String toString() {
            return "checkpoint around (" + inner + ")";
        }
    }

    /** The page is written back to the data disk now (steal: it may hold uncommitted changes). */
    record WriteBack(long page) implements RecoveryStep {
        @Override
        public String toString() {
            return "write back page " + page;
        }
    }

    record Read(long page) implements RecoveryStep {
        @Override
        public String toString() {
            return "read page " + page;
        }
    }

    /**
     * A clean restart: the store is closed and opened again. Active transactions are losers; a power loss may strike
     * during the close or the open's recovery like anywhere else.
     */
    record Restart() implements RecoveryStep {
        @Override
        public String toString() {
            return "close and reopen";
        }
    }

    /** Power lost {@code entriesBack} device operations before the newest one; recovery goes on from there. */
    record Crash(int entriesBack, ImageSpec image) implements RecoveryStep {
        @Override
        public String toString() {
            return "crash " + entriesBack + " ops back, " + image;
        }
    }
}
