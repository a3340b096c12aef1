package txstack.spi.lfs;

import java.util.Arrays;

/** One record of the log: its LSN and the client's bytes (LFS-3). */
public record LogRecord(long lsn, byte[] payload) {

    public LogRecord {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogRecord r && r.lsn == lsn && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lsn) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecord[lsn=" + lsn + ", payloadBytes=" + payload.length + "]";
    }
}
