package txstack.implementation.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import txstack.implementation.StorageException;
import txstack.implementation.disk.CrashingDevice;
import txstack.implementation.disk.CrashingDevice.PowerLoss;
import txstack.implementation.disk.DiskException;
import txstack.implementation.disk.ForwardingDevice;
import txstack.implementation.disk.MemoryBlockDevice;

/**
 * Crash tests (LFS-2, LFS-5, LFS-6 under DISK-3): seeded random workloads on a {@link CrashingDevice} that loses
 * power at a random write, several incarnations in a row, each recovery checked against a small model of what was
 * written, flushed and stored in the restart area. A failure names its seed and step and the command that replays
 * it; failing seeds go into {@link #REGRESSION_SEEDS}.
 */
class LogCrashTest {
    /** {@code -Dtxstack.seeds=N} or, for forked JVMs such as PIT's, the environment's {@code TXSTACK_SEEDS}. */
    private static final int SEEDS = Integer.getInteger("txstack.seeds",
            Integer.parseInt(System.getenv().getOrDefault("TXSTACK_SEEDS", "2000")));
    private static final long SMALL_LOG_SECTORS = 16 + 40;
    /** The most seeds a broken variant may survive. */
    private static final int VARIANT_SEEDS = 2000;
    private static final int INCARNATIONS = 6;
    private static final int STEPS_PER_INCARNATION = 150;
    /** Seeds that once failed, kept as regression cases. */
    private static final long[] REGRESSION_SEEDS = {};

    /** What the log must show after a crash; lives across incarnations. */
    private static final class Model {
        final List<LogRecord> records = new ArrayList<>();
        long flushedLsn;
        RestartArea completed;
        RestartArea inFlight;

        List<LogRecord> from(long lsn) {
            return records.stream().filter(r -> r.lsn() >= lsn).toList();
        }
    }

    /** One seed's run; {@link #check} failures carry the seed, incarnation and step. */
    private static final class Run {
        final long seed;
        final LogFault variant;
        final SplittableRandom random;
        final int sectorSizeBytes;
        final long sectorCount;
        final LogOptions options;
        final boolean fixedSizes;
        final Model model = new Model();
        int incarnation;
        int step;

        Run(long seed, LogFault variant) {
            this.seed = seed;
            this.variant = variant;
            this.random = new SplittableRandom(seed);
            this.sectorSizeBytes = random.nextInt(4) == 0 ? 4096 : 512;
            long logPages = sectorSizeBytes == 512 ? 8 + random.nextInt(40) : 3 + random.nextInt(20);
            this.sectorCount = LogLayout.restartSectors(sectorSizeBytes) + logPages;
            int flushBatchBytes = 4096 * (1 + random.nextInt(3));
            this.options = new LogOptions(sectorSizeBytes * 3, 600, flushBatchBytes);
            this.fixedSizes = random.nextBoolean();
        }

        /** {@code -Dtxstack.trace=true} prints every operation of a replayed seed. */
        static final boolean TRACE = Boolean.getBoolean("txstack.trace");

        void trace(String what) {
            if (TRACE) {
                System.out.println("inc=" + incarnation + " step=" + step + " " + what);
            }
        }

        void check(boolean condition, String what) {
            if (!condition) {
                throw new AssertionError(what + " (seed=" + seed + " variant=" + variant + " incarnation="
                        + incarnation + " step=" + step + "; replay: ./mvnw -q -pl implementation test"
                        + " -Dtest=LogCrashTest#replay -Dtxstack.seed=" + seed + " -Dtxstack.variant=" + variant
                        + ")");
            }
        }

        void run() {
            byte[] image = new byte[(int) (sectorCount * sectorSizeBytes)];
            if (random.nextInt(4) == 0) {
                random.nextBytes(image);
            }
            for (incarnation = 0; incarnation <= INCARNATIONS; incarnation++) {
                boolean last = incarnation == INCARNATIONS;
                // Half the incarnations die early: short lives make dead incarnations' pages past the end common.
                long crashAt = last ? Long.MAX_VALUE
                        : (incarnation == 0 ? 2 : 0) + random.nextInt(random.nextBoolean() ? 6 : 70);
                CrashingDevice device = new CrashingDevice(sectorSizeBytes, image, crashAt);
                trace("incarnation crashAt=" + crashAt + " sectorSizeBytes=" + sectorSizeBytes + " sectorCount="
                        + sectorCount + " options=" + options);
                try {
                    LogFile log = incarnation == 0 ? format(device) : recover(device);
                    if (!last) {
                        workload(log);
                    }
                } catch (PowerLoss e) {
                    // The crash this incarnation was built for.
                }
                device.powerOff();
                image = device.crashImage(random);
            }
        }

        private LogFile format(CrashingDevice device) {
            LogFile log = LogFile.format(device, options, variant);
            model.completed = log.readRestartArea();
            return log;
        }

        /** Opens the crashed image and checks it against the model, then makes the model what was recovered. */
        private LogFile recover(CrashingDevice device) {
            step = -1;
            LogFile log = LogFile.open(device, options, variant);
            RestartArea restart = log.readRestartArea();
            trace("opened restart=" + restart + " end=" + log.endLsn());
            check(restart.equals(model.completed) || restart.equals(model.inFlight), "restart area " + restart
                    + " is neither the last completed " + model.completed + " nor the in-flight " + model.inFlight);
            long start = restart.startLsn();
            check(log.startLsn() == start, "startLsn=" + log.startLsn() + " restart start=" + start);
            List<LogRecord> got = log.readForward(start, Integer.MAX_VALUE);
            List<LogRecord> expected = model.from(start);
            check(got.size() <= expected.size() && got.equals(expected.subList(0, got.size())),
                    "recovered records are not a prefix of those written from lsn=" + start + ": got=" + got
                            + " expected=" + expected);
            long mustHave = expected.stream().filter(r -> r.lsn() <= model.flushedLsn).count();
            check(got.size() >= mustHave, "flushed records lost: recovered=" + got.size() + " flushed="
                    + mustHave + " flushedLsn=" + model.flushedLsn);
            long end = got.isEmpty() ? start : got.getLast().lsn() + RecordCodec.HEADER_BYTES
                    + got.getLast().payloadBytes();
            check(log.endLsn() == end, "endLsn=" + log.endLsn() + " expected=" + end);
            check(log.flushedLsn() == (got.isEmpty() ? 0 : got.getLast().lsn()), "flushedLsn=" + log.flushedLsn());
            model.records.clear();
            model.records.addAll(got);
            model.flushedLsn = got.isEmpty() ? 0 : got.getLast().lsn();
            model.completed = restart;
            model.inFlight = null;
            return log;
        }

        private void workload(LogFile log) {
            for (step = 0; step < STEPS_PER_INCARNATION; step++) {
                int dice = random.nextInt(100);
                if (dice < 55) {
                    append(log);
                } else if (dice < 70) {
                    flush(log);
                } else if (dice < 78) {
                    advance(log);
                } else if (dice < 86) {
                    writeRestart(log);
                } else if (dice < 93) {
                    long start = log.startLsn();
                    check(log.readForward(start, Integer.MAX_VALUE).equals(model.from(start)), "readForward");
                } else {
                    List<LogRecord> backward = log.readBackward(log.endLsn(), 1 + random.nextInt(5));
                    List<LogRecord> expected = model.from(log.startLsn());
                    for (int i = 0; i < backward.size(); i++) {
                        check(backward.get(i).equals(expected.get(expected.size() - 1 - i)), "readBackward");
                    }
                }
            }
        }

        private void append(LogFile log) {
            int length = fixedSizes ? alignedPayloadBytes() : switch (random.nextInt(6)) {
                case 0 -> random.nextInt(log.geometry().maxPayloadBytes() + 1);
                case 1 -> random.nextInt(sectorSizeBytes);
                default -> random.nextInt(64);
            };
            byte[] payload = new byte[length];
            random.nextBytes(payload);
            try {
                long lsn = log.append(payload);
                model.records.add(new LogRecord(lsn, payload));
                trace("append lsn=" + lsn + " len=" + length + " end=" + log.endLsn());
            } catch (LogFullException e) {
                advance(log);
                writeRestart(log);
            }
        }

        /** Four records fill a page exactly, so page ends are record ends (where a stale page can pass). */
        private int alignedPayloadBytes() {
            return (sectorSizeBytes - LogPageCodec.HEADER_BYTES) / 4 - RecordCodec.HEADER_BYTES;
        }

        private void flush(LogFile log) {
            List<LogRecord> live = model.from(log.startLsn());
            if (live.isEmpty()) {
                return;
            }
            long lsn = random.nextInt(3) == 0 ? live.get(random.nextInt(live.size())).lsn() : live.getLast().lsn();
            trace("flush " + lsn);
            log.flush(lsn);
            trace("flushed " + lsn);
            model.flushedLsn = Math.max(model.flushedLsn, lsn);
            check(log.flushedLsn() >= lsn, "flushedLsn=" + log.flushedLsn() + " after flush(" + lsn + ")");
        }

        private void advance(LogFile log) {
            List<LogRecord> live = model.from(log.startLsn());
            int pick = random.nextInt(live.size() + 1);
            log.advanceStart(pick == live.size() ? log.endLsn() : live.get(pick).lsn());
            trace("advance " + log.startLsn());
        }

        private void writeRestart(LogFile log) {
            byte[] clientData = new byte[random.nextInt(options.maxClientDataBytes() + 1)];
            random.nextBytes(clientData);
            model.inFlight = new RestartArea(log.startLsn(), clientData);
            trace("restart write start=" + log.startLsn());
            log.writeRestartArea(clientData);
            trace("restart written");
            model.completed = model.inFlight;
            model.inFlight = null;
        }
    }

    @Test
    void correctLogSurvivesEveryCrash() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            new Run(seed, LogFault.CORRECT).run();
        }
    }

    @Test
    void regressionSeeds() {
        for (long seed : REGRESSION_SEEDS) {
            new Run(seed, LogFault.CORRECT).run();
        }
    }

    /** Replays one seed: {@code -Dtxstack.seed=N [-Dtxstack.variant=CORRECT]}. Skipped without a seed. */
    @Test
    void replay() {
        String seed = System.getProperty("txstack.seed");
        assumeTrue(seed != null, "no -Dtxstack.seed given");
        new Run(Long.parseLong(seed), LogFault.valueOf(System.getProperty("txstack.variant", "CORRECT")))
                .run();
    }

    /**
     * Proves the checks bite (STYLE 10): each broken variant fails some seed. Not FIXED_LOG_ID: these runs never format
     * over an earlier log, {@link #aFormatOverAnEarlierLogRecoversNoneOfIt} does. Not OPEN_WITHOUT_FLUSH: every crash
     * here is a power loss; the conformance suite's process crashes catch it. Not NO_SLACK: these runs judge what a
     * crash keeps, not where log full falls; the suite's appends sized to the boundary catch it. Not EARLY_WAKE: these
     * runs have one client; {@link LogConcurrentCrashTest} and the suite's concurrent commits catch it. Not
     * READ_ERROR_ENDS_LOG: a power loss never leaves a page unreadable; {@code LogFileTest} and the suite's medium
     * errors on durable sectors catch it. Not START_INSIDE_RECORD_ACCEPTED or START_MOVES_BACK: these runs pass
     * valid LSNs only; the suite's calls the SPI forbids catch them. Not CLOSE_RELEASES_LOG or APPEND_AFTER_CLOSE:
     * these runs never close the log cleanly; the suite's clean close at a workload's end and its calls after it catch
     * them. Not CALLER_ARRAYS_KEPT: these runs never reuse an array they appended; {@code LogFileTest} and the suite,
     * which overwrites every array once its call returned, catch it. Not SCAN_READS_KEPT_TAIL: these runs neither keep
     * pages at open nor scan; the suite, whose binding of txstack keeps them and which scans, catches it. Not
     * LIVE_READS_UNCHECKED: nothing damages the device under an open log here; the suite's rot at a workload's end
     * catches it. Not DAMAGE_TAKEN_FOR_TAIL: nothing here damages a durable page; {@code LogFileTest} and the
     * suite's bit rot before records a later durable write proves durable catch it. Not CLOSE_WITHOUT_FLUSH: these
     * runs never close the log cleanly; the suite's power loss after its clean close catches it. Not
     * FAILED_ROUND_ACKS_WAITERS: these runs flush from one thread, so no flusher waits for a round that fails; the
     * suite's concurrent commits whose flushes meet a device error catch it.
     */
    @ParameterizedTest
    @EnumSource(value = LogFault.class, names = {"CORRECT", "FIXED_LOG_ID", "OPEN_WITHOUT_FLUSH", "NO_SLACK",
        "EARLY_WAKE", "READ_ERROR_ENDS_LOG", "START_INSIDE_RECORD_ACCEPTED", "START_MOVES_BACK",
        "CLOSE_RELEASES_LOG", "APPEND_AFTER_CLOSE", "CALLER_ARRAYS_KEPT", "SCAN_READS_KEPT_TAIL",
        "LIVE_READS_UNCHECKED", "DAMAGE_TAKEN_FOR_TAIL", "CLOSE_WITHOUT_FLUSH", "FAILED_ROUND_ACKS_WAITERS"},
        mode = EnumSource.Mode.EXCLUDE)
    void everyBrokenVariantIsCaught(LogFault variant) {
        String caught = null;
        for (long seed = 1; seed <= VARIANT_SEEDS && caught == null; seed++) {
            try {
                new Run(seed, variant).run();
            } catch (AssertionError | StorageException e) {
                caught = "seed=" + seed + ": " + e;
            }
        }
        assertTrue(caught != null, "no seed caught " + variant);
        System.out.println(variant + " caught at " + caught);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void aLogCrashedRightAfterFormatOpensEmpty(int sectorSizeBytes) {
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int sectors = (int) LogLayout.restartSectors(sectorSizeBytes) + 8;
            CrashingDevice device = new CrashingDevice(sectorSizeBytes, new byte[sectors * sectorSizeBytes],
                    Long.MAX_VALUE);
            long start = LogFile.format(device, LogOptions.defaults()).startLsn();
            device.powerOff();
            byte[] image = device.crashImage(random);
            LogFile log = LogFile.open(new CrashingDevice(sectorSizeBytes, image, Long.MAX_VALUE),
                    LogOptions.defaults());
            assertTrue(log.startLsn() == start && log.endLsn() == start && Arrays.equals(new byte[0],
                    log.readRestartArea().clientData()), "seed=" + seed);
        }
    }

    /** A log formatted over an earlier one (same device, same geometry) never recovers a record of it (LFS-6). */
    @ParameterizedTest
    @EnumSource(value = LogFault.class, names = {"CORRECT", "FIXED_LOG_ID"})
    void aFormatOverAnEarlierLogRecoversNoneOfIt(LogFault variant) {
        int sectorSizeBytes = 512;
        MemoryBlockDevice device = MemoryBlockDevice.create(sectorSizeBytes, LogLayout.restartSectors(sectorSizeBytes)
                + 16);
        LogFile earlier = LogFile.format(device, LogOptions.defaults(), variant);
        byte[] record = new byte[40];
        for (int i = 0; i < 20; i++) {
            record[0] = (byte) i;
            earlier.append(record);
        }
        earlier.flush(earlier.endLsn() - 1);
        LogFile.format(device, LogOptions.defaults(), variant);
        LogFile reopened = LogFile.open(MemoryBlockDevice.of(sectorSizeBytes, device.image()), LogOptions.defaults(),
                variant);
        int records = reopened.readForward(reopened.startLsn(), 100).size();
        assertEquals(variant == LogFault.CORRECT ? 0 : 20, records);
    }

    /**
     * The case the epoch exists for: a page a dead incarnation wrote past the end the next one recovered to (its
     * predecessor page's write was lost) must not rejoin the log once the next incarnation fills that predecessor.
     */
    @ParameterizedTest
    @EnumSource(value = LogFault.class, names = {"CORRECT", "NO_EPOCH"})
    void aPageOfADeadIncarnationPastTheEndNeverRejoins(LogFault variant) {
        int sectorSizeBytes = 512;
        int pageDataBytes = sectorSizeBytes - LogPageCodec.HEADER_BYTES;
        byte[] record = new byte[pageDataBytes / 4 - RecordCodec.HEADER_BYTES];
        long firstLogSector = LogLayout.restartSectors(sectorSizeBytes);
        MemoryBlockDevice device = MemoryBlockDevice.create(sectorSizeBytes, firstLogSector + 8);
        LogOptions options = LogOptions.defaults();
        LogFile first = LogFile.format(device, options, variant);
        first.append(record);
        first.flush(first.append(record));
        byte[] pageOneHalf = device.image();
        for (int i = 0; i < 4; i++) {
            record[0] = 1;
            first.append(record);
        }
        first.flush(first.endLsn() - 1);
        byte[] crashed = pageOneHalf.clone();
        int pageTwo = (int) (firstLogSector + 2) * sectorSizeBytes;
        System.arraycopy(device.image(), pageTwo, crashed, pageTwo, sectorSizeBytes);

        MemoryBlockDevice second = MemoryBlockDevice.of(sectorSizeBytes, crashed);
        LogFile recovered = LogFile.open(second, options, variant);
        assertEquals(2, recovered.readForward(recovered.startLsn(), 100).size());
        record[0] = 2;
        recovered.append(record);
        recovered.flush(recovered.append(record));

        LogFile reopened = LogFile.open(MemoryBlockDevice.of(sectorSizeBytes, second.image()), options, variant);
        int records = reopened.readForward(reopened.startLsn(), 100).size();
        assertEquals(variant == LogFault.CORRECT ? 4 : 6, records);
    }

    /**
     * A process crash (the device's cache survives) then a power loss: what open recovered from the cache must be
     * made durable by open before it builds on it, or the power loss takes back records it reported.
     */
    @Test
    void openMakesWhatItRecoveredDurable() {
        for (long seed = 0; seed < 30; seed++) {
            CrashingDevice crashing = new CrashingDevice(512, new byte[(int) (SMALL_LOG_SECTORS * 512)],
                    Long.MAX_VALUE);
            boolean[] processDies = {false};
            ForwardingDevice dying = new ForwardingDevice(crashing) {
                @Override
                public void flush() {
                    if (processDies[0]) {
                        throw new DiskException("process killed before the flush");
                    }
                    super.flush();
                }
            };
            LogFile first = LogFile.format(dying, LogOptions.defaults());
            first.flush(first.append(new byte[300]));
            for (int i = 0; i < 5; i++) {
                first.append(new byte[300]);
            }
            processDies[0] = true;
            assertThrows(DiskException.class, () -> first.flush(first.endLsn() - 1));
            LogFile second = LogFile.open(crashing, LogOptions.defaults());
            assertEquals(6, second.readForward(second.startLsn(), 100).size());
            crashing.powerOff();
            byte[] image = crashing.crashImage(new SplittableRandom(seed));
            LogFile third = LogFile.open(new CrashingDevice(512, image, Long.MAX_VALUE), LogOptions.defaults());
            assertEquals(6, third.readForward(third.startLsn(), 100).size(), "seed=" + seed);
        }
    }
}
