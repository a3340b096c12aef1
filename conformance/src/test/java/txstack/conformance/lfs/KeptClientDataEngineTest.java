package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Violation;
import txstack.conformance.junit.ForwardingLogEngine;
import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogRecord;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.RestartArea;

/**
 * The reuse of a restart-area write's array bites (the broken variant {@code CALLER_ARRAYS_KEPT} covers appends only):
 * an outside engine that answers {@code readRestartArea} from the caller's own client-data array, not a copy, is
 * caught as LFS-2 once the suite reuses that array, and passes when it does not.
 */
class KeptClientDataEngineTest {

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors")
    @CsvSource({"EXHAUSTIVE, 512", "RANDOM, 4096"})
    void isCaughtOnlyWhenTheArrayIsReused(Mode mode, int sectorSize) {
        ExplorationResult<LfsStep> caught = LfsTesting.run(new KeepsClientData(), LfsDevice.defaults(sectorSize),
                LfsTesting.options(mode, 1, 20));
        assertFalse(caught.passed(), "a restart area answered from the caller's array went unnoticed");
        Violation violation = caught.counterexample().orElseThrow().violation();
        assertEquals(Requirement.LFS_2, violation.property(), violation.summary());
        assertTrue(violation.summary().contains("not the one just written"), violation.summary());

        ExplorationResult<LfsStep> unused = LfsTesting.run(new KeepsClientData(), LfsDevice.defaults(sectorSize),
                LfsTesting.options(mode, 1, 20), new LfsSuite.Checks(false));
        assertTrue(unused.passed(), () -> "caught without arrays reused: "
                + unused.counterexample().orElseThrow().violation());
    }

    /** txstack's log, but its restart area read back from the array the client last passed to write it. */
    private static final class KeepsClientData extends ForwardingLogEngine {
        KeepsClientData() {
            super(new TxstackLogEngine());
        }

        @Override
        public LogService format(Devices devices) {
            return new Service(super.format(devices));
        }

        @Override
        public LogService open(Devices devices) {
            return new Service(super.open(devices));
        }
    }

    private static final class Service implements LogService {
        private final LogService delegate;
        /** The client's own array from the last restart-area write of this session; null before one. */
        private byte[] clientData;

        Service(LogService delegate) {
            this.delegate = delegate;
        }

        @Override
        public void writeRestartArea(byte[] clientData) {
            delegate.writeRestartArea(clientData);
            this.clientData = clientData;
        }

        @Override
        public RestartArea readRestartArea() {
            RestartArea area = delegate.readRestartArea();
            return clientData == null ? area : new RestartArea(area.startLsn(), clientData);
        }

        @Override
        public long append(byte[] payload) {
            return delegate.append(payload);
        }

        @Override
        public void flush(long lsn) {
            delegate.flush(lsn);
        }

        @Override
        public void advanceStart(long lsn) {
            delegate.advanceStart(lsn);
        }

        @Override
        public long startLsn() {
            return delegate.startLsn();
        }

        @Override
        public long endLsn() {
            return delegate.endLsn();
        }

        @Override
        public List<LogRecord> readForward(long fromLsn, int maxRecords) {
            return delegate.readForward(fromLsn, maxRecords);
        }

        @Override
        public List<LogRecord> readBackward(long fromLsn, int maxRecords) {
            return delegate.readBackward(fromLsn, maxRecords);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
