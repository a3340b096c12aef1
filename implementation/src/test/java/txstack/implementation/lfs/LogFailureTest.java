package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import txstack.implementation.StorageException;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.DiskException;
import txstack.implementation.disk.ForwardingDevice;
import txstack.implementation.disk.MemoryBlockDevice;

/**
 * A log whose device failed a write is failed: every call but close throws {@link StorageException} naming the
 * error, close returns quietly, calls after close throw {@link LogClosedException}, and a reopen recovers every record
 * flushed before the failure.
 */
class LogFailureTest {

    private static final LogOptions OPTIONS = LogOptions.defaults();

    @Test
    void aFailedWriteFailsTheLogUntilItIsReopened() {
        MemoryBlockDevice memory = MemoryBlockDevice.create(512, 16 + 40);
        LogFile.format(memory, OPTIONS).close();
        AtomicBoolean failing = new AtomicBoolean();
        BlockDevice device = new ForwardingDevice(memory) {
            @Override
            public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
                if (failing.get()) {
                    throw new DiskException("injected write error: sector=" + firstSector);
                }
                super.write(firstSector, src, forceUnitAccess);
            }
        };
        LogFile log = LogFile.open(device, OPTIONS);
        long durable = log.append(new byte[] {1});
        log.flush(durable);
        long lost = log.append(new byte[] {2});
        failing.set(true);
        StorageException first = assertThrows(StorageException.class, () -> log.flush(lost));
        failing.set(false);

        List<Executable> calls = List.of(
                () -> log.append(new byte[] {3}),
                () -> log.flush(durable),
                () -> log.advanceStart(durable),
                () -> log.writeRestartArea(new byte[0]),
                () -> log.readForward(durable, 1),
                () -> log.readBackward(durable, 1));
        for (Executable call : calls) {
            StorageException e = assertThrows(StorageException.class, call);
            assertTrue(e.getMessage().startsWith("log failed after an earlier error, reopen to recover"),
                    e.getMessage());
            assertSame(first, e.getCause(), "the earlier error is the cause");
        }
        log.close(); // a failed log closes quietly: nothing to flush that could still be made durable
        for (Executable call : calls) {
            assertThrows(LogClosedException.class, call);
        }
        log.close(); // twice: nothing

        LogFile reopened = LogFile.open(memory, OPTIONS);
        List<LogRecord> records = reopened.readForward(reopened.startLsn(), 10);
        assertEquals(durable, records.getFirst().lsn());
        assertArrayEquals(new byte[] {1}, records.getFirst().payload());
        assertTrue(records.size() <= 2, "at most the record whose flush failed besides: " + records.size());
        reopened.close();
    }
}
