package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.DeviceException;
import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.LogSpace;

/**
 * An engine that keeps a copy of every sector and reads the copy when a sector does not read must pass: after a medium
 * error on a durable sector the suite accepts a recovery that shows the whole log, not only one that fails. txstack's
 * own log always reports the damage, so without this engine that half of the rule would never run.
 */
class MirroredEngineTest {

    /** The txstack log on the first half of the device, every write repeated on the second half. */
    static final class Mirrored implements LogEngine {
        private final LogEngine log = new TxstackLogEngine();

        @Override
        public String name() {
            return "mirrored";
        }

        @Override
        public LogService format(Devices devices) {
            return log.format(halves(devices));
        }

        @Override
        public LogService open(Devices devices) {
            return log.open(halves(devices));
        }

        @Override
        public LogSpace space(Devices devices) {
            return log.space(halves(devices));
        }

        private static Devices halves(Devices devices) {
            return Devices.one(Devices.LOG, new Halves(devices.get(Devices.LOG)));
        }
    }

    /** Sector {@code s} lives at {@code s} and at {@code s + half}; a read that fails on the first tries the copy. */
    private record Halves(BlockDevice device) implements BlockDevice {
        @Override
        public int sectorSizeBytes() {
            return device.sectorSizeBytes();
        }

        @Override
        public long sectorCount() {
            return device.sectorCount() / 2;
        }

        @Override
        public void read(long firstSector, byte[] buffer, int offset, int lengthBytes) {
            try {
                device.read(firstSector, buffer, offset, lengthBytes);
            } catch (DeviceException e) {
                device.read(firstSector + sectorCount(), buffer, offset, lengthBytes);
            }
        }

        @Override
        public void write(long firstSector, byte[] buffer, int offset, int lengthBytes, boolean forceUnitAccess) {
            device.write(firstSector, buffer, offset, lengthBytes, forceUnitAccess);
            device.write(firstSector + sectorCount(), buffer, offset, lengthBytes, forceUnitAccess);
        }

        @Override
        public void flush() {
            device.flush();
        }
    }

    @Test
    void showingTheWholeLogAfterAMediumErrorPasses() {
        ExplorationResult<LfsStep> result = LfsTesting.run(new Mirrored(), new LfsDevice(512, 128),
                LfsTesting.options(Mode.EXHAUSTIVE, 1, 60));
        assertTrue(result.passed(), () -> "false alarm: " + result.counterexample().orElseThrow().violation());
        assertEquals(60, result.workloadsCompleted());
        long unreadable = result.stats().get(Stats.Counter.DURABLE_SECTORS_UNREADABLE);
        long reported = result.stats().get(Stats.Counter.DURABLE_SECTORS_UNREADABLE_REPORTED);
        assertTrue(unreadable > 0, "no durable sector made unreadable");
        assertTrue(reported < unreadable, "the engine never showed the whole log after a medium error: " + reported
                + " of " + unreadable + " reported");
    }
}
