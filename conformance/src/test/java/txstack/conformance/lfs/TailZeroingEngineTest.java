package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.DeviceException;
import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.LogSpace;

/**
 * An engine whose {@code format} and {@code open} end with a write that is no restart copy must pass: nothing in the
 * SPI says what those last writes hold. The suite used to take the last write of an {@code open} to sectors no client
 * step wrote for a restart copy, make it unreadable, and blame the engine for losing its restart area.
 */
class TailZeroingEngineTest {

    /**
     * Written from the SPI alone, in the manner of an outside engine: the log proper (the txstack engine) keeps the
     * device but its last {@value #TAIL_SECTORS} sectors, the tail of this engine's ring. Every {@code format} and
     * {@code open} ends by zeroing that tail, so no page of a dead incarnation could rejoin. A careful engine, it
     * reads the tail first and refuses to open on a sector it cannot read (the SPI promises nothing there).
     */
    static final class TailZeroing implements LogEngine {
        static final int TAIL_SECTORS = 2;
        private final LogEngine log = new TxstackLogEngine();
        /** Opens refused because the tail did not read: the suite did inject the fault. */
        final AtomicLong refusedOpens = new AtomicLong();

        @Override
        public String name() {
            return "tail-zeroing";
        }

        @Override
        public LogService format(Devices devices) {
            LogService service = log.format(logPart(devices));
            zeroTail(devices.get(Devices.LOG));
            return service;
        }

        @Override
        public LogService open(Devices devices) {
            BlockDevice device = devices.get(Devices.LOG);
            int sectorSizeBytes = device.sectorSizeBytes();
            byte[] tail = new byte[TAIL_SECTORS * sectorSizeBytes];
            try {
                device.read(device.sectorCount() - TAIL_SECTORS, tail, 0, tail.length);
            } catch (DeviceException e) {
                refusedOpens.incrementAndGet();
                throw new DeviceException("tail-zeroing: the tail of the ring does not read: " + e.getMessage());
            }
            LogService service = log.open(logPart(devices));
            zeroTail(device);
            return service;
        }

        @Override
        public LogSpace space(Devices devices) {
            return log.space(logPart(devices));
        }

        private static void zeroTail(BlockDevice device) {
            byte[] zeros = new byte[TAIL_SECTORS * device.sectorSizeBytes()];
            device.write(device.sectorCount() - TAIL_SECTORS, zeros, 0, zeros.length, false);
            device.flush();
        }

        private static Devices logPart(Devices devices) {
            return Devices.one(Devices.LOG, new Head(devices.get(Devices.LOG), TAIL_SECTORS));
        }
    }

    /** The first sectors of a device: all but its last {@code tailSectors}. */
    private record Head(BlockDevice device, int tailSectors) implements BlockDevice {
        @Override
        public int sectorSizeBytes() {
            return device.sectorSizeBytes();
        }

        @Override
        public long sectorCount() {
            return device.sectorCount() - tailSectors;
        }

        @Override
        public void read(long firstSector, byte[] buffer, int offset, int lengthBytes) {
            check(firstSector, lengthBytes);
            device.read(firstSector, buffer, offset, lengthBytes);
        }

        @Override
        public void write(long firstSector, byte[] buffer, int offset, int lengthBytes, boolean forceUnitAccess) {
            check(firstSector, lengthBytes);
            device.write(firstSector, buffer, offset, lengthBytes, forceUnitAccess);
        }

        @Override
        public void flush() {
            device.flush();
        }

        private void check(long firstSector, int lengthBytes) {
            if (firstSector < 0 || firstSector + lengthBytes / sectorSizeBytes() > sectorCount()) {
                throw new IndexOutOfBoundsException("beyond the log part: firstSector=" + firstSector
                        + " lengthBytes=" + lengthBytes + " sectorCount=" + sectorCount());
            }
        }
    }

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors, {2} workloads")
    @CsvSource({
        "EXHAUSTIVE, 512,  60",
        "EXHAUSTIVE, 4096, 60",
        "RANDOM,     512,  20",
    })
    void passes(Mode mode, int sectorSize, int workloads) {
        TailZeroing engine = new TailZeroing();
        ExplorationResult<LfsStep> result = LfsTesting.run(engine, LfsDevice.defaults(sectorSize),
                LfsTesting.options(mode, 1, workloads));
        assertTrue(result.passed(), () -> "false alarm: " + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted());
        assertTrue(engine.refusedOpens.get() > 0, "the tail write was never made unreadable: nothing was tested");
    }
}
