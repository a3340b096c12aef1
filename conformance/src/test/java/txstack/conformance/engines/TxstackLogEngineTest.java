package txstack.conformance.engines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import txstack.spi.disk.Devices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import txstack.conformance.disk.CrashPoint;
import txstack.conformance.disk.SimulatedDisk;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogFullException;
import txstack.spi.lfs.LogSpace;
import txstack.spi.lfs.LogRecord;
import txstack.spi.lfs.LogService;
import txstack.implementation.disk.DiskException;

/** The adapter binds the implementation to the SPI faithfully. */
class TxstackLogEngineTest {

    @Test
    void appendFlushCrashAndRecoverThroughTheSpi() {
        LogEngine engine = new TxstackLogEngine();
        SimulatedDisk disk = new SimulatedDisk(512, 64);
        LogService log = engine.format(Devices.one(Devices.LOG, disk));
        long first = log.append(new byte[] {1, 2, 3});
        long second = log.append(new byte[] {4});
        assertTrue(second > first);
        log.flush(second);
        log.append(new byte[] {5}); // never flushed
        CrashPoint crash = disk.crashPointAfter(disk.opCount() - 1);
        LogService recovered = engine.open(Devices.one(Devices.LOG, new SimulatedDisk(crash.image(crash.allLost()),
                SimulatedDisk.RECORDED_BYTES_MAX_DEFAULT)));
        List<LogRecord> records = recovered.readForward(recovered.readRestartArea().startLsn(), 10);
        assertEquals(2, records.size());
        assertEquals(first, records.get(0).lsn());
        assertArrayEquals(new byte[] {4}, records.get(1).payload());
        assertEquals(records, recovered.readBackward(second, 10).reversed());
    }

    @Test
    void logFullBecomesTheSpiException() {
        LogEngine engine = new TxstackLogEngine();
        SimulatedDisk disk = new SimulatedDisk(512, 24);
        LogSpace g = engine.space(Devices.one(Devices.LOG, disk));
        LogService log = engine.format(Devices.one(Devices.LOG, disk));
        log.append(new byte[g.maxPayloadBytes()]);
        LogFullException e = assertThrows(LogFullException.class, () -> log.append(new byte[g.maxPayloadBytes()]));
        assertTrue(e.getMessage().contains("log full"), e.getMessage());
    }

    @Test
    void theDeviceAdapterKeepsTheImplementationsContract() {
        SimulatedDisk disk = new SimulatedDisk(512, 8);
        SpiBlockDevice device = new SpiBlockDevice(disk);
        assertThrows(IllegalArgumentException.class, () -> device.write(0, ByteBuffer.allocate(100), false));
        assertThrows(IndexOutOfBoundsException.class, () -> device.read(8, ByteBuffer.allocate(512)));
        disk.markUnreadable(3);
        DiskException e = assertThrows(DiskException.class, () -> device.read(3, ByteBuffer.allocate(512)));
        assertTrue(e.getMessage().contains("sector=3"), e.getMessage());
        ByteBuffer src = ByteBuffer.wrap(new byte[1024]);
        device.write(1, src, true);
        assertEquals(src.limit(), src.position(), "a transfer consumes the buffer");
    }
}
