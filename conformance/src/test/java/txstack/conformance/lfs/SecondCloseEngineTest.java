package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Violation;
import txstack.spi.lfs.LogEngine;

/**
 * The second close after a workload's clean close bites (no broken variant of txstack fails there): an outside engine
 * whose close throws when the log is already closed is caught as LFS-4, although every call it makes is right.
 */
class SecondCloseEngineTest {

    @Test
    void aSecondCloseThatThrowsIsCaught() {
        Violation violation = LfsTesting.caught(closesOnce(), 3, "a second close that throws");
        assertEquals(Requirement.LFS_4, violation.property(), violation.summary());
        assertTrue(violation.summary().contains("a second close failed"), violation.summary());
    }

    /** txstack's log, but closing it again throws. */
    private static LogEngine closesOnce() {
        return LfsTesting.txstackWith((log, opened) -> {
            AtomicBoolean closed = new AtomicBoolean();
            return (service, method, args) -> {
                if (method.getName().equals("close") && closed.getAndSet(true)) {
                    throw new IllegalStateException("closed already");
                }
                return LfsTesting.invoke(service, method, args);
            };
        });
    }
}
