package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;
import txstack.implementation.disk.MemoryBlockDevice;

/**
 * The log's concurrent API (append, flush, group commit) checked by model checking: Lincheck runs short concurrent
 * scenarios of the operations below under every thread interleaving it reaches, switching threads at lock and field
 * accesses, and requires each outcome to be one some sequential order of the same operations gives. A commit, run
 * alone, always finds its record durable when its flush returns; so a flush that returns before its record is durable,
 * under any interleaving, is caught (the broken variant {@code EARLY_WAKE} must be). How far a flush reaches beyond
 * its own record is not an operation here: a flush may make more durable than asked (records others appended before
 * its round), which no sequential order explains and the contract allows.
 */
class LogLincheckTest {
    /** A record of 100 bytes: a few share a 512-byte page, and a round written while others append leaves them out. */
    private static final int PAYLOAD_BYTES = 100;
    private static final LogOptions OPTIONS = LogOptions.defaults().withFlushBatchMaxBytes(4096);

    /** The operations, on a log of the class's making: the correct one here. */
    public static class Correct {
        private final LogFile log;

        public Correct() {
            this(LogFile.format(MemoryBlockDevice.create(512, 64), OPTIONS));
        }

        Correct(LogFile log) {
            this.log = log;
        }

        /** Appends a record; its LSN. */
        @Operation
        public long append() {
            return log.append(new byte[PAYLOAD_BYTES]);
        }

        /** Appends a record and flushes it; its LSN, negated if the record was not durable when the flush returned. */
        @Operation
        public long commit() {
            long lsn = log.append(new byte[PAYLOAD_BYTES]);
            log.flush(lsn);
            return log.flushedLsn() >= lsn ? lsn : -lsn;
        }
    }

    /** The broken variant whose flush may return before its record is durable. */
    public static class EarlyWake extends Correct {
        public EarlyWake() {
            super(BrokenLogs.format(MemoryBlockDevice.create(512, 64), OPTIONS, "EARLY_WAKE"));
        }
    }

    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions().iterations(10).invocationsPerIteration(500).threads(3).actorsPerThread(2)
                .actorsBefore(1).actorsAfter(1);
    }

    @Test
    void appendsAndCommitsAreLinearizable() {
        options().check(Correct.class);
    }

    @Test
    void aFlushThatReturnsEarlyIsCaught() {
        AssertionError e = assertThrows(AssertionError.class, () -> options().check(EarlyWake.class));
        assertTrue(e.getMessage().contains("commit(): -"), "caught, but not for a commit that found its record not "
                + "durable:\n" + e.getMessage());
    }
}
