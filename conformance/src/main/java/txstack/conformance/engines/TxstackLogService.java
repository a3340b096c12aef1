package txstack.conformance.engines;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import txstack.spi.lfs.LogFullException;
import txstack.spi.lfs.LogRecord;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.RestartArea;
import txstack.implementation.lfs.InvalidLsnException;
import txstack.implementation.lfs.LogClosedException;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.RecordTooLargeException;

/**
 * An open {@link LogFile} as the SPI's {@link LogService}: "log full" becomes the SPI's exception (LFS-5), a call the
 * log refuses (a wrong LSN, a record too large) the SPI's {@link IllegalArgumentException}, and a call after close
 * an {@link IllegalStateException}, as the SPI suggests; each keeps the log's exception as its cause.
 */
final class TxstackLogService implements LogService {
    private final LogFile log;

    TxstackLogService(LogFile log) {
        this.log = log;
    }

    @Override
    public long append(byte[] payload) {
        return call(() -> {
            try {
                return log.append(payload);
            } catch (txstack.implementation.lfs.LogFullException e) {
                LogFullException full = new LogFullException(e.getMessage());
                full.initCause(e);
                throw full;
            }
        });
    }

    @Override
    public void flush(long lsn) {
        run(() -> log.flush(lsn));
    }

    @Override
    public void advanceStart(long lsn) {
        run(() -> log.advanceStart(lsn));
    }

    @Override
    public void writeRestartArea(byte[] clientData) {
        run(() -> log.writeRestartArea(clientData));
    }

    @Override
    public RestartArea readRestartArea() {
        txstack.implementation.lfs.RestartArea area = call(log::readRestartArea);
        return new RestartArea(area.startLsn(), area.clientData());
    }

    @Override
    public long startLsn() {
        return call(log::startLsn);
    }

    @Override
    public long endLsn() {
        return call(log::endLsn);
    }

    @Override
    public List<LogRecord> readForward(long fromLsn, int maxRecords) {
        return convert(call(() -> log.readForward(fromLsn, maxRecords)));
    }

    @Override
    public List<LogRecord> readBackward(long fromLsn, int maxRecords) {
        return convert(call(() -> log.readBackward(fromLsn, maxRecords)));
    }

    /** The log's own scan, which reads the pages its open kept (if the engine opened it so) instead of the device. */
    @Override
    public void scanForward(long fromLsn, long toLsn, Consumer<LogRecord> visitor) {
        run(() -> log.scanForward(fromLsn, toLsn, (lsn, payload) -> {
            byte[] copy = new byte[payload.remaining()];
            payload.get(copy);
            visitor.accept(new LogRecord(lsn, copy));
        }));
    }

    /** Closing again does nothing (the log's own close does not either). */
    @Override
    public void close() {
        log.close();
    }

    /** {@code body}'s result, with the log's refusals as the SPI's exceptions. */
    private static <T> T call(Supplier<T> body) {
        try {
            return body.get();
        } catch (InvalidLsnException | RecordTooLargeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (LogClosedException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }

    private static List<LogRecord> convert(List<txstack.implementation.lfs.LogRecord> records) {
        List<LogRecord> out = new ArrayList<>(records.size());
        for (txstack.implementation.lfs.LogRecord r : records) {
            out.add(new LogRecord(r.lsn(), r.payload()));
        }
        return out;
    }
}
