package txstack.implementation.lfs;

import java.util.Arrays;

/** One record of the log: its LSN (LFS-3) and the client's bytes. Immutable: the payload is copied in and out. */
public record LogRecord(long lsn, byte[] payload) {

    public LogRecord {
        if (lsn <= 0) {
            throw new IllegalArgumentException("lsn must be positive: lsn=" + lsn);
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload's length, without copying it. */
    public int payloadBytes() {
        return payload.length;
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
