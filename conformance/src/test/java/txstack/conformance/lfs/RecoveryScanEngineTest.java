package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Violation;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogRecord;

/**
 * The scan after every recovery bites (no broken variant of txstack fails there alone: SCAN_READS_KEPT_TAIL is
 * caught by the scans of the read steps): an outside engine whose first scan after an open leaves out the last
 * record is caught as LFS-4 by that scan, although its reads and every later scan are right.
 */
class RecoveryScanEngineTest {

    @Test
    void aFirstScanAfterOpenThatStopsShortIsCaught() {
        Violation violation = LfsTesting.caught(firstScanStopsShort(), 20, "a scan after recovery that stops short");
        assertEquals(Requirement.LFS_4, violation.property(), violation.summary());
        assertTrue(violation.summary().contains("after recovery, a scan"), violation.summary());
    }

    /** txstack's log, but the first scan of a log it opened gives every record but the last. */
    private static LogEngine firstScanStopsShort() {
        return LfsTesting.txstackWith((log, opened) -> {
            AtomicBoolean scanned = new AtomicBoolean(!opened);
            return (service, method, args) -> {
                if (!method.getName().equals("scanForward") || scanned.getAndSet(true)) {
                    return LfsTesting.invoke(service, method, args);
                }
                List<LogRecord> records = new ArrayList<>();
                service.scanForward((long) args[0], (long) args[1], records::add);
                @SuppressWarnings("unchecked")
                Consumer<LogRecord> visitor = (Consumer<LogRecord>) args[2];
                records.subList(0, Math.max(0, records.size() - 1)).forEach(visitor);
                return null;
            };
        });
    }
}
