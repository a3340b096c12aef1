package txstack.conformance.lfs;

import txstack.model.Bytes;
import txstack.conformance.explorer.ImageSpec;

/**
 * One step of an LFS workload (LFS-4), as the generator draws it. LSN arguments are positions resolved when the step
 * runs against the model's state (so a step stays meaningful when shrinking removes others): {@code permille} 0 is
 * the first candidate LSN, 1000 the last.
 */
public sealed interface LfsStep {

    /** Append a record of {@code payload}. */
    record Append(Bytes payload) implements LfsStep {
        @Override
        public String toString() {
            return "Append " + payload.length() + " bytes";
        }
    }

    /**
     * Append a record of {@code sizeBytes} whose content is a function of the model LSN it gets: after a crash that
     * lost records, the client re-logs the same bytes at the same LSNs (the pattern that exposes stale pages of a
     * dead incarnation).
     */
    record AppendByLsn(int sizeBytes) implements LfsStep {
        @Override
        public String toString() {
            return "Append " + sizeBytes + " bytes (content by LSN)";
        }
    }

    /** Where an {@link AppendToFill} puts its record against the room the log has left (LFS-5). */
    enum Edge {
        /** The largest record that must fit: exactly the room after the engine's slack. */
        MUST_FIT,
        /** One byte more than that: the engine may take it or report full. */
        PAST_MUST_FIT,
        /** The largest record that may fit: exactly the room up to the capacity. */
        MAY_FIT,
        /** One byte more than that: the engine must report full. */
        PAST_MAY_FIT
    }

    /**
     * Append a record sized, when the step runs, to the LFS-5 boundary {@code edge} of the model's room (clamped to
     * the engine's size limits), content drawn from {@code seed}: the boundary is hit exactly, not by chance.
     */
    record AppendToFill(Edge edge, long seed) implements LfsStep {
        @Override
        public String toString() {
            return "Append to fill (" + edge.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
        }
    }

    /** Flush up to a live record: 0 the oldest, 1000 the newest. */
    record Flush(int permille) implements LfsStep {
        @Override
        public String toString() {
            return "Flush at " + permille / 10.0 + "%";
        }
    }

    /** Advance the start between the current start (0) and the end (1000). */
    record AdvanceStart(int permille) implements LfsStep {
        @Override
        public String toString() {
            return "AdvanceStart to " + permille / 10.0 + "%";
        }
    }

    /** Write the restart area with this client data. */
    record WriteRestartArea(Bytes clientData) implements LfsStep {
        @Override
        public String toString() {
            return "WriteRestartArea " + clientData.length() + " bytes";
        }
    }

    /** Read up to {@code maxRecords} forward from a position between the start (0) and the end (1000). */
    record ReadForward(int permille, int maxRecords) implements LfsStep {
        @Override
        public String toString() {
            return "ReadForward from " + permille / 10.0 + "% max " + maxRecords;
        }
    }

    /** Read up to {@code maxRecords} backward from a record between the start (0) and the newest (1000). */
    record ReadBackward(int permille, int maxRecords) implements LfsStep {
        @Override
        public String toString() {
            return "ReadBackward from " + permille / 10.0 + "% max " + maxRecords;
        }
    }

    /** The calls a {@link ForbiddenCalls} step makes, each wrong in its own way. */
    enum Forbidden {
        /** An append of one byte more than the largest payload the engine accepts. */
        APPEND_TOO_LARGE,
        /** A flush of the end: no record has that LSN yet. */
        FLUSH_AT_END,
        /** The start moved back below itself. */
        ADVANCE_BELOW_START,
        /** The start moved back to a record below it (one the durable restart area still keeps). */
        ADVANCE_BACK_TO_RECORD,
        /** The start moved past the end. */
        ADVANCE_PAST_END,
        /** The start moved into the middle of a record. */
        ADVANCE_INSIDE_RECORD,
        /** A read forward from a record below the start (one the durable restart area still keeps). */
        READ_FORWARD_BELOW_START,
        /** A read forward from past the end. */
        READ_FORWARD_PAST_END,
        /** A read forward from the middle of a record. */
        READ_FORWARD_INSIDE_RECORD,
        /** A read backward from a record below the start (one the durable restart area still keeps). */
        READ_BACKWARD_BELOW_START,
        /** A read backward from past the end. */
        READ_BACKWARD_PAST_END,
        /** A read backward from the middle of a record. */
        READ_BACKWARD_INSIDE_RECORD,
        /** A scan from a record below the start (one the durable restart area still keeps). */
        SCAN_BELOW_START,
        /** A scan from past the end. */
        SCAN_PAST_END,
        /** A scan from the middle of a record. */
        SCAN_INSIDE_RECORD,
        /** A read forward from the start of a negative number of records. */
        READ_NEGATIVE_COUNT,
        /** A read backward from the newest record of a negative number of records (none in an empty log). */
        READ_BACKWARD_NEGATIVE_COUNT,
        /** A restart area with one byte more client data than the engine accepts. */
        RESTART_DATA_TOO_LARGE;

        /** True if the call's LSN is one in the middle of a record (none where an engine numbers records densely). */
        boolean insideRecord() {
            return this == ADVANCE_INSIDE_RECORD || this == READ_FORWARD_INSIDE_RECORD
                    || this == READ_BACKWARD_INSIDE_RECORD || this == SCAN_INSIDE_RECORD;
        }

        /** True if the call's LSN is a record's below the start (none unless the start moved past a kept record). */
        boolean belowStart() {
            return this == ADVANCE_BACK_TO_RECORD || this == READ_FORWARD_BELOW_START
                    || this == READ_BACKWARD_BELOW_START || this == SCAN_BELOW_START;
        }
    }

    /**
     * Every call of {@link Forbidden}, one after the other: the SPI forbids each ({@link txstack.spi.lfs.LogService}),
     * so the engine must refuse each with {@link IllegalArgumentException} and change nothing; then the allowed calls
     * at their edges (a read forward from the end, reads of no records), which must return nothing. {@code permille} picks
     * the record an LSN in the middle of a record is taken from: 0 the oldest at or after the start, 1000 the newest.
     */
    record ForbiddenCalls(int permille) implements LfsStep {
        @Override
        public String toString() {
            return "Forbidden calls (an LSN inside the record at " + permille / 10.0 + "%)";
        }
    }

    /**
     * Several clients commit at once, each on its own thread: client {@code i} appends {@code payloads[i]} and flushes
     * through its own record (group commit). Only for engines that claim {@link
     * txstack.spi.lfs.LogCapabilities#concurrentClients()}. The suite runs the clients one at a time, starting them in
     * order and letting a device write or flush go only when every other client waits (in the engine or at the
     * device), with {@code seed} choosing how many device operations go between two starts; so the same engine gets
     * the same schedule on every run. The order of the records is the engine's (their LSNs); a client's record must
     * survive every power loss after its flush returned.
     */
    record ConcurrentCommit(java.util.List<Bytes> payloads, long seed) implements LfsStep {
        public ConcurrentCommit {
            if (payloads.size() < 2) {
                throw new IllegalArgumentException("a concurrent commit needs at least 2 clients, not "
                        + payloads.size());
            }
            payloads = java.util.List.copyOf(payloads);
        }

        @Override
        public String toString() {
            return "ConcurrentCommit: " + payloads.size() + " clients each append and flush (sizes "
                    + payloads.stream().map(b -> String.valueOf(b.length())).toList() + ")";
        }
    }

    /** The device call a {@link DeviceError} makes fail. */
    enum DeviceCall { WRITE, FLUSH, READ }

    /**
     * A device error on the live engine (DISK-4): the {@code nth} call of kind {@code call} the {@code attempt} makes
     * to the device fails (a failed write changes nothing, a failed flush makes nothing durable, a failed read returns
     * nothing). The engine may get past it (then the attempt's result is checked as ever), or throw; after a throw it
     * is not used again: the steps that follow are skipped up to the next crash step, which opens the log again, and
     * until then the attempt counts as in flight (it may or may not have taken effect). An engine that reports a flush
     * done although its write or its device flush failed loses acknowledged records.
     *
     * <p>In a {@link ConcurrentCommit} the records are appended first, one after the other, and the error is armed for
     * the clients' flushes alone (a write or a device flush), which run at once as ever: a client whose flush returned
     * has its record durable from then on, whatever became of the round it waited for; one that threw may or may not.
     * A group commit whose leader fails must neither leave its waiting clients waiting nor tell them their records are
     * durable.
     */
    record DeviceError(DeviceCall call, int nth, LfsStep attempt) implements LfsStep {
        public DeviceError {
            if (nth < 1) {
                throw new IllegalArgumentException("nth=" + nth + " must be at least 1");
            }
            if (!(attempt instanceof Flush || attempt instanceof WriteRestartArea || attempt instanceof ReadForward
                    || attempt instanceof ReadBackward || attempt instanceof ConcurrentCommit)) {
                throw new IllegalArgumentException("a device error is injected into a flush, a restart-area write, "
                        + "a read or a concurrent commit, not into " + attempt);
            }
            if (attempt instanceof ConcurrentCommit && call == DeviceCall.READ) {
                throw new IllegalArgumentException("a concurrent commit's device error is a failed write or device "
                        + "flush, not a read");
            }
        }

        @Override
        public String toString() {
            String failing = " with device " + call.name().toLowerCase(java.util.Locale.ROOT) + " #" + nth + " failing";
            if (attempt instanceof ConcurrentCommit c) {
                return "ConcurrentCommit: " + c.payloads().size() + " records appended, then their clients flush at once"
                        + failing + " (sizes " + c.payloads().stream().map(b -> String.valueOf(b.length())).toList()
                        + ")";
            }
            return attempt + failing;
        }
    }

    /**
     * The engine's process dies, the machine does not, after the last device operation so far or {@code cutOps}
     * operations earlier: the service is dropped without a close, the device keeps every write issued (those not yet
     * durable in its volatile cache), and the log is opened again on it and goes on. What the open shows is durable
     * (a recovered log is durable as a whole), so a later power loss may not take it back: an engine that recovers
     * from writes still in the device's cache must flush them first.
     */
    record ProcessCrash(int cutOps) implements LfsStep {
        @Override
        public String toString() {
            return "ProcessCrash" + (cutOps > 0 ? " " + cutOps + " device ops back" : "") + " (the device keeps its "
                    + "cache)";
        }
    }

    /**
     * Power fails, then the log is recovered and the workload goes on. The crash point is after the last device
     * operation so far, or {@code cutOps} operations earlier (inside the steps before: a crash in the middle of a
     * flush); the image is chosen by {@code image}.
     */
    record Crash(int cutOps, ImageSpec image) implements LfsStep {
        @Override
        public String toString() {
            return "Crash" + (cutOps > 0 ? " " + cutOps + " device ops back" : "") + ", " + image;
        }
    }
}
