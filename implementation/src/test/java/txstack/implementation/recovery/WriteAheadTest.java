package txstack.implementation.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.CrashingDevice;
import txstack.implementation.disk.ForwardingDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.lfs.LogFile;

/**
 * The write-ahead rule (REC-3) observed at the devices: every page the data device is asked to write carries an LSN
 * that a power loss at that very moment would not take from the log. The log sits on a {@link CrashingDevice}; at
 * each data write the test opens a copy of the log's durable image (no unflushed write landed) and checks that its
 * end is past the page's LSN. A small cache makes evictions (steal) as common as explicit write-backs.
 */
class WriteAheadTest {
    private static final int LOG_SECTORS = Devices.RESTART_SECTORS + 60;
    private static final int PAGE_COUNT = 6;

    /** Picks "nothing landed" for every unflushed write, so the crash image is the durable image. */
    private static final RandomGenerator NOTHING_LANDS = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public int nextInt(int bound) {
            return 0;
        }
    };

    /** The data device: checks each page written against the durable log. */
    private static final class CheckingDevice extends ForwardingDevice {
        final CrashingDevice log;
        final List<String> violations = new ArrayList<>();
        int pagesChecked;

        CheckingDevice(CrashingDevice log) {
            super(MemoryBlockDevice.create(512, PAGE_COUNT));
            this.log = log;
        }

        @Override
        public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
            int sectors = src.remaining() / 512;
            for (int i = 0; i < sectors; i++) {
                byte[] sector = new byte[512];
                src.duplicate().position(src.position() + i * 512).get(sector);
                check(firstSector + i, PageCodec.decode(firstSector + i, sector).pageLsn());
            }
            super.write(firstSector, src, forceUnitAccess);
        }

        private void check(long page, long pageLsn) {
            if (pageLsn == 0) {
                return; // format zeroes the device before there is a log
            }
            pagesChecked++;
            BlockDevice durableLog = MemoryBlockDevice.of(512, log.crashImage(NOTHING_LANDS));
            long durableEndLsn = LogFile.open(durableLog, Devices.smallOptions().logOptions()).endLsn();
            if (durableEndLsn <= pageLsn) {
                violations.add("page=" + page + " pageLsn=" + pageLsn + " durableEndLsn=" + durableEndLsn);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = RecoveryFault.class, names = {"CORRECT", "WAL_OFF"})
    void everyPageWrittenIsCoveredByTheDurableLog(RecoveryFault fault) {
        CrashingDevice log = new CrashingDevice(512, new byte[LOG_SECTORS * 512], Long.MAX_VALUE);
        CheckingDevice data = new CheckingDevice(log);
        RecoverableStore store = RecoverableStore.format(log, data, Devices.smallOptions().withCachePagesMax(2), fault);
        SplittableRandom random = new SplittableRandom(42);
        Transaction tx = store.begin();
        for (int step = 0; step < 300; step++) {
            int dice = random.nextInt(10);
            if (dice < 6) {
                byte[] bytes = new byte[1 + random.nextInt(16)];
                random.nextBytes(bytes);
                tx.update(random.nextInt(PAGE_COUNT), random.nextInt(100), bytes);
            } else if (dice < 8) {
                store.writeBack(random.nextInt(PAGE_COUNT));
            } else {
                if (random.nextBoolean()) {
                    tx.commit();
                } else {
                    tx.rollback();
                }
                tx = store.begin();
            }
        }
        store.close();
        assertTrue(data.pagesChecked > 100, "pagesChecked=" + data.pagesChecked);
        if (fault == RecoveryFault.CORRECT) {
            assertEquals(List.of(), data.violations);
        } else {
            assertTrue(!data.violations.isEmpty(), "the write-ahead check does not bite");
        }
    }
}
