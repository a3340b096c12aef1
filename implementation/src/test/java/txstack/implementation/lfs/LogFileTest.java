package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.DiskException;
import txstack.implementation.disk.FileBlockDevice;
import txstack.implementation.disk.ForwardingDevice;
import txstack.implementation.disk.MemoryBlockDevice;

/** {@link LogFile} without crashes: the service's behaviour (LFS-1..5) and its errors. */
class LogFileTest {
    /** Restart copies take 16 sectors of 512 B; this leaves 48 log pages. */
    private static final long SMALL_SECTORS = 64;

    @TempDir
    Path directory;

    static byte[] payload(SplittableRandom random, int lengthBytes) {
        byte[] bytes = new byte[lengthBytes];
        random.nextBytes(bytes);
        return bytes;
    }

    static <T extends Throwable> T assertThrowsWith(Class<T> type, String messagePart, Executable executable) {
        T thrown = assertThrows(type, executable);
        assertTrue(thrown.getMessage().contains(messagePart),
                () -> "message lacks '" + messagePart + "': " + thrown.getMessage());
        return thrown;
    }

    private static List<byte[]> payloads(List<LogRecord> records) {
        return records.stream().map(LogRecord::payload).toList();
    }

    private static void assertSamePayloads(List<byte[]> expected, List<LogRecord> actual) {
        assertEquals(expected.size(), actual.size(), "record count");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i).payload(), "payload of record " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void appendedRecordsReadBackBeforeAndAfterFlush(int sectorSizeBytes) {
        MemoryBlockDevice device = MemoryBlockDevice.create(sectorSizeBytes, 64);
        SplittableRandom random = new SplittableRandom(1);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            long first = log.endLsn();
            assertEquals(first, log.startLsn());
            assertEquals(0, log.flushedLsn());
            List<byte[]> expected = new ArrayList<>();
            List<Long> lsns = new ArrayList<>();
            for (int length : new int[] {0, 1, 15, 16, 17, 100, sectorSizeBytes, 3 * sectorSizeBytes + 5, 7}) {
                byte[] bytes = payload(random, length);
                long endBefore = log.endLsn();
                long lsn = log.append(bytes);
                assertEquals(endBefore, lsn, "a record gets the end LSN");
                assertEquals(lsn + RecordCodec.HEADER_BYTES + length, log.endLsn());
                expected.add(bytes);
                lsns.add(lsn);
            }
            assertSamePayloads(expected, log.readForward(first, 100));
            log.flush(lsns.get(4));
            assertTrue(log.flushedLsn() >= lsns.get(4), "flushedLsn=" + log.flushedLsn());
            assertSamePayloads(expected, log.readForward(first, 100));
            log.flush(lsns.getLast());
            assertEquals(lsns.getLast(), log.flushedLsn());
            List<LogRecord> all = log.readForward(first, 100);
            assertEquals(lsns, all.stream().map(LogRecord::lsn).toList());
            assertSamePayloads(expected, all);
        }
    }

    @Test
    void recordsSpanningManyPagesSurviveReopen() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        SplittableRandom random = new SplittableRandom(2);
        List<byte[]> expected = new ArrayList<>();
        long first;
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            first = log.startLsn();
            for (int i = 0; i < 5; i++) {
                byte[] bytes = payload(random, 2000 + i * 300);
                expected.add(bytes);
                log.append(bytes);
                if (i == 2) {
                    log.flush(log.endLsn() - 1);
                }
            }
            assertSamePayloads(expected, log.readForward(first, 10));
        }
        try (LogFile log = LogFile.open(device, LogOptions.defaults())) {
            assertSamePayloads(expected, log.readForward(first, 10));
        }
    }

    @Test
    void aCallerMayReuseItsArrayOnceAnAppendReturned() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            byte[] bytes = payload(new SplittableRandom(3), 700);
            byte[] kept = bytes.clone();
            long lsn = log.append(bytes);
            Arrays.fill(bytes, (byte) 0x5A);
            assertArrayEquals(kept, log.readForward(lsn, 1).get(0).payload());
            assertArrayEquals(kept, log.readBackward(lsn, 1).get(0).payload());
            log.flush(lsn);
            assertArrayEquals(kept, log.readForward(lsn, 1).get(0).payload());
        }
    }

    @Test
    void readForwardAndBackwardHonourLimitsAndTheStart() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            List<Long> lsns = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                lsns.add(log.append(new byte[] {(byte) i}));
                if (i == 9) {
                    log.flush(lsns.get(i));
                }
            }
            assertEquals(lsns.subList(3, 8), log.readForward(lsns.get(3), 5).stream().map(LogRecord::lsn).toList());
            assertEquals(lsns.subList(15, 20), log.readForward(lsns.get(15), 50).stream().map(LogRecord::lsn).toList());
            assertEquals(List.of(), log.readForward(log.endLsn(), 5));
            assertEquals(List.of(), log.readForward(lsns.get(3), 0));

            List<Long> backward = log.readBackward(lsns.get(12), 4).stream().map(LogRecord::lsn).toList();
            assertEquals(List.of(lsns.get(12), lsns.get(11), lsns.get(10), lsns.get(9)), backward);
            assertEquals(lsns.getLast(), log.readBackward(log.endLsn(), 1).getFirst().lsn());
            assertEquals(7, log.readBackward(log.endLsn(), 100).get(12).payload()[0]);

            log.advanceStart(lsns.get(6));
            List<LogRecord> toStart = log.readBackward(lsns.get(8), 100);
            assertEquals(List.of(lsns.get(8), lsns.get(7), lsns.get(6)), toStart.stream().map(LogRecord::lsn).toList());
            assertThrowsWith(InvalidLsnException.class, "lsn below the start: lsn=" + lsns.get(5),
                    () -> log.readForward(lsns.get(5), 1));
            log.advanceStart(log.endLsn());
            assertEquals(List.of(), log.readBackward(log.endLsn(), 10));
            assertEquals(List.of(), log.readForward(log.endLsn(), 10));
        }
    }

    @Test
    void reopenAfterCleanCloseKeepsEverything() {
        MemoryBlockDevice device = MemoryBlockDevice.create(4096, 32);
        List<byte[]> expected = new ArrayList<>();
        long start;
        long end;
        long last;
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            for (int i = 0; i < 30; i++) {
                expected.add(("record " + i).getBytes());
                log.append(expected.getLast());
            }
            start = log.readForward(log.startLsn(), 5).get(4).lsn();
            log.advanceStart(start);
            log.writeRestartArea(new byte[] {1, 2, 3});
            last = log.append(expected.getLast());
            expected.add(expected.getLast());
            end = log.endLsn();
        }
        try (LogFile log = LogFile.open(device, LogOptions.defaults())) {
            assertEquals(new RestartArea(start, new byte[] {1, 2, 3}), log.readRestartArea());
            assertEquals(start, log.startLsn());
            assertEquals(end, log.endLsn());
            assertEquals(last, log.flushedLsn());
            assertSamePayloads(expected.subList(4, expected.size()), log.readForward(start, 100));
            long next = log.append(new byte[] {9});
            assertEquals(end, next);
            assertEquals(List.of(next, last), log.readBackward(next, 2).stream().map(LogRecord::lsn).toList());
        }
        try (LogFile log = LogFile.open(device, LogOptions.defaults())) {
            assertEquals(expected.size() - 4 + 1, log.readForward(start, 100).size());
        }
    }

    @Test
    void appendsSucceedBelowCapacityMinusSlackAndFailAboveCapacity() {
        SplittableRandom random = new SplittableRandom(3);
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        try (LogFile log = LogFile.format(device, LogOptions.defaults().withMaxPayloadBytes(3000))) {
            LogGeometry geometry = log.geometry();
            assertEquals(geometry, LogFile.geometryOf(device, LogOptions.defaults().withMaxPayloadBytes(3000)));
            assertEquals(48L * (512 - LogPageCodec.HEADER_BYTES), geometry.capacityBytes());
            assertEquals(RecordCodec.HEADER_BYTES, geometry.recordOverheadBytes());
            long durableStart = log.startLsn();
            int fullSeen = 0;
            for (int step = 0; step < 4000; step++) {
                int length = random.nextInt(10) == 0 ? random.nextInt(3000) : random.nextInt(200);
                long liveAfter = log.endLsn() - durableStart + length + geometry.recordOverheadBytes();
                try {
                    log.append(new byte[length]);
                    assertTrue(liveAfter <= geometry.capacityBytes(), "append fit beyond capacity at step " + step);
                } catch (LogFullException e) {
                    fullSeen++;
                    assertTrue(liveAfter > geometry.capacityBytes() - geometry.slackBytes(),
                            "log full below capacity - slack at step " + step + ": " + e.getMessage());
                    assertTrue(e.getMessage().contains("log full: lsn=" + log.endLsn()), e.getMessage());
                    List<LogRecord> live = log.readForward(log.startLsn(), Integer.MAX_VALUE);
                    long newStart = live.isEmpty() ? log.endLsn() : live.get(random.nextInt(live.size())).lsn();
                    log.advanceStart(newStart);
                    if (random.nextBoolean()) {
                        log.flush(log.endLsn() - 1);
                    }
                    log.writeRestartArea(new byte[0]);
                    durableStart = newStart;
                }
            }
            assertTrue(fullSeen > 20, "fullSeen=" + fullSeen);
        }
    }

    @Test
    void spaceIsReusedOnlyBelowTheDurableStart() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            byte[] record = new byte[400];
            assertThrows(LogFullException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    log.append(record);
                }
            });
            log.advanceStart(log.endLsn());
            assertThrows(LogFullException.class, () -> log.append(record), "advanceStart alone frees nothing");
            log.writeRestartArea(new byte[0]);
            long lsn = log.append(record);
            assertEquals(lsn, log.readForward(log.startLsn(), 10).getFirst().lsn());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void manyLapsWithAdvancesKeepTheLiveRecords(int sectorSizeBytes) {
        SplittableRandom random = new SplittableRandom(4 + sectorSizeBytes);
        MemoryBlockDevice device = MemoryBlockDevice.create(sectorSizeBytes, 16 * 512 / sectorSizeBytes + 24);
        List<LogRecord> model = new ArrayList<>();
        LogFile log = LogFile.format(device, LogOptions.defaults());
        long capacity = log.geometry().capacityBytes();
        try {
            while (log.endLsn() < 12 * capacity) {
                byte[] bytes = payload(random, random.nextInt(sectorSizeBytes * 2));
                try {
                    model.add(new LogRecord(log.append(bytes), bytes));
                } catch (LogFullException e) {
                    int keep = random.nextInt(model.size() / 2 + 1);
                    long newStart = keep == 0 ? log.endLsn() : model.get(model.size() - keep).lsn();
                    log.advanceStart(newStart);
                    model.subList(0, model.size() - keep).clear();
                    log.writeRestartArea(Long.toString(newStart).getBytes());
                }
                switch (random.nextInt(40)) {
                    case 0 -> log.flush(log.endLsn() - 1);
                    case 1 -> {
                        log.close();
                        log = LogFile.open(device, LogOptions.defaults());
                        List<LogRecord> recovered = log.readForward(log.readRestartArea().startLsn(), 100_000);
                        assertEquals(model, recovered.subList(recovered.size() - model.size(), recovered.size()));
                    }
                    default -> {
                    }
                }
            }
            assertEquals(model, log.readForward(model.isEmpty() ? log.endLsn() : model.getFirst().lsn(), 100_000));
        } finally {
            log.close();
        }
    }

    @Test
    void badArgumentsFailWithClearMessages() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        LogFile log = LogFile.format(device, LogOptions.defaults().withMaxPayloadBytes(1000)
                .withMaxClientDataBytes(10));
        long first = log.append(new byte[10]);
        long second = log.append(new byte[10]);
        long end = log.endLsn();
        assertThrowsWith(RecordTooLargeException.class, "payloadBytes=1001 maxPayloadBytes=1000",
                () -> log.append(new byte[1001]));
        assertThrows(NullPointerException.class, () -> log.append(null));
        assertThrowsWith(InvalidLsnException.class, "lsn never written: lsn=0", () -> log.flush(0));
        assertThrowsWith(InvalidLsnException.class, "lsn never written: lsn=" + end + " endLsn=" + end,
                () -> log.flush(end));
        assertThrowsWith(InvalidLsnException.class, "not a record boundary: lsn=" + (first + 1),
                () -> log.advanceStart(first + 1));
        assertThrowsWith(InvalidLsnException.class, "start moved past the end: lsn=" + (end + 1),
                () -> log.advanceStart(end + 1));
        log.advanceStart(second);
        assertThrowsWith(InvalidLsnException.class, "start moved backward: lsn=" + first + " startLsn=" + second,
                () -> log.advanceStart(first));
        assertThrowsWith(InvalidLsnException.class, "not a record boundary: lsn=" + (second + 3),
                () -> log.readForward(second + 3, 1));
        assertThrowsWith(InvalidLsnException.class, "lsn never written: lsn=" + (end + 20),
                () -> log.readBackward(end + 20, 1));
        assertThrowsWith(IllegalArgumentException.class, "maxRecords=-1", () -> log.readForward(second, -1));
        assertThrowsWith(IllegalArgumentException.class, "clientDataBytes=11 maxClientDataBytes=10",
                () -> log.writeRestartArea(new byte[11]));
        log.close();
        log.close();
        assertThrowsWith(LogClosedException.class, "log is closed", () -> log.append(new byte[1]));
        assertThrows(LogClosedException.class, () -> log.flush(first));
        assertThrows(LogClosedException.class, () -> log.readForward(second, 1));
        assertThrows(LogClosedException.class, () -> log.writeRestartArea(new byte[0]));
        assertThrows(LogClosedException.class, log::endLsn);
        assertThrowsWith(IllegalArgumentException.class, "sectorCount=17",
                () -> LogFile.format(MemoryBlockDevice.create(512, 17), LogOptions.defaults()));
        assertThrowsWith(IllegalArgumentException.class, "maxPayloadBytes=0",
                () -> LogOptions.defaults().withMaxPayloadBytes(0));
    }

    @Test
    void aCorruptRestartCopyFallsBackToTheOther() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            log.append(new byte[5]);
            log.writeRestartArea(new byte[] {'A'});
            log.writeRestartArea(new byte[] {'B'});
        }
        // format wrote copies 0 and 1, open bumped copy 0... the newest is the copy holding 'B'.
        byte[] image = device.image();
        int newest = newestCopy(image);
        image[newest * RestartPageCodec.COPY_SIZE_BYTES + 3000] ^= 1;
        try (LogFile log = LogFile.open(MemoryBlockDevice.of(512, image), LogOptions.defaults())) {
            assertArrayEquals(new byte[] {'A'}, log.readRestartArea().clientData());
        }
        image[(1 - newest) * RestartPageCodec.COPY_SIZE_BYTES + RestartPageCodec.START_LSN_OFFSET] ^= 1;
        assertThrowsWith(CorruptLogException.class, "no valid restart copy: copy0=(crc32c mismatch",
                () -> LogFile.open(MemoryBlockDevice.of(512, image), LogOptions.defaults()));
    }

    @Test
    void anUnreadableRestartCopyFallsBackToTheOther() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            log.writeRestartArea(new byte[] {'A'});
            log.writeRestartArea(new byte[] {'B'});
        }
        long badSector = newestCopy(device.image()) * (RestartPageCodec.COPY_SIZE_BYTES / 512L) + 3;
        try (LogFile log = LogFile.open(unreadableAt(device, badSector), LogOptions.defaults())) {
            assertArrayEquals(new byte[] {'A'}, log.readRestartArea().clientData());
        }
    }

    /** {@code device} with sector {@code badSector} (of 512 bytes) failing every read that covers it. */
    private static BlockDevice unreadableAt(BlockDevice device, long badSector) {
        return new ForwardingDevice(device) {
            @Override
            public void read(long firstSector, ByteBuffer dst) {
                if (firstSector <= badSector && badSector < firstSector + dst.remaining() / 512) {
                    throw new DiskException("latent sector error: sector=" + badSector);
                }
                super.read(firstSector, dst);
            }
        };
    }

    private static int newestCopy(byte[] image) {
        long sequence0 = ByteBuffer.wrap(image).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong(RestartPageCodec.SEQUENCE_OFFSET);
        long sequence1 = ByteBuffer.wrap(image).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong(RestartPageCodec.COPY_SIZE_BYTES + RestartPageCodec.SEQUENCE_OFFSET);
        return sequence1 > sequence0 ? 1 : 0;
    }

    @Test
    void anUnformattedOrTruncatedImageIsCorrupt() {
        assertThrowsWith(CorruptLogException.class, "no valid restart copy: copy0=(restart copy magic mismatch",
                () -> LogFile.open(MemoryBlockDevice.create(512, SMALL_SECTORS), LogOptions.defaults()));
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            log.append(new byte[100]);
        }
        byte[] image = device.image();
        assertThrowsWith(CorruptLogException.class, "truncated image: deviceSectorCount=40 neededSectorCount=64",
                () -> LogFile.open(MemoryBlockDevice.of(512, Arrays.copyOf(image, 40 * 512)),
                        LogOptions.defaults()));
        assertThrowsWith(CorruptLogException.class, "truncated image: deviceSectorCount=4 restartSectorCount=16",
                () -> LogFile.open(MemoryBlockDevice.of(512, Arrays.copyOf(image, 4 * 512)),
                        LogOptions.defaults()));
        assertThrowsWith(CorruptLogException.class, "sector size mismatch: deviceSectorSizeBytes=4096",
                () -> LogFile.open(MemoryBlockDevice.of(4096, Arrays.copyOf(image, 8 * 4096)),
                        LogOptions.defaults()));
    }

    @Test
    void reformattingForgetsTheOldLog() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            for (int i = 0; i < 40; i++) {
                log.append(new byte[300]);
            }
        }
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            assertEquals(log.startLsn(), log.endLsn());
        }
        try (LogFile log = LogFile.open(device, LogOptions.defaults())) {
            assertEquals(List.of(), log.readForward(log.startLsn(), 10));
            assertEquals(log.startLsn(), log.endLsn());
        }
    }

    @Test
    void aDamagedPageFollowedByLaterFlushesIsCorruption() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        long firstSector = LogLayout.restartSectors(512);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            for (int i = 0; i < 12; i++) {
                log.flush(log.append(new byte[200]));
            }
        }
        byte[] image = device.image();
        image[(int) ((firstSector + 2) * 512 + 100)] ^= 0x10;
        assertThrowsWith(CorruptLogException.class, "bad record followed by good ones: lsn=",
                () -> LogFile.open(MemoryBlockDevice.of(512, image), LogOptions.defaults()));
    }

    /**
     * A log page that does not read is damage, never a torn tail: open reports it (a power loss never leaves a page
     * unreadable), even where a damaged last page would pass for the end. The broken variant takes it for the end and
     * loses the durable records from there on without a word.
     */
    @Test
    void anUnreadableLogPageIsReportedNeverTakenForTheEnd() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        long badSector = LogLayout.restartSectors(512) + 2;
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            for (int i = 0; i < 12; i++) {
                log.flush(log.append(new byte[200]));
            }
        }
        BlockDevice failing = unreadableAt(device, badSector);
        assertThrowsWith(DiskException.class, "latent sector error: sector=" + badSector,
                () -> LogFile.open(failing, LogOptions.defaults()));
        try (LogFile log = BrokenLogs.open(failing, LogOptions.defaults(), "READ_ERROR_ENDS_LOG")) {
            assertTrue(log.readForward(log.startLsn(), 100).size() < 12, "the broken variant lost nothing");
        }
    }

    @Test
    void aDamagedLastPageIsTakenAsATornTail() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        long firstSector = LogLayout.restartSectors(512);
        long lastFlushedPage;
        List<Long> lsns = new ArrayList<>();
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            for (int i = 0; i < 12; i++) {
                lsns.add(log.append(new byte[200]));
            }
            log.flush(lsns.getLast());
            lastFlushedPage = log.endLsn() / (512 - LogPageCodec.HEADER_BYTES);
        }
        byte[] image = device.image();
        image[(int) ((firstSector + lastFlushedPage) * 512 + 100)] ^= 0x10;
        try (LogFile log = LogFile.open(MemoryBlockDevice.of(512, image), LogOptions.defaults())) {
            List<LogRecord> records = log.readForward(log.startLsn(), 100);
            assertTrue(records.size() < 12 && records.size() > 6, "records=" + records.size());
            assertEquals(lsns.subList(0, records.size()), records.stream().map(LogRecord::lsn).toList());
        }
    }

    /** Flips a data byte of log page {@code slot} and makes its page checksum right again: only records see it. */
    private static void damageRecordKeepPageValid(byte[] image, long slot, int dataOffset) {
        int pageOffset = (int) ((LogLayout.restartSectors(512) + slot) * 512);
        LogPageCodec.PageHeader header = LogPageCodec.decode(ByteBuffer.wrap(image, pageOffset, 512), true);
        image[pageOffset + LogPageCodec.HEADER_BYTES + dataOffset] ^= 0x01;
        LogPageCodec.encode(image, pageOffset, 512, header);
    }

    @Test
    void aBadRecordInAGoodPageEndsTheLogOnlyAtTheTail() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        List<Long> lsns = new ArrayList<>();
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            for (int i = 0; i < 12; i++) {
                lsns.add(log.append(new byte[200]));
            }
            log.flush(lsns.getLast());
        }
        byte[] image = device.image();
        damageRecordKeepPageValid(image, 4, 10);
        try (LogFile log = LogFile.open(MemoryBlockDevice.of(512, image), LogOptions.defaults())) {
            List<Long> recovered = log.readForward(log.startLsn(), 100).stream().map(LogRecord::lsn).toList();
            assertEquals(lsns.subList(0, recovered.size()), recovered);
            assertTrue(recovered.size() < 12, "recovered=" + recovered.size());
        }

        MemoryBlockDevice flushedOften = MemoryBlockDevice.create(512, SMALL_SECTORS);
        try (LogFile log = LogFile.format(flushedOften, LogOptions.defaults())) {
            for (int i = 0; i < 12; i++) {
                log.flush(log.append(new byte[200]));
            }
        }
        byte[] damaged = flushedOften.image();
        damageRecordKeepPageValid(damaged, 2, 10);
        assertThrowsWith(CorruptLogException.class, "bad record followed by good ones",
                () -> LogFile.open(MemoryBlockDevice.of(512, damaged), LogOptions.defaults()));
    }

    @Test
    void aBadRecordInAGoodPageIsReportedOnRead() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            long first = log.append(new byte[100]);
            log.append(new byte[100]);
            log.flush(log.append(new byte[600]));
            byte[] image = device.image();
            damageRecordKeepPageValid(image, 1, 50);
            device.write(LogLayout.restartSectors(512) + 1,
                    ByteBuffer.wrap(image, (int) (LogLayout.restartSectors(512) + 1) * 512, 512), false);
            assertThrowsWith(CorruptLogException.class, "crc32c mismatch: record lsn=" + first,
                    () -> log.readForward(first, 10));
        }
    }

    @Test
    void formatWritesBothRestartCopies() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        LogFile.format(device, LogOptions.defaults()).close();
        for (int slot = 0; slot < 2; slot++) {
            byte[] image = device.image();
            image[slot * RestartPageCodec.COPY_SIZE_BYTES + 100] ^= 1;
            try (LogFile log = LogFile.open(MemoryBlockDevice.of(512, image), LogOptions.defaults())) {
                assertEquals(log.startLsn(), log.endLsn(), "copy " + (1 - slot) + " alone opens the log");
            }
        }
    }

    @Test
    void aPageDamagedAfterOpenIsReportedOnRead() {
        MemoryBlockDevice device = MemoryBlockDevice.create(512, SMALL_SECTORS);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            long lsn = log.append(new byte[1000]);
            log.flush(lsn);
            log.append(new byte[10]);
            byte[] garbage = new byte[512];
            garbage[0] = 1;
            device.write(LogLayout.restartSectors(512) + 1, ByteBuffer.wrap(garbage), false);
            assertThrowsWith(CorruptLogException.class, "log page magic mismatch",
                    () -> log.readForward(lsn, 1));
        }
    }

    @Test
    void worksOnAFileBlockDevice() {
        Path path = directory.resolve("log.img");
        List<byte[]> expected = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(5);
        long start;
        try (FileBlockDevice device = FileBlockDevice.create(path, 4096, 64);
             LogFile log = LogFile.format(device, LogOptions.defaults())) {
            start = log.startLsn();
            for (int i = 0; i < 50; i++) {
                expected.add(payload(random, random.nextInt(9000)));
                log.flush(log.append(expected.getLast()));
            }
            log.writeRestartArea("hello".getBytes());
        }
        try (FileBlockDevice device = FileBlockDevice.open(path, 4096);
             LogFile log = LogFile.open(device, LogOptions.defaults())) {
            assertArrayEquals("hello".getBytes(), log.readRestartArea().clientData());
            assertSamePayloads(expected, log.readForward(start, 100));
            assertEquals(expected.size(), payloads(log.readBackward(log.endLsn(), 100)).size());
        }
    }
}
