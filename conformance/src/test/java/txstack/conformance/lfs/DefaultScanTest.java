package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import txstack.spi.lfs.LogRecord;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.RestartArea;

/**
 * The SPI's default {@link LogService#scanForward}, which outside engines inherit: built on {@code readForward} in
 * batches, it visits each record from the first LSN once, in order, up to (not including) the last LSN or the end,
 * and refuses what {@code readForward} refuses. The suite runs it on every outside engine of the tests; this pins its
 * edges on a log longer than a batch.
 */
class DefaultScanTest {
    /** More records than two of the default's batches of 64. */
    private static final int RECORDS = 150;

    @Test
    void visitsEveryRecordAcrossBatches() {
        DenseLog log = new DenseLog(RECORDS);
        assertEquals(lsns(1, RECORDS + 1), scanned(log, 1, Long.MAX_VALUE));
    }

    @Test
    void stopsBeforeTheLastLsn() {
        DenseLog log = new DenseLog(RECORDS);
        assertEquals(lsns(10, 129), scanned(log, 10, 129));
        assertEquals(lsns(64, 65), scanned(log, 64, 65));
        assertEquals(lsns(1, 65), scanned(log, 1, 65));
    }

    @Test
    void visitsNothingFromTheEndOrBelowTheFirstLsn() {
        DenseLog log = new DenseLog(RECORDS);
        assertEquals(List.of(), scanned(log, RECORDS + 1, RECORDS + 5));
        assertEquals(List.of(), scanned(log, 20, 20));
        assertEquals(List.of(), scanned(log, 20, 3));
    }

    @Test
    void refusesWhatReadForwardRefuses() {
        DenseLog log = new DenseLog(RECORDS);
        assertThrows(IllegalArgumentException.class, () -> log.scanForward(0, 10, r -> { }));
        assertThrows(IllegalArgumentException.class, () -> log.scanForward(RECORDS + 2, RECORDS + 3, r -> { }));
    }

    private static List<Long> scanned(LogService log, long from, long to) {
        List<Long> out = new ArrayList<>();
        log.scanForward(from, to, r -> {
            assertEquals(r.lsn(), r.payload()[0] & 0xFFL, "the payload of LSN " + r.lsn());
            out.add(r.lsn());
        });
        return out;
    }

    private static List<Long> lsns(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long lsn = from; lsn < to; lsn++) {
            out.add(lsn);
        }
        return out;
    }

    /** Records 1..n, LSN k holding the one byte k; only what the default scan calls. */
    private static final class DenseLog implements LogService {
        private final int records;

        DenseLog(int records) {
            this.records = records;
        }

        @Override
        public List<LogRecord> readForward(long fromLsn, int maxRecords) {
            if (fromLsn < 1 || fromLsn > endLsn() || maxRecords < 0) {
                throw new IllegalArgumentException("fromLsn=" + fromLsn + " maxRecords=" + maxRecords);
            }
            List<LogRecord> out = new ArrayList<>();
            for (long lsn = fromLsn; lsn < endLsn() && out.size() < maxRecords; lsn++) {
                out.add(new LogRecord(lsn, new byte[] {(byte) lsn}));
            }
            return out;
        }

        @Override
        public long endLsn() {
            return records + 1;
        }

        @Override
        public long append(byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flush(long lsn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void advanceStart(long lsn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeRestartArea(byte[] clientData) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RestartArea readRestartArea() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long startLsn() {
            return 1;
        }

        @Override
        public List<LogRecord> readBackward(long fromLsn, int maxRecords) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
