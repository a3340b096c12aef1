package txstack.conformance.engines;

import java.util.ArrayList;
import java.util.List;
import txstack.spi.lfs.LogFullException;
import txstack.spi.lfs.LogRecord;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.RestartArea;
import txstack.implementation.lfs.LogFile;

/** An open {@link LogFile} as the SPI's {@link LogService}; "log full" becomes the SPI's exception (LFS-5). */
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
        }
    }

    @Override
    public void flush(long lsn) {
        log.flush(lsn);
    }

    @Override
    public void advanceStart(long lsn) {
        log.advanceStart(lsn);
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
        return convert(log.readForward(fromLsn, maxRecords));
    }

    @Override
    public List<LogRecord> readBackward(long fromLsn, int maxRecords) {
        return convert(log.readBackward(fromLsn, maxRecords));
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
