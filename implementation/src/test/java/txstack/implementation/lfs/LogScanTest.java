package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import txstack.implementation.disk.MemoryBlockDevice;

/**
 * {@link LogFile#scanForward} against {@link LogFile#readForward}: the same records from the device, from the pages
 * {@link LogFile#open(txstack.implementation.disk.BlockDevice, LogOptions, long)} kept, from the unflushed tail, and
 * when the bound keeps none; and the same corruption found.
 */
class LogScanTest {
    private static final long SECTORS = 16 + 400;

    /** A log of records of random lengths (some spanning pages), closed cleanly; returns its image. */
    private static byte[] image(int sectorSizeBytes, long seed) {
        MemoryBlockDevice device = MemoryBlockDevice.create(sectorSizeBytes, SECTORS);
        SplittableRandom random = new SplittableRandom(seed);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            for (int i = 0; i < 300; i++) {
                log.append(LogFileTest.payload(random, random.nextInt(random.nextInt(8) == 0 ? 3 * sectorSizeBytes
                        : 200)));
            }
            log.advanceStart(log.readForward(log.startLsn(), 20).getLast().lsn());
            log.writeRestartArea(new byte[0]);
        }
        return device.image();
    }

    private static List<LogRecord> scan(LogFile log, long from, long to) {
        List<LogRecord> records = new ArrayList<>();
        log.scanForward(from, to, (lsn, payload) -> {
            assertTrue(payload.isReadOnly(), "the payload is read-only");
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            records.add(new LogRecord(lsn, bytes));
        });
        return records;
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void scanReadsWhatReadForwardReads(int sectorSizeBytes) {
        byte[] image = image(sectorSizeBytes, sectorSizeBytes);
        for (long keepBytesMax : new long[] {0, 1000, Long.MAX_VALUE}) {
            MemoryBlockDevice device = MemoryBlockDevice.of(sectorSizeBytes, image);
            try (LogFile log = LogFile.open(device, LogOptions.defaults(), keepBytesMax)) {
                List<LogRecord> all = log.readForward(log.startLsn(), Integer.MAX_VALUE);
                assertEquals(all, scan(log, log.startLsn(), Long.MAX_VALUE), "keepBytesMax=" + keepBytesMax);
                long middle = all.get(all.size() / 2).lsn();
                assertEquals(all.subList(all.size() / 2, all.size()), scan(log, middle, Long.MAX_VALUE));
                assertEquals(all.subList(0, all.size() / 2), scan(log, log.startLsn(), middle));
                assertEquals(all.subList(0, all.size() / 2 + 1), scan(log, log.startLsn(), middle + 1));
                assertEquals(List.of(), scan(log, log.endLsn(), Long.MAX_VALUE));
                // Appended, not flushed: the tail comes from memory, after the kept pages.
                byte[] tail = new byte[3 * sectorSizeBytes];
                tail[7] = 7;
                long tailLsn = log.append(tail);
                List<LogRecord> scanned = scan(log, middle, Long.MAX_VALUE);
                assertEquals(tailLsn, scanned.getLast().lsn());
                assertArrayEquals(tail, scanned.getLast().payload());
                log.releaseKeptPages();
                assertEquals(scanned, scan(log, middle, Long.MAX_VALUE), "after release, from the device");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void aRecordDamagedAfterOpenIsCorruptUnlessItsPageWasKept(int sectorSizeBytes) {
        byte[] image = image(sectorSizeBytes, 3);
        MemoryBlockDevice reference = MemoryBlockDevice.of(sectorSizeBytes, image);
        long victimLsn;
        try (LogFile log = LogFile.open(reference, LogOptions.defaults())) {
            victimLsn = log.readForward(log.startLsn(), 50).getLast().lsn();
        }
        for (long keepBytesMax : new long[] {0, Long.MAX_VALUE}) {
            MemoryBlockDevice device = MemoryBlockDevice.of(sectorSizeBytes, image);
            try (LogFile log = LogFile.open(device, LogOptions.defaults(), keepBytesMax)) {
                damageRecordPayload(device, sectorSizeBytes, victimLsn);
                if (keepBytesMax == 0) {
                    CorruptLogException e = assertThrows(CorruptLogException.class,
                            () -> scan(log, log.startLsn(), Long.MAX_VALUE));
                    assertTrue(e.getMessage().contains("crc32c mismatch"), e.getMessage());
                } else {
                    // The kept bytes are those open checked, before the damage: the scan never reads the device.
                    List<LogRecord> kept = scan(log, log.startLsn(), Long.MAX_VALUE);
                    log.releaseKeptPages();
                    assertThrows(CorruptLogException.class, () -> scan(log, log.startLsn(), Long.MAX_VALUE));
                    try (LogFile clean = LogFile.open(MemoryBlockDevice.of(sectorSizeBytes, image),
                            LogOptions.defaults())) {
                        assertEquals(clean.readForward(clean.startLsn(), Integer.MAX_VALUE), kept);
                    }
                }
            }
        }
    }

    /**
     * Flips a bit of the payload of the record at {@code lsn} and rewrites its page with a good page checksum: only
     * the record's own checksum can tell.
     */
    private static void damageRecordPayload(MemoryBlockDevice device, int sectorSizeBytes, long lsn) {
        LogLayout layout = LogLayout.of(readRestart(device));
        long position = lsn + RecordCodec.HEADER_BYTES;
        long page = layout.pageOf(position);
        ByteBuffer sector = ByteBuffer.allocate(sectorSizeBytes);
        device.read(layout.sectorOf(page), sector);
        byte[] bytes = sector.array();
        bytes[LogPageCodec.HEADER_BYTES + layout.offsetInPage(position)] ^= 1;
        LogPageCodec.PageHeader header = LogPageCodec.decode(ByteBuffer.wrap(bytes), false);
        LogPageCodec.encode(bytes, 0, sectorSizeBytes, header);
        device.write(layout.sectorOf(page), ByteBuffer.wrap(bytes), false);
    }

    private static RestartPageCodec.RestartPage readRestart(MemoryBlockDevice device) {
        ByteBuffer copy = ByteBuffer.allocate(RestartPageCodec.COPY_SIZE_BYTES);
        device.read(0, copy);
        return RestartPageCodec.decode(copy.flip(), true);
    }
}
