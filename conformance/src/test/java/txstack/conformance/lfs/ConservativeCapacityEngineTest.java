package txstack.conformance.lfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.explorer.Budget;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Failure;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;
import txstack.model.Bytes;
import txstack.model.lfs.LogBounds;
import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogFullException;
import txstack.spi.lfs.LogRecord;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.LogSpace;
import txstack.spi.lfs.RestartArea;

/**
 * An engine that declares a conservative {@link LogSpace} (worst-case padding per record, half its ring) must pass:
 * the declared capacity is an append contract, and after falling back to an older restart area the engine may show
 * more records than it would hold. The suite used to fail every recovery that showed more than {@code capacity /
 * recordOverhead + 2} records.
 */
class ConservativeCapacityEngineTest {

    /** The old bound: a recovery showing this many records or more was reported as an LFS-6 violation. */
    private static long oldBound(LogBounds space) {
        return space.capacityBytes() / space.recordOverheadBytes() + 2;
    }

    /**
     * Written from the SPI alone: the txstack log underneath, and a declared space of half its usable capacity with a
     * per-record overhead padded to twice the real one plus 64 bytes. It keeps the append contract for what it
     * declares by counting the live records (from the durable start) at the declared cost.
     */
    static final class Conservative implements LogEngine {
        private static final int PADDING_BYTES = 64;
        private final LogEngine log;
        /** The most records one readForward returned, over every service: did a recovery show many? */
        final AtomicInteger mostRecordsShown = new AtomicInteger();

        Conservative() {
            this(new TxstackLogEngine());
        }

        /** Declares a conservative space over {@code log}, which keeps its own records. */
        Conservative(LogEngine log) {
            this.log = log;
        }

        @Override
        public String name() {
            return "conservative-capacity";
        }

        @Override
        public LogSpace space(Devices devices) {
            LogSpace real = log.space(devices);
            long capacityBytes = (real.capacityBytes() - real.slackBytes()) / 2;
            int overheadBytes = real.recordOverheadBytes() * 2 + PADDING_BYTES;
            int maxPayloadBytes = (int) Math.min(real.maxPayloadBytes(), capacityBytes / 4 - overheadBytes);
            return new LogSpace(capacityBytes, overheadBytes, 0, maxPayloadBytes, real.maxClientDataBytes());
        }

        @Override
        public LogService format(Devices devices) {
            return new Service(log.format(devices), space(devices), this);
        }

        @Override
        public LogService open(Devices devices) {
            return new Service(log.open(devices), space(devices), this);
        }
    }

    /** The txstack service, refusing appends beyond the declared capacity. */
    private static final class Service implements LogService {
        private final LogService log;
        private final LogSpace declared;
        private final Conservative engine;
        /** Declared cost of each live record, by LSN, from the durable start. */
        private final TreeMap<Long, Long> costs = new TreeMap<>();

        Service(LogService log, LogSpace declared, Conservative engine) {
            this.log = log;
            this.declared = declared;
            this.engine = engine;
            for (LogRecord r : log.readForward(log.readRestartArea().startLsn(), Integer.MAX_VALUE)) {
                costs.put(r.lsn(), cost(r.payload().length));
            }
        }

        private long cost(int payloadBytes) {
            return payloadBytes + (long) declared.recordOverheadBytes();
        }

        @Override
        public long append(byte[] payload) {
            if (payload.length > declared.maxPayloadBytes()) {
                throw new IllegalArgumentException("conservative: payload of " + payload.length + " bytes, the largest "
                        + "is " + declared.maxPayloadBytes());
            }
            long live = costs.values().stream().mapToLong(Long::longValue).sum();
            if (live + cost(payload.length) > declared.capacityBytes()) {
                throw new LogFullException("conservative: live=" + live + " record=" + cost(payload.length)
                        + " capacity=" + declared.capacityBytes());
            }
            long lsn = log.append(payload);
            costs.put(lsn, cost(payload.length));
            return lsn;
        }

        @Override
        public void writeRestartArea(byte[] clientData) {
            log.writeRestartArea(clientData);
            costs.headMap(log.readRestartArea().startLsn()).clear();
        }

        @Override
        public List<LogRecord> readForward(long fromLsn, int maxRecords) {
            List<LogRecord> records = log.readForward(fromLsn, maxRecords);
            engine.mostRecordsShown.accumulateAndGet(records.size(), Math::max);
            return records;
        }

        @Override
        public void flush(long lsn) {
            log.flush(lsn);
        }

        @Override
        public void advanceStart(long lsn) {
            log.advanceStart(lsn);
        }

        @Override
        public RestartArea readRestartArea() {
            return log.readRestartArea();
        }

        @Override
        public long startLsn() {
            return log.startLsn();
        }

        @Override
        public long endLsn() {
            return log.endLsn();
        }

        @Override
        public List<LogRecord> readBackward(long fromLsn, int maxRecords) {
            return log.readBackward(fromLsn, maxRecords);
        }

        @Override
        public void close() {
            log.close();
        }
    }

    /**
     * The case the old bound refused, driven step by step: the log filled to its declared capacity with tiny records,
     * all of them released and a restart area written, then filled again. A crash image whose newest restart copy is
     * corrupted makes the engine fall back to the older one, and read forward from it, both fills: about twice what
     * the declared capacity holds. Only the records' content is judged (DISK-4), never their number.
     */
    @Test
    void fallingBackToTheOlderRestartAreaMayShowMoreThanTheDeclaredCapacity() {
        Conservative engine = new Conservative();
        LfsDevice device = LfsDevice.defaults(512);
        LogBounds declared = LfsSuite.geometryOf(engine, device);
        int fill = (int) (declared.capacityBytes() / (declared.recordOverheadBytes() + 2));
        List<LfsStep> steps = new ArrayList<>();
        for (int i = 0; i < fill; i++) {
            steps.add(new LfsStep.Append(Bytes.of(new byte[] {1, (byte) i})));
        }
        steps.add(new LfsStep.Flush(1000));
        steps.add(new LfsStep.AdvanceStart(1000));
        steps.add(new LfsStep.WriteRestartArea(Bytes.of(new byte[] {7})));
        for (int i = 0; i < fill; i++) {
            steps.add(new LfsStep.Append(Bytes.of(new byte[] {2, (byte) i})));
        }
        steps.add(new LfsStep.Flush(1000));
        Stats stats = new Stats();
        // Many bit-rot images per crash point, so some hit the newest restart copy.
        ExplorerOptions options = ExplorerOptions.builder(Mode.EXHAUSTIVE).seed(1).workloads(1).jobs(1)
                .timeLimit(LfsTesting.TIME_LIMIT).faultImagesPerPoint(64).build();
        CaseContext context = new CaseContext(options, 1, stats, Budget.unlimited(stats));
        Optional<Failure<LfsStep>> failure = new LfsSuite(engine, device, Mode.EXHAUSTIVE).run(steps, 1, context);
        assertTrue(failure.isEmpty(), () -> failure.orElseThrow().trace());
        assertTrue(engine.mostRecordsShown.get() >= oldBound(declared), "the fall-back never showed more than the "
                + "old bound: " + engine.mostRecordsShown.get() + " < " + oldBound(declared));
    }

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors, {2} workloads")
    @CsvSource({
        "RANDOM,     512,  30",
        "RANDOM,     4096, 30",
        "EXHAUSTIVE, 512,  60",
    })
    void passes(Mode mode, int sectorSize, int workloads) {
        Conservative engine = new Conservative();
        LfsDevice device = LfsDevice.defaults(sectorSize);
        ExplorationResult<LfsStep> result = LfsTesting.run(engine, device, LfsTesting.options(mode, 1, workloads));
        assertTrue(result.passed(), () -> "false alarm: " + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted());
        System.out.printf("conservative engine, %s %d: at most %d records shown, old bound %d%n", mode, sectorSize,
                engine.mostRecordsShown.get(), oldBound(LfsSuite.geometryOf(engine, device)));
    }
}
