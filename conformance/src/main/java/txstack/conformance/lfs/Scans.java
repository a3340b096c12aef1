package txstack.conformance.lfs;

import java.util.ArrayList;
import java.util.List;
import txstack.spi.lfs.LogRecord;
import txstack.spi.lfs.LogService;

/** What {@link LogService#scanForward} visits, collected; a scan that visits too many is stopped, not followed. */
final class Scans {
    private Scans() {
    }

    /**
     * The records a scan from {@code fromLsn} to {@code toLsn} visits: at most {@code most + 1}, the scan stopped by
     * the visitor at the one too many (the caller, comparing with what it expects, reports that one).
     */
    static List<LogRecord> scan(LogService service, long fromLsn, long toLsn, int most) {
        List<LogRecord> visited = new ArrayList<>();
        try {
            service.scanForward(fromLsn, toLsn, r -> {
                visited.add(r);
                if (visited.size() > most) {
                    throw new TooMany();
                }
            });
        } catch (TooMany e) {
            // visited holds one record more than the scan may give: the caller's comparison names it
        }
        return visited;
    }

    /** Stops a scan from its visitor. */
    private static final class TooMany extends RuntimeException {
        TooMany() {
            super("the scan visited one record more than it may", null, false, false);
        }
    }
}
