package txstack.conformance.lfs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import txstack.conformance.disk.CrashPoint;
import txstack.conformance.disk.DeviceOp;
import txstack.conformance.disk.SimulatedDisk;
import txstack.model.Bytes;
import txstack.model.lfs.LogState;
import txstack.model.lfs.Operation;

/**
 * One incarnation of the log within a run: from format or a recovery to the next crash or the end of the workload.
 * Its disk records every device operation; each step remembers which operations it issued and the model states
 * around it, so any crash point maps to what recovery may return there.
 */
final class Segment {

    enum Kind { FORMAT, RECOVER, CLIENT }

    /**
     * One step as run: device operations {@code [opFrom, opTo)}, the model before and after, and the operation in
     * flight for a crash inside it (null if the step had no effect, e.g. an append refused as log full).
     */
    record StepRun(int stepIndex, String label, Kind kind, int opFrom, int opTo, LogState before, LogState after,
                   Operation inFlight, boolean writesRestart) {
    }

    final int index;
    final SimulatedDisk disk;
    final List<StepRun> runs = new ArrayList<>();
    /** For a recovery segment: what the crash it recovers from allows (null for the first segment). */
    final Expectation recovering;
    final LsnMap map;
    final Map<Long, Bytes> written;

    Segment(int index, SimulatedDisk disk, Expectation recovering, LsnMap map, Map<Long, Bytes> written) {
        this.index = index;
        this.disk = disk;
        this.recovering = recovering;
        this.map = map;
        this.written = new HashMap<>(written);
    }

    void add(StepRun run) {
        runs.add(run);
    }

    /** The step that issued device operation {@code op}, or null. */
    StepRun stepOf(int op) {
        for (StepRun r : runs) {
            if (op >= r.opFrom() && op < r.opTo()) {
                return r;
            }
        }
        return null;
    }

    /** What recovery may return at this crash point; null if the point is not checked (inside format). */
    Expectation expectationAt(CrashPoint point) {
        if (point.opIndex() < 0) {
            return recovering == null || runs.isEmpty() ? null
                    : recovering.exactly(runs.getFirst().after(), "right after recovery returned (it wrote nothing)");
        }
        StepRun r = stepOf(point.opIndex());
        if (r == null) {
            return null;
        }
        boolean last = !point.during() && point.opIndex() == r.opTo() - 1;
        String op = point.label() + " (" + disk.op(point.opIndex()) + ")";
        return switch (r.kind()) {
            case FORMAT -> last ? new Expectation("right after format returned, " + op, List.of(r.after()), map,
                    written) : null;
            case RECOVER -> last ? recovering.exactly(r.after(), "right after recovery returned, " + op)
                    : new Expectation("during recovery from the crash before, " + op, recovering.allowed(),
                    recovering.map(), recovering.written());
            case CLIENT -> new Expectation((last ? "right after step " : "during step ") + r.stepIndex() + " ("
                    + r.label() + ")" + (last ? " returned, " : ", ") + op, allowed(r, last), map, written);
        };
    }

    private static List<LogState> allowed(StepRun r, boolean last) {
        if (last) {
            return r.after().crash().recoveries();
        }
        return r.inFlight() == null ? r.before().crash().recoveries()
                : r.before().crashDuring(r.inFlight()).recoveries();
    }

    /**
     * True if write {@code op} looks like a restart-area copy: the last write of a step that writes the restart
     * area (a restart write or a recovery), to sectors no other client step ever wrote.
     */
    boolean isRestartCopyWrite(int op, Set<Long> logSectors) {
        if (!(disk.op(op) instanceof DeviceOp.Write w)) {
            return false;
        }
        StepRun r = stepOf(op);
        if (r == null || !r.writesRestart()) {
            return false;
        }
        for (int later = op + 1; later < r.opTo(); later++) {
            if (disk.op(later) instanceof DeviceOp.Write) {
                return false;
            }
        }
        for (long s = w.firstSector(); s <= w.lastSector(); s++) {
            if (logSectors.contains(s)) {
                return false;
            }
        }
        return true;
    }
}
