package txstack.spi.lfs;

import java.util.List;
import java.util.function.Consumer;

/**
 * An open log (LFS-4) as the suite drives it. Single-threaded use, unless the engine claims {@link
 * LogCapabilities#concurrentClients()}: then {@link #append} and {@link #flush} may be called from several threads at
 * once. LSNs are positive and only grow (LFS-3).
 *
 * <p>Contract the suite checks after every crash: the restart area read back is the newest one written completely
 * (LFS-2); reading forward from its start yields exactly the records written from there, in order, a gap-free
 * prefix that holds every record up to the last flushed LSN (LFS-6); space is reused only below the durable start,
 * the start in the newest restart area on disk (LFS-5).
 *
 * <p>Calls the contract forbids are refused with {@link IllegalArgumentException} (or a subclass) and change nothing:
 * an append of more than {@link LogSpace#maxPayloadBytes()}; a restart area with more client data than {@link
 * LogSpace#maxClientDataBytes()}; a flush of an LSN at or past {@link #endLsn()}; an advance of the start below the
 * current start (even to a record the restart area still keeps), past the end, or into the middle of a record (an LSN
 * that is no record's); a read forward or backward, or a scan, from an LSN below the start, past the end or in the
 * middle of a record; a negative {@code maxRecords}. The suite makes such calls among its steps and checks both.
 */
public interface LogService extends AutoCloseable {

    /**
     * Appends a record; returns its LSN, larger than every LSN in the log. Throws {@link LogFullException}. The
     * caller may reuse {@code payload} as soon as this returns (the suite overwrites it): keep a copy, not the array.
     */
    long append(byte[] payload);

    /** Makes every record with an LSN up to and including {@code lsn} durable; it may flush more. */
    void flush(long lsn);

    /**
     * Moves the logical start forward to {@code lsn}: the LSN of a record at or after the current start, or
     * {@link #endLsn()} to release every record. Space is reused only once a restart area holds the new start.
     */
    void advanceStart(long lsn);

    /**
     * Writes the restart area (current start and the client data) durably, into the older of its two copies. The
     * write of that copy is the last device write this call issues (log writes it needs go before it; a flush may
     * follow): the suite makes exactly that write fail, unreadable, at a power loss, and expects the other copy to
     * give the newest restart area written completely (LFS-2; the fault model is in the package documentation).
     * The caller may reuse {@code clientData} as soon as this returns, as with {@link #append}.
     */
    void writeRestartArea(byte[] clientData);

    /** The current restart area: the last one written, or after opening, the newest one found on disk. */
    RestartArea readRestartArea();

    /** The logical start (in memory: it may be ahead of the restart area's). */
    long startLsn();

    /** The LSN the next append will receive. */
    long endLsn();

    /** Up to {@code maxRecords} records from {@code fromLsn} (a record's LSN or the end) forward, in LSN order. */
    List<LogRecord> readForward(long fromLsn, int maxRecords);

    /** Up to {@code maxRecords} records from {@code fromLsn} backward to the start, in descending LSN order. */
    List<LogRecord> readBackward(long fromLsn, int maxRecords);

    /**
     * Gives {@code visitor} every record from {@code fromLsn} (a record's LSN or the end) up to, not including, {@code
     * toLsn} or the end of the log as it was when the scan began, whichever comes first, in LSN order: the long forward
     * read of restart recovery, which an engine may serve faster than {@link #readForward} (without copying each
     * record, or from the pages its open already read and checked). It refuses what {@code readForward} refuses. The
     * suite scans alongside its forward reads and once after every recovery, and judges each scan as a read; the
     * default scans with {@code readForward}.
     */
    default void scanForward(long fromLsn, long toLsn, Consumer<LogRecord> visitor) {
        int batchRecords = 64;
        long limit = Math.min(toLsn, endLsn());
        List<LogRecord> batch = readForward(fromLsn, batchRecords);
        while (true) {
            for (LogRecord r : batch) {
                if (r.lsn() >= limit) {
                    return;
                }
                visitor.accept(r);
            }
            if (batch.size() < batchRecords) {
                return;
            }
            List<LogRecord> next = readForward(batch.getLast().lsn(), batchRecords + 1); // from the last one visited
            batch = next.isEmpty() ? next : next.subList(1, next.size());
        }
    }

    /**
     * A clean shutdown: makes every record appended durable, as a {@link #flush} through the last one would, then
     * releases the service (the device stays open: its owner closes it). A power loss after {@code close} returned
     * loses nothing: the log opened again shows every record appended and the last restart area written. Closing again
     * does nothing; every other call after close throws (an {@link IllegalStateException} is best; the suite takes any
     * exception) and changes nothing. The suite makes each call once it closed the log at a workload's end, and closes
     * it twice.
     */
    @Override
    void close();
}
