package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import txstack.spi.disk.Devices;
import txstack.conformance.explorer.Requirement;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.explorer.Counterexample;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.spi.disk.BlockDevice;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogSpace;
import txstack.spi.lfs.LogService;

/**
 * LFS-2 says an unreadable restart copy must not lose the restart area. The first version of the implementation let
 * the read error of one copy fail the whole open; this engine does the same on purpose (it reads both copies and
 * lets an I/O error through before opening), and the suite must catch it.
 */
class UnreadableRestartCopyTest {

    /** The txstack engine, except that an unreadable restart copy makes open fail. */
    static final class StrictRestartRead implements LogEngine {
        private final LogEngine engine = new TxstackLogEngine();

        @Override
        public String name() {
            return "txstack-strict-restart-read";
        }

        @Override
        public LogService format(Devices devices) {
            return engine.format(devices);
        }

        @Override
        public LogService open(Devices devices) {
            BlockDevice device = devices.get(Devices.LOG);
            int restartBytes = 2 * 4096; // the implementation's two 4 KiB restart copies
            device.read(0, new byte[restartBytes], 0, restartBytes);
            return engine.open(devices);
        }

        @Override
        public LogSpace space(Devices devices) {
            return engine.space(devices);
        }
    }

    @Test
    void anOpenThatFailsOnOneUnreadableCopyIsCaught() {
        ExplorationResult<LfsStep> result = LfsTesting.run(new StrictRestartRead(), LfsDevice.defaults(4096),
                LfsTesting.options(Mode.EXHAUSTIVE, 1, 20));
        assertFalse(result.passed());
        Counterexample<LfsStep> c = result.counterexample().orElseThrow();
        assertEquals(Requirement.LFS_2, c.violation().property());
        assertTrue(c.violation().summary().startsWith("with one restart copy unreadable"), c.violation().summary());
        assertTrue(c.violation().details().contains("unreadable (DISK-4)"), c.violation().details());
        assertTrue(c.violation().details().contains("the suite assumed: write #"), "the report names the assumption "
                + "that the write was a restart copy: " + c.violation().details());
    }
}
