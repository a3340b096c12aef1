package txstack.conformance.lfs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import txstack.model.Bytes;
import txstack.model.lfs.LogState;
import txstack.model.lfs.Restart;

/**
 * What recovery may return at one crash point: the model's allowed states ({@link
 * txstack.model.lfs.CrashedLog#recoveries()}) and the LSN names valid there.
 *
 * @param allowed every state recovery may return; never empty
 * @param map     the LSN map of the incarnation that crashed
 * @param written every record payload of the crashed incarnation's lineage, by model LSN (for DISK-4 checks)
 */
record Expectation(List<LogState> allowed, LsnMap map, Map<Long, Bytes> written) {

    Expectation {
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("harness: an expectation allows no state");
        }
        allowed = List.copyOf(allowed);
    }

    /** Only the state recovery already returned (a crash right after recovery must leave exactly it). */
    Expectation exactly(LogState state) {
        return new Expectation(List.of(state), map, written);
    }

    /** The allowed restart areas, in order. */
    List<Restart> restarts() {
        List<Restart> out = new ArrayList<>();
        for (LogState s : allowed) {
            if (!out.contains(s.restart())) {
                out.add(s.restart());
            }
        }
        return out;
    }

    /** E.g. {@code restart start=model 3 data=ab(1 bytes): records 3..e for e in [6, 9] (flushed through 5)}. */
    String summary() {
        Map<Restart, long[]> ends = new LinkedHashMap<>();
        for (LogState s : allowed) {
            long[] range = ends.computeIfAbsent(s.restart(), r -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            range[0] = Math.min(range[0], s.nextLsn() - 1);
            range[1] = Math.max(range[1], s.nextLsn() - 1);
        }
        StringBuilder out = new StringBuilder();
        ends.forEach((r, range) -> {
            out.append(out.isEmpty() ? "" : "\n    or ");
            out.append("restart area start=").append(map.describe(r.startLsn())).append(" clientData=")
                    .append(r.clientData()).append(", then the records written from model LSN ")
                    .append(r.startLsn()).append(" through model LSN L, for any L in [")
                    .append(range[0]).append(", ").append(range[1]).append("]")
                    .append(range[0] < r.startLsn() ? " (L = " + range[0] + ": no records)" : "");
        });
        return out.toString();
    }
}
