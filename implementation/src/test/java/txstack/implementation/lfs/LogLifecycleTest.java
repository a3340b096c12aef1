package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static txstack.implementation.lfs.LogFileTest.assertThrowsWith;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import txstack.implementation.StorageException;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.CrashingDevice;
import txstack.implementation.disk.DiskException;
import txstack.implementation.disk.ForwardingDevice;
import txstack.implementation.disk.MemoryBlockDevice;
import txstack.implementation.lfs.LogPageCodec.PageHeader;
import txstack.implementation.lfs.RestartPageCodec.RestartPage;

/**
 * {@link LogFile}'s life: open, close, failure, the restart copies it writes, and what each flush round puts on the
 * disk (LFS-2, LFS-4, LFS-6, the page format of {@link LogPageCodec}).
 */
class LogLifecycleTest {
    private static final int SECTOR = 512;
    /** D: stream bytes per 512-byte page. */
    private static final int PAGE_DATA = SECTOR - LogPageCodec.HEADER_BYTES;
    private static final long RESTART_SECTORS = LogLayout.restartSectors(SECTOR);
    /** 8 pages of 512 bytes per flush round; appends do I/O once more than 16 pages are unwritten. */
    private static final LogOptions SMALL_BATCH = LogOptions.defaults().withFlushBatchMaxBytes(4096);
    /** A payload that makes its record exactly one page of stream bytes. */
    private static final int ONE_PAGE_PAYLOAD = PAGE_DATA - RecordCodec.HEADER_BYTES;
    private static final long WAIT_SECONDS = 20;

    /** Picks every sector's durable content: the power loss that loses every write not yet flushed. */
    private static final RandomGenerator LOSE_EVERY_UNFLUSHED_WRITE = () -> 0L;

    /** Counts log-page writes and their sizes; fails the log-page write numbered {@code failAtLogWrite} (from 1). */
    private static final class CountingDevice extends ForwardingDevice {
        final AtomicInteger logWrites = new AtomicInteger();
        final List<Integer> logWriteSectors = new ArrayList<>();
        volatile int failAtLogWrite = Integer.MAX_VALUE;

        CountingDevice(BlockDevice delegate) {
            super(delegate);
        }

        @Override
        public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
            if (firstSector >= LogLayout.restartSectors(sectorSizeBytes())) {
                int n = logWrites.incrementAndGet();
                synchronized (logWriteSectors) {
                    logWriteSectors.add(src.remaining() / sectorSizeBytes());
                }
                if (n >= failAtLogWrite) {
                    throw new DiskException("injected write error: logWrite=" + n);
                }
            }
            super.write(firstSector, src, forceUnitAccess);
        }
    }

    private static byte[] filled(int lengthBytes, int value) {
        byte[] bytes = new byte[lengthBytes];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static List<Long> lsns(List<LogRecord> records) {
        return records.stream().map(LogRecord::lsn).toList();
    }

    private static RestartPage restartCopy(byte[] image, int slot) {
        return RestartPageCodec.decode(ByteBuffer.wrap(image, slot * RestartPageCodec.COPY_SIZE_BYTES,
                RestartPageCodec.COPY_SIZE_BYTES).slice(), true);
    }

    private static byte[] restartCopyBytes(byte[] image, int slot) {
        return Arrays.copyOfRange(image, slot * RestartPageCodec.COPY_SIZE_BYTES,
                (slot + 1) * RestartPageCodec.COPY_SIZE_BYTES);
    }

    private static ByteBuffer logSector(byte[] image, long slot) {
        return ByteBuffer.wrap(image, (int) ((RESTART_SECTORS + slot) * SECTOR), SECTOR).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void openRefusesANegativeKeepBoundAndTakesZero() {
        MemoryBlockDevice device = MemoryBlockDevice.create(SECTOR, 64);
        LogFile.format(device, LogOptions.defaults()).close();
        assertThrowsWith(IllegalArgumentException.class, "keepBytesMax must not be negative: keepBytesMax=-1",
                () -> LogFile.open(device, LogOptions.defaults(), -1));
        try (LogFile log = LogFile.open(device, LogOptions.defaults(), 0)) {
            assertEquals(log.startLsn(), log.endLsn());
        }
    }

    /**
     * A process crash leaves written pages in the device's volatile cache; open reads them and shows them as the
     * durable log, so it must make them durable first: a power loss after open must not take them back (LFS-6).
     */
    @Test
    void openMakesTheRecordsItRecoversDurableBeforeShowingThem() {
        CrashingDevice crashing = new CrashingDevice(SECTOR, new byte[64 * SECTOR], Long.MAX_VALUE);
        LogFile.format(crashing, LogOptions.defaults()).close();
        // The crashed process's writes reached the cache; its device flushes never ran.
        BlockDevice noFlush = new ForwardingDevice(crashing) {
            @Override
            public void flush() {
            }
        };
        LogFile crashed = LogFile.open(noFlush, LogOptions.defaults());
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(crashed.append(filled(300, i + 1)));
        }
        crashed.flush(written.getLast());

        List<Long> shown;
        try (LogFile log = LogFile.open(crashing, LogOptions.defaults())) {
            shown = lsns(log.readForward(log.startLsn(), 100));
        }
        assertEquals(written, shown, "open shows what the crashed process wrote");
        crashing.powerOff();
        byte[] image = crashing.crashImage(LOSE_EVERY_UNFLUSHED_WRITE);
        try (LogFile log = LogFile.open(MemoryBlockDevice.of(SECTOR, image), LogOptions.defaults())) {
            assertEquals(shown, lsns(log.readForward(log.startLsn(), 100)), "a power loss took back what open showed");
        }
    }

    /** close flushes every appended record: a power loss right after close loses none (LFS-4). */
    @Test
    void closeMakesEveryAppendedRecordDurable() {
        CrashingDevice crashing = new CrashingDevice(SECTOR, new byte[64 * SECTOR], Long.MAX_VALUE);
        List<LogRecord> appended = new ArrayList<>();
        try (LogFile log = LogFile.format(crashing, LogOptions.defaults())) {
            log.flush(log.append(filled(10, 9)));
            appended.add(new LogRecord(log.startLsn(), filled(10, 9)));
            for (int i = 0; i < 4; i++) {
                byte[] payload = filled(200 + i, i);
                appended.add(new LogRecord(log.append(payload), payload));
            }
        }
        crashing.powerOff();
        byte[] image = crashing.crashImage(LOSE_EVERY_UNFLUSHED_WRITE);
        try (LogFile log = LogFile.open(MemoryBlockDevice.of(SECTOR, image), LogOptions.defaults())) {
            assertEquals(appended, log.readForward(log.startLsn(), 100));
            assertEquals(appended.getLast().lsn(), log.flushedLsn());
        }
    }

    @Test
    void aClosedLogRefusesEveryCall() {
        MemoryBlockDevice device = MemoryBlockDevice.create(SECTOR, 64);
        LogFile log = LogFile.format(device, LogOptions.defaults());
        long lsn = log.append(new byte[] {1});
        log.close();
        List<Executable> calls = List.of(
                () -> log.append(new byte[1]),
                () -> log.flush(lsn),
                log::flushedLsn,
                log::startLsn,
                log::endLsn,
                () -> log.advanceStart(lsn),
                () -> log.writeRestartArea(new byte[0]),
                log::readRestartArea,
                () -> log.readForward(lsn, 1),
                () -> log.readBackward(lsn, 1),
                () -> log.scanForward(lsn, Long.MAX_VALUE, (l, p) -> fail("visited a closed log")));
        for (Executable call : calls) {
            assertThrowsWith(LogClosedException.class, "log is closed: state=CLOSED", call);
        }
        log.close(); // twice: nothing
    }

    @Test
    void aFailedLogRefusesEveryCallThatWritesOrReads() {
        MemoryBlockDevice memory = MemoryBlockDevice.create(SECTOR, 64);
        LogFile.format(memory, LogOptions.defaults()).close();
        CountingDevice device = new CountingDevice(memory);
        LogFile log = LogFile.open(device, LogOptions.defaults());
        long durable = log.append(new byte[] {1});
        log.flush(durable);
        long lost = log.append(new byte[] {2});
        device.failAtLogWrite = device.logWrites.get() + 1;
        StorageException cause = assertThrows(StorageException.class, () -> log.flush(lost));
        List<Executable> calls = List.of(
                () -> log.append(new byte[1]),
                () -> log.flush(durable),
                () -> log.advanceStart(durable),
                () -> log.writeRestartArea(new byte[0]),
                () -> log.readForward(durable, 1),
                () -> log.readBackward(durable, 1),
                () -> log.scanForward(durable, Long.MAX_VALUE, (l, p) -> fail("visited a failed log")));
        for (Executable call : calls) {
            StorageException e = assertThrowsWith(StorageException.class,
                    "log failed after an earlier error, reopen to recover", call);
            assertSame(cause, e.getCause());
        }
        assertEquals(durable, log.startLsn(), "the start did not move");
        log.close(); // quietly: nothing can be made durable any more
    }

    @Test
    void aNegativeRecordCountIsRefusedBothWays() {
        MemoryBlockDevice device = MemoryBlockDevice.create(SECTOR, 64);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            long lsn = log.append(new byte[3]);
            assertThrowsWith(IllegalArgumentException.class, "maxRecords must not be negative: maxRecords=-1",
                    () -> log.readBackward(lsn, -1));
            assertThrowsWith(IllegalArgumentException.class, "maxRecords must not be negative: maxRecords=-1",
                    () -> log.readForward(lsn, -1));
            assertEquals(List.of(), log.readBackward(lsn, 0));
        }
    }

    /** Every call lets go of the log's locks: another thread's call right after it completes. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyCallLeavesTheLogFreeForOtherThreads() throws Throwable {
        MemoryBlockDevice device = MemoryBlockDevice.create(SECTOR, 64);
        LogFile.format(device, LogOptions.defaults()).close();
        LogFile log = LogFile.open(device, LogOptions.defaults(), Long.MAX_VALUE);
        long lsn = log.append(new byte[] {5});
        List<Executable> calls = List.of(
                () -> log.append(new byte[] {6}),
                () -> log.flush(lsn),
                () -> log.readForward(lsn, 2),
                () -> log.readBackward(log.endLsn(), 2),
                () -> log.scanForward(lsn, Long.MAX_VALUE, (l, p) -> { }),
                log::releaseKeptPages,
                () -> log.writeRestartArea(new byte[] {7}),
                log::readRestartArea,
                () -> log.advanceStart(lsn),
                log::startLsn,
                log::flushedLsn);
        for (Executable call : calls) {
            call.execute();
            onAnotherThread(() -> log.writeRestartArea(new byte[] {8}));
            onAnotherThread(log::endLsn);
        }
        log.close();
        onAnotherThread(() -> assertThrows(LogClosedException.class, log::endLsn));
    }

    private static void onAnotherThread(Executable call) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                call.execute();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        try {
            done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("another thread's call blocked: the log stayed locked", e);
        } catch (ExecutionException e) {
            throw new AssertionError("another thread's call failed", e.getCause());
        }
    }

    /**
     * An append racing close either fails with {@link LogClosedException} or its record is in the log after reopen:
     * close flushes what was appended, nothing appended after it may be silently dropped.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anAppendRacingCloseFailsOrIsDurable() throws Exception {
        MemoryBlockDevice memory = MemoryBlockDevice.create(SECTOR, 16 + 64);
        CountDownLatch roundStarted = new CountDownLatch(1);
        CountDownLatch releaseRound = new CountDownLatch(1);
        AtomicInteger gatedWrites = new AtomicInteger();
        BlockDevice device = new ForwardingDevice(memory) {
            @Override
            public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
                if (firstSector >= RESTART_SECTORS && gatedWrites.getAndIncrement() == 0) {
                    roundStarted.countDown();
                    await(releaseRound);
                }
                super.write(firstSector, src, forceUnitAccess);
            }
        };
        gatedWrites.set(-1_000_000); // format's and the first appends' writes pass
        LogFile log = LogFile.format(device, SMALL_BATCH);
        for (int i = 0; i < 16; i++) {
            log.append(filled(ONE_PAGE_PAYLOAD, i)); // 17 unwritten pages: the next append flushes first
        }
        gatedWrites.set(0);
        byte[] racing = filled(7, 0x5A);
        CompletableFuture<Long> append = new CompletableFuture<>();
        Thread appender = daemon(() -> {
            try {
                append.complete(log.append(racing));
            } catch (Throwable e) {
                append.completeExceptionally(e);
            }
        });
        assertTrue(roundStarted.await(WAIT_SECONDS, TimeUnit.SECONDS), "the append's flush round never started");
        CompletableFuture<Void> close = new CompletableFuture<>();
        Thread closer = daemon(() -> {
            try {
                log.close();
                close.complete(null);
            } catch (Throwable e) {
                close.completeExceptionally(e);
            }
        });
        GroupCommitTest.awaitParkedAsWaiter(closer);
        releaseRound.countDown();
        close.get(WAIT_SECONDS, TimeUnit.SECONDS);
        Long lsn = null;
        try {
            lsn = append.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof LogClosedException, "append failed with " + e.getCause());
        }
        appender.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        try (LogFile reopened = LogFile.open(memory, SMALL_BATCH)) {
            List<LogRecord> records = reopened.readForward(reopened.startLsn(), 100);
            assertEquals(16, records.size() - (lsn == null ? 0 : 1), "records after reopen: " + records.size());
            if (lsn != null) {
                assertEquals(new LogRecord(lsn, racing), records.getLast(), "an append that returned was lost");
            }
        }
    }

    private static Thread daemon(Runnable body) {
        Thread thread = new Thread(body);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Appends do no I/O while at most {@code 2 * flushBatchPages} pages are unwritten (the class Javadoc); past that
     * the append flushes first, one round per {@code flushBatchPages} pages, each one device write at most that long.
     */
    @Test
    void appendsDoNoIoUntilMoreThanTwoBatchesArePendingThenFlushWholeBatches() {
        MemoryBlockDevice memory = MemoryBlockDevice.create(SECTOR, 16 + 64);
        CountingDevice device = new CountingDevice(memory);
        List<LogRecord> appended = new ArrayList<>();
        try (LogFile log = LogFile.format(device, SMALL_BATCH)) {
            int batchPages = SMALL_BATCH.flushBatchMaxBytes() / SECTOR;
            for (int i = 0; i < 2 * batchPages; i++) {
                // Append i starts with i + 1 unwritten pages (the tail page included): at most 2 * 8.
                byte[] payload = filled(ONE_PAGE_PAYLOAD, i + 1);
                appended.add(new LogRecord(log.append(payload), payload));
                assertEquals(0, device.logWrites.get(), "append " + i + " did I/O");
            }
            byte[] payload = filled(ONE_PAGE_PAYLOAD, 99);
            appended.add(new LogRecord(log.append(payload), payload)); // 17 unwritten pages: flushes first
            assertEquals(List.of(batchPages, batchPages), device.logWriteSectors,
                    "the 16 full pages go in two rounds of one batch each");
            assertEquals(appended.get(2 * batchPages - 1).lsn(), log.flushedLsn());
            assertEquals(appended, log.readForward(log.startLsn(), 100));
        }
    }

    /**
     * A flushed page says how many stream bytes it holds ({@code usedBytes}, below D at the end of the log) and is
     * zero beyond them (the page format), even where the leader's buffer held a full page the round before.
     */
    @Test
    void aFlushedTailPageRecordsItsUsedBytesAndIsZeroBeyondThem() {
        MemoryBlockDevice device = MemoryBlockDevice.create(SECTOR, 64);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            log.flush(log.append(filled(2 * PAGE_DATA, 0x7F))); // pages 1, 2 full, page 3 partly
            checkTailPage(device.image(), log.endLsn());
            log.flush(log.append(filled(5, 0x11))); // page 3 again, from the start of the buffer
            checkTailPage(device.image(), log.endLsn());
        }
    }

    private static void checkTailPage(byte[] image, long endLsn) {
        long page = endLsn / PAGE_DATA;
        int usedBytes = (int) (endLsn % PAGE_DATA);
        ByteBuffer sector = logSector(image, page % (64 - RESTART_SECTORS));
        PageHeader header = LogPageCodec.decode(sector, true);
        assertEquals(page, header.pageIndex());
        assertEquals(usedBytes, header.usedBytes(), "usedBytes of the tail page");
        for (int i = LogPageCodec.HEADER_BYTES + usedBytes; i < SECTOR; i++) {
            assertEquals(0, sector.get(i), "byte " + i + " of page " + page + " beyond its used bytes");
        }
    }

    /**
     * A flush whose second round fails: the log is failed, and {@link LogFile#flushedLsn()} names the newest record
     * the first round made durable, exactly the last record a reopen finds (a record the first round wrote only in
     * part is not durable).
     */
    @Test
    void afterAFailedRoundFlushedLsnIsTheLastRecordThatSurvives() {
        MemoryBlockDevice memory = MemoryBlockDevice.create(SECTOR, 16 + 64);
        LogFile.format(memory, SMALL_BATCH).close();
        CountingDevice device = new CountingDevice(memory);
        LogFile log = LogFile.open(device, SMALL_BATCH);
        List<Long> lsns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lsns.add(log.append(filled(300, i))); // 316-byte records: one straddles the end of page 8
        }
        device.failAtLogWrite = 2;
        assertThrows(DiskException.class, () -> log.flush(lsns.getLast()));
        long flushed = log.flushedLsn();
        log.close();
        try (LogFile reopened = LogFile.open(memory, SMALL_BATCH)) {
            List<Long> recovered = lsns(reopened.readForward(reopened.startLsn(), 100));
            assertEquals(lsns.subList(0, recovered.size()), recovered);
            assertTrue(recovered.size() < lsns.size(), "the failed round's records are not all there");
            assertEquals(recovered.getLast().longValue(), flushed, "flushedLsn after the failed round");
        }
    }

    /**
     * A record whose header names the wrong predecessor (its checksum made right) is corrupt to readForward and
     * scanForward alike, also when it is the first record they read (RecordReader, RecordScanner: the chain check).
     */
    @Test
    void aRecordChainedToTheWrongPredecessorIsCorrupt() {
        MemoryBlockDevice device = MemoryBlockDevice.create(SECTOR, 64);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            long first = log.append(filled(20, 1));
            long second = log.append(filled(20, 2));
            long third = log.append(filled(20, 3));
            log.flush(log.append(filled(3 * PAGE_DATA, 4))); // the end lies pages later: the first page is read
            rechainOnDevice(device, third, first);
            for (long from : new long[] {third, second}) {
                assertThrowsWith(CorruptLogException.class, "record chain broken: lsn=" + third
                        + " expectedPrevLsn=" + second + " readPrevLsn=" + first, () -> log.readForward(from, 2));
                assertThrowsWith(CorruptLogException.class, "record chain broken: lsn=" + third,
                        () -> log.scanForward(from, Long.MAX_VALUE, (l, p) -> { }));
            }
            assertEquals(List.of(first, second), lsns(log.readForward(first, 2)));
        }
    }

    /** Rewrites the header of the record at {@code lsn} (wholly in one page) with {@code prevLsn}, checksums right. */
    private static void rechainOnDevice(MemoryBlockDevice device, long lsn, long prevLsn) {
        long page = lsn / PAGE_DATA;
        long sectorIndex = RESTART_SECTORS + page % (64 - RESTART_SECTORS);
        ByteBuffer sector = ByteBuffer.allocate(SECTOR);
        device.read(sectorIndex, sector);
        byte[] bytes = sector.array();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = LogPageCodec.HEADER_BYTES + (int) (lsn % PAGE_DATA);
        int payloadBytes = b.getInt(at + RecordCodec.PAYLOAD_BYTES_OFFSET);
        int payloadChecksum = Checksums.crc32c(bytes, at + RecordCodec.HEADER_BYTES, payloadBytes);
        b.putInt(at + RecordCodec.CRC_OFFSET, RecordCodec.checksum(lsn, prevLsn, payloadBytes, payloadChecksum));
        b.putLong(at + RecordCodec.PREV_LSN_OFFSET, prevLsn);
        LogPageCodec.encode(bytes, 0, SECTOR, LogPageCodec.decode(ByteBuffer.wrap(bytes), false));
        device.write(sectorIndex, ByteBuffer.wrap(bytes), false);
    }

    /**
     * Open bumps the epoch durably into the older restart copy, as the newest copy (highest sequence); each
     * writeRestartArea then goes to the older copy, so the copy before it stays intact (LFS-2).
     */
    @Test
    void restartWritesAlternateAndEachLeavesTheOtherCopyIntact() {
        MemoryBlockDevice device = MemoryBlockDevice.create(SECTOR, 64);
        LogFile.format(device, LogOptions.defaults()).close();
        for (int round = 0; round < 3; round++) {
            byte[] before = device.image();
            int newestBefore = newestSlot(before);
            long epochBefore = Math.max(restartCopy(before, 0).epoch(), restartCopy(before, 1).epoch());
            long sequenceBefore = restartCopy(before, newestBefore).sequence();
            try (LogFile log = LogFile.open(device, LogOptions.defaults())) {
                byte[] opened = device.image();
                assertEquals(1 - newestBefore, newestSlot(opened), "open wrote the older copy, as the newest");
                RestartPage bumped = restartCopy(opened, 1 - newestBefore);
                assertEquals(epochBefore + 1, bumped.epoch());
                assertEquals(sequenceBefore + 1, bumped.sequence());
                assertArrayEquals(restartCopyBytes(before, newestBefore), restartCopyBytes(opened, newestBefore));
                int written = 1 - newestBefore;
                for (int area = 0; area < 2; area++) {
                    byte[] previous = device.image();
                    log.writeRestartArea(new byte[] {(byte) round, (byte) area});
                    byte[] after = device.image();
                    assertEquals(1 - written, newestSlot(after), "writeRestartArea wrote the older copy");
                    assertArrayEquals(restartCopyBytes(previous, written), restartCopyBytes(after, written));
                    assertArrayEquals(new byte[] {(byte) round, (byte) area},
                            restartCopy(after, 1 - written).clientData());
                    assertEquals(epochBefore + 1, restartCopy(after, 1 - written).epoch());
                    written = 1 - written;
                }
            }
        }
    }

    private static int newestSlot(byte[] image) {
        return restartCopy(image, 1).sequence() > restartCopy(image, 0).sequence() ? 1 : 0;
    }

    /** A scan learns the start moved past it (the records it would read next are released) and says so. */
    @Test
    void aScanFailsWhenTheStartMovesPastIt() {
        MemoryBlockDevice device = MemoryBlockDevice.create(4096, 2 + 64);
        try (LogFile log = LogFile.format(device, LogOptions.defaults())) {
            for (int i = 0; i < 4200; i++) {
                log.append(new byte[0]);
            }
            log.flush(log.endLsn() - 1);
            long start = log.startLsn();
            AtomicLong visited = new AtomicLong();
            assertThrowsWith(InvalidLsnException.class, "start moved past a scan", () -> log.scanForward(start,
                    Long.MAX_VALUE, (lsn, payload) -> {
                        if (visited.getAndIncrement() == 0) {
                            log.advanceStart(log.endLsn());
                        }
                    }));
            // The first batch was taken before the start moved; the next one finds its records released.
            assertTrue(visited.get() > 0 && visited.get() < 4200, "visited=" + visited.get());
        }
    }
}
