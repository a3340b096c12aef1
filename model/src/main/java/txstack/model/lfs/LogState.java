package txstack.model.lfs;

import static txstack.model.ModelException.require;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import txstack.model.Bytes;

/**
 * A running log, as {@code spec/tla/Lfs.tla} describes it: what the client may observe, and nothing of the
 * layout. Immutable: every action returns a new state. Method names are the spec's action names.
 *
 * <p>Invariants held by construction and checked on every state:
 * <ul>
 *   <li>the log holds exactly the records from the durable start ({@code restart.startLsn}) to {@code nextLsn - 1},
 *       with consecutive LSNs: circular reuse never removes a record at or after the durable start (LFS-5);</li>
 *   <li>{@code restart.startLsn <= startLsn <= nextLsn} and {@code flushedLsn < nextLsn} (LSNs only grow, LFS-3);</li>
 *   <li>the live records cost at most the capacity (LFS-5).</li>
 * </ul>
 *
 * @param geometry        the space the log offers
 * @param nextLsn         the LSN the next append receives
 * @param flushedLsn      every record up to this LSN is durable (0: none)
 * @param startLsn        the logical start, in memory (it may be ahead of the restart area's)
 * @param restart         the newest restart area written completely: the durable start and client data (LFS-2)
 * @param inFlightRestart a restart area whose write has begun and not completed, if any
 * @param records         the records from {@code restart.startLsn} to {@code nextLsn - 1}
 */
public record LogState(LogBounds geometry, long nextLsn, long flushedLsn, long startLsn, Restart restart,
                       Optional<Restart> inFlightRestart, List<Record> records) {

    /** The LSN of the first record of a freshly formatted log (the spec's too). */
    public static final long FIRST_LSN = 1;

    public LogState {
        records = List.copyOf(records);
        require(restart.startLsn() <= startLsn && startLsn <= nextLsn,
                "start out of order: restartStart=" + restart.startLsn() + " start=" + startLsn + " next=" + nextLsn);
        require(flushedLsn >= 0 && flushedLsn < nextLsn, "flushed=" + flushedLsn + " next=" + nextLsn);
        require(records.size() == nextLsn - restart.startLsn(),
                "records=" + records.size() + " expected=" + (nextLsn - restart.startLsn()));
        for (int i = 0; i < records.size(); i++) {
            require(records.get(i).lsn() == restart.startLsn() + i,
                    "gap in records: index=" + i + " lsn=" + records.get(i).lsn());
        }
    }

    /** The state of a freshly formatted, empty log. */
    public static LogState formatted(LogBounds geometry) {
        return new LogState(geometry, FIRST_LSN, 0, FIRST_LSN, Restart.INITIAL, Optional.empty(), List.of());
    }

    // ---- what an append may do (LFS-5) ----

    /** Bytes the records from the durable start to the end cost. */
    public long liveBytes() {
        long sum = 0;
        for (Record r : records) {
            sum += geometry.costOf(r.payload().length());
        }
        return sum;
    }

    /** True if an append of this size is allowed to succeed: it still fits in the capacity. */
    public boolean mayAppend(int payloadBytes) {
        return liveBytes() + geometry.costOf(payloadBytes) <= geometry.capacityBytes();
    }

    /** True if an append of this size must succeed: it fits even after the engine's slack. */
    public boolean mustAppend(int payloadBytes) {
        return liveBytes() + geometry.costOf(payloadBytes) <= geometry.capacityBytes() - geometry.slackBytes();
    }

    // ---- the spec's actions ----

    /**
     * Spec {@code Append}: the record gets {@code nextLsn}; it is volatile until flushed. Allowed while a restart
     * write is in flight: the space it may use is bounded by the durable restart area, not the one in flight.
     */
    public LogState append(Bytes payload) {
        require(payload.length() <= geometry.maxPayloadBytes(),
                "payload too large: payloadBytes=" + payload.length() + " max=" + geometry.maxPayloadBytes());
        require(mayAppend(payload.length()), "log full: liveBytes=" + liveBytes() + " payloadBytes="
                + payload.length() + " capacityBytes=" + geometry.capacityBytes());
        List<Record> next = new ArrayList<>(records.size() + 1);
        next.addAll(records);
        next.add(new Record(nextLsn, payload));
        return new LogState(geometry, nextLsn + 1, flushedLsn, startLsn, restart, inFlightRestart, next);
    }

    /**
     * Spec {@code Flush(l)}: every record up to {@code lsn} becomes durable. Flushing a durable LSN is a no-op.
     * Allowed while a restart write is in flight.
     */
    public LogState flush(long lsn) {
        require(lsn >= FIRST_LSN && lsn < nextLsn, "flush of an LSN never written: lsn=" + lsn + " next=" + nextLsn);
        return new LogState(geometry, nextLsn, Math.max(flushedLsn, lsn), startLsn, restart, inFlightRestart,
                records);
    }

    /** Spec {@code AdvanceStart(l)}: in memory only; space is reused once a restart area holds the new start. */
    public LogState advanceStart(long lsn) {
        requireNoRestartInFlight("advanceStart");
        require(lsn >= startLsn && lsn <= nextLsn,
                "start moved backward or past the end: lsn=" + lsn + " start=" + startLsn + " next=" + nextLsn);
        return new LogState(geometry, nextLsn, flushedLsn, lsn, restart, inFlightRestart, records);
    }

    /** Spec {@code BeginWriteRestart(d)}: the write of the older restart copy is under way. */
    public LogState beginWriteRestart(Bytes clientData) {
        requireNoRestartInFlight("beginWriteRestart");
        require(clientData.length() <= geometry.maxClientDataBytes(), "client data too large: clientDataBytes="
                + clientData.length() + " max=" + geometry.maxClientDataBytes());
        return new LogState(geometry, nextLsn, flushedLsn, startLsn, restart,
                Optional.of(new Restart(startLsn, clientData)), records);
    }

    /** Spec {@code CompleteWriteRestart}: the restart area is durable; records before its start are released. */
    public LogState completeWriteRestart() {
        Restart written = inFlightRestart.orElseThrow(
                () -> new txstack.model.ModelException("completeWriteRestart with no restart write in flight"));
        List<Record> kept = records.subList((int) (written.startLsn() - restart.startLsn()), records.size());
        return new LogState(geometry, nextLsn, flushedLsn, startLsn, written, Optional.empty(), kept);
    }

    /** The client's synchronous restart-area write: {@code BeginWriteRestart} then {@code CompleteWriteRestart}. */
    public LogState writeRestartArea(Bytes clientData) {
        return beginWriteRestart(clientData).completeWriteRestart();
    }

    /** Spec {@code Crash}: the system is down; {@link CrashedLog#recoveries()} lists what recovery may return. */
    public CrashedLog crash() {
        return new CrashedLog(this);
    }

    /**
     * A crash while {@code inFlight} was under way: its volatile effect may or may not have reached the disk.
     * A {@link Operation.Recover} in flight is not handled here: a crash during recovery leaves the outcomes of
     * the crash being recovered from ({@link CrashedLog}).
     */
    public CrashedLog crashDuring(Operation inFlight) {
        return switch (inFlight) {
            case Operation.Append a -> mayAppend(a.payload().length()) ? append(a.payload()).crash() : crash();
            case Operation.WriteRestartArea w -> beginWriteRestart(w.clientData()).crash();
            case Operation.Flush f -> crash();
            case Operation.AdvanceStart s -> crash();
            case Operation.ReadForward r -> crash();
            case Operation.ReadBackward r -> crash();
            case Operation.Recover r -> throw new txstack.model.ModelException(
                    "a crash during recovery keeps the outcomes of the crash being recovered from");
        };
    }

    // ---- reads (LFS-4) ----

    /** Up to {@code maxRecords} records from {@code fromLsn} (a record's LSN or the end) forward. */
    public List<Record> readForward(long fromLsn, int maxRecords) {
        require(fromLsn >= startLsn && fromLsn <= nextLsn,
                "read from an LSN outside the log: from=" + fromLsn + " start=" + startLsn + " next=" + nextLsn);
        require(maxRecords >= 0, "maxRecords=" + maxRecords);
        long to = Math.min(nextLsn, fromLsn + maxRecords);
        return records.subList(index(fromLsn), index(to));
    }

    /** Up to {@code maxRecords} records from {@code fromLsn} (a record's LSN) backward to the start, descending. */
    public List<Record> readBackward(long fromLsn, int maxRecords) {
        require(fromLsn >= startLsn && fromLsn < nextLsn,
                "read from an LSN outside the log: from=" + fromLsn + " start=" + startLsn + " next=" + nextLsn);
        require(maxRecords >= 0, "maxRecords=" + maxRecords);
        List<Record> out = new ArrayList<>();
        for (long lsn = fromLsn; lsn >= startLsn && out.size() < maxRecords; lsn--) {
            out.add(records.get(index(lsn)));
        }
        return out;
    }

    /** The restart area the client reads: the last one written completely. */
    public Restart readRestartArea() {
        return restart;
    }

    private int index(long lsn) {
        return (int) (lsn - restart.startLsn());
    }

    private void requireNoRestartInFlight(String action) {
        require(inFlightRestart.isEmpty(), action + " while a restart write is in flight");
    }
}
