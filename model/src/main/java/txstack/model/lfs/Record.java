package txstack.model.lfs;

import txstack.model.Bytes;

/** A log record: its LSN (LFS-3) and the client's bytes. */
public record Record(long lsn, Bytes payload) {
}
