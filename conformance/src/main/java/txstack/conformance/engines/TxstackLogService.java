package txstack.conformance.engines;

import java.util.ArrayList;
import java.util.List;
import txstack.spi.lfs.LogFullException;
import txstack.spi.lfs.LogRecord;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.RestartArea;
import txstack.implementation.lfs.InvalidLsnException;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.RecordTooLargeException;

/**
 * An open {@link LogFile} as the SPI's {@link LogService}: "log full" becomes the SPI's exception (LFS-5), and a call
 * the log refuses (a wrong LSN, a record too large) the SPI's {@link IllegalArgumentException}.
 */
final class TxstackLogService implements LogService {
    private final LogFile log;

    TxstackLogService(LogFile log) {
        this.log = log;
    }

    @Override
    public long append(byte[] payload) {
        try {
            return log.append(payload);
        } catch (txstack.implementation.lfs.LogFullException e) {
            LogFullException full = new LogFullException(e.getMessage());
            full.initCause(e);
            throw full;
        } catch (RecordTooLargeException e) {
            throw refused(e);
        }
    }

    @Override
    public void flush(long lsn) {
        try {
            log.flush(lsn);
        } catch (InvalidLsnException e) {
            throw refused(e);
        }
    }

    @Override
    public void advanceStart(long lsn) {
        try {
            log.advanceStart(lsn);
        } catch (InvalidLsnException e) {
            throw refused(e);
        }
    }

    /** A call the SPI forbids, refused by the log: the SPI's {@link IllegalArgumentException}, with the log's cause. */
    private static IllegalArgumentException refused(RuntimeException e) {
        return new IllegalArgumentException(e.getMessage(), e);
    }

    @Override
    public void writeRestartArea(byte[] clientData) {
        log.writeRestartArea(clientData);
    }

    @Override
    public RestartArea readRestartArea() {
        txstack.implementation.lfs.RestartArea area = log.readRestartArea();
        return new RestartArea(area.startLsn(), area.clientData());
    }

    @Override
    public long startLsn() {
        return log.startLsn();
    }

    @Override
    public long endLsn() {
        return log.endLsn();
    }

    @Override
    public List<LogRecord> readForward(long fromLsn, int maxRecords) {
        try {
            return convert(log.readForward(fromLsn, maxRecords));
        } catch (InvalidLsnException e) {
            throw refused(e);
        }
    }

    @Override
    public List<LogRecord> readBackward(long fromLsn, int maxRecords) {
        try {
            return convert(log.readBackward(fromLsn, maxRecords));
        } catch (InvalidLsnException e) {
            throw refused(e);
        }
    }

    @Override
    public void close() {
        log.close();
    }

    private static List<LogRecord> convert(List<txstack.implementation.lfs.LogRecord> records) {
        List<LogRecord> out = new ArrayList<>(records.size());
        for (txstack.implementation.lfs.LogRecord r : records) {
            out.add(new LogRecord(r.lsn(), r.payload()));
        }
        return out;
    }
}
