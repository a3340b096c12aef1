package txstack.conformance.lfs;

import java.util.ArrayList;
import txstack.spi.disk.Devices;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.CrashImage;
import txstack.conformance.disk.CrashPoint;
import txstack.conformance.disk.DeviceOp;
import txstack.conformance.disk.LimitExceededException;
import txstack.conformance.disk.SimulatedDisk;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.Failure;
import txstack.conformance.explorer.Seeds;
import txstack.conformance.explorer.Stats;
import txstack.conformance.explorer.Violation;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogFullException;
import txstack.spi.lfs.LogRecord;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.RestartArea;
import txstack.model.Bytes;
import txstack.model.lfs.LogBounds;
import txstack.model.lfs.LogState;
import txstack.model.lfs.Operation;
import txstack.model.lfs.Record;
import txstack.model.lfs.Restart;

/**
 * One workload run against an engine and the model side by side (LFS-2..6): every step's result is compared with
 * the model's; every crash point of every incarnation is explored (its images recovered and judged against
 * {@link txstack.model.lfs.CrashedLog#recoveries()}); an explicit crash step picks one crash state, recovers and
 * goes on from the model state recovery matched. Single use.
 */
final class LfsRun {
    private static final long RECORDED_BYTES_MAX = 256L << 20;

    /** The exploration's limits were hit: stop quietly. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private final LogEngine engine;
    private final LfsDevice device;
    private final LogBounds geometry;
    private final List<LfsStep> steps;
    private final CaseContext context;
    private final RecoveryCheck recovery;
    private final StringBuilder trace = new StringBuilder();
    /** Sectors written by client steps other than restart writes: the log area, as far as the suite can tell. */
    private final Set<Long> logSectors = new HashSet<>();
    private final List<Restart> restartsWritten = new ArrayList<>();
    private final Map<Bytes, String> everWritten = new HashMap<>();
    private int formatOps;
    private Segment segment;
    private LogService service;
    private LogState model;

    LfsRun(LogEngine engine, LfsDevice device, LogBounds geometry, List<LfsStep> steps, CaseContext context) {
        this.engine = engine;
        this.device = device;
        this.geometry = geometry;
        this.steps = List.copyOf(steps);
        this.context = context;
        this.recovery = new RecoveryCheck(engine, context, geometry, everWritten);
    }

    Optional<Failure<LfsStep>> execute() {
        Object where = "format";
        Object what = "";
        try {
            start();
            for (int i = 0; i < steps.size(); i++) {
                if (context.exhausted()) {
                    return Optional.empty();
                }
                where = i;
                what = steps.get(i);
                step(i, steps.get(i));
            }
            where = "end";
            what = "crash states of the last incarnation";
            explore(segment);
            return Optional.empty();
        } catch (ViolationFound v) {
            line(where, what, "!! " + v.violation.property() + ": " + v.violation.summary());
            return Optional.of(new Failure<>(v.violation, steps, trace.toString(), v.replay));
        } catch (Stop stop) {
            return Optional.empty();
        } finally {
            if (service != null) {
                RecoveryCheck.closeQuietly(service);
            }
        }
    }

    // ---- format ----

    private void start() {
        SimulatedDisk disk = new SimulatedDisk(CrashImage.blank(device.sectorSizeBytes(), device.sectorCount()),
                RECORDED_BYTES_MAX);
        try {
            service = engine.format(Devices.one(Devices.LOG, disk));
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot format a blank device of "
                    + device.sectorCount() + " sectors of " + device.sectorSizeBytes() + " bytes: " + e, e);
        }
        formatOps = disk.opCount();
        model = LogState.formatted(geometry);
        LsnMap map = new LsnMap();
        RestartArea restart = service.readRestartArea();
        map.position(LogState.FIRST_LSN, restart.startLsn());
        map.position(LogState.FIRST_LSN, service.endLsn());
        restartsWritten.add(model.restart());
        segment = new Segment(0, disk, null, map, new HashMap<>());
        segment.add(new Segment.StepRun(-1, "format", Segment.Kind.FORMAT, 0, formatOps, model, model, null, true));
        if (restart.clientData().length != 0 || service.startLsn() != restart.startLsn()) {
            throw new ViolationFound("LFS-2", "a freshly formatted log does not start at its restart area's start "
                    + "with empty client data", "observed: " + restart + " startLsn()=" + service.startLsn());
        }
        line("format", formatOps + " device ops; start = engine LSN " + restart.startLsn() + "; capacity "
                + geometry.capacityBytes() + " bytes, record overhead " + geometry.recordOverheadBytes()
                + ", slack " + geometry.slackBytes() + ", max payload " + geometry.maxPayloadBytes());
    }

    // ---- one step ----

    private void step(int index, LfsStep step) {
        int opFrom = segment.disk.opCount();
        LogState before = model;
        context.stats().increment(Stats.Counter.STEPS);
        if (step instanceof LfsStep.Crash crash) {
            crash(index, crash);
            return;
        }
        Operation inFlight = switch (step) {
            case LfsStep.Append a -> append(index, step, a.payload());
            case LfsStep.AppendByLsn a -> append(index, step, LfsWorkloads.payloadByLsn(model.nextLsn(),
                    a.sizeBytes()));
            case LfsStep.Flush f -> flush(index, step, f.permille());
            case LfsStep.AdvanceStart s -> advanceStart(index, step, s.permille());
            case LfsStep.WriteRestartArea w -> writeRestartArea(index, step, w.clientData());
            case LfsStep.ReadForward r -> readForward(index, step, r.permille(), r.maxRecords());
            case LfsStep.ReadBackward r -> readBackward(index, step, r.permille(), r.maxRecords());
            case LfsStep.Crash c -> throw new IllegalStateException("unreachable");
        };
        int opTo = segment.disk.opCount();
        boolean restartStep = step instanceof LfsStep.WriteRestartArea;
        segment.add(new Segment.StepRun(index, step.toString(), Segment.Kind.CLIENT, opFrom, opTo, before, model,
                inFlight, restartStep));
        if (!restartStep) {
            for (int op = opFrom; op < opTo; op++) {
                if (segment.disk.op(op) instanceof DeviceOp.Write w) {
                    for (long s = w.firstSector(); s <= w.lastSector(); s++) {
                        logSectors.add(s);
                    }
                }
            }
        }
        afterStep(index);
    }

    /** After every step: the engine's end and start agree with the model's (LFS-3, LFS-4). */
    private void afterStep(int index) {
        long end = call(index, "endLsn", () -> service.endLsn());
        requireAbove(end, segment.map.engineRecord(model.nextLsn() - 1), index);
        segment.map.position(model.nextLsn(), end);
        long start = call(index, "startLsn", () -> service.startLsn());
        if (start != segment.map.toEngine(model.startLsn())) {
            throw new ViolationFound("LFS-4", "the log's start is not where the client moved it",
                    "after step " + index + ": startLsn()=" + start + ", expected " + segment.map.describe(
                            model.startLsn()));
        }
    }

    private Operation append(int index, LfsStep step, Bytes payload) {
        int length = payload.length();
        boolean may = model.mayAppend(length);
        boolean must = model.mustAppend(length);
        String room = "live bytes " + model.liveBytes() + " + record " + geometry.costOf(length) + " vs capacity "
                + geometry.capacityBytes() + " (slack " + geometry.slackBytes() + ")";
        long expectedLsn = call(index, "endLsn", () -> service.endLsn());
        long lsn;
        try {
            lsn = service.append(payload.toArray());
        } catch (LogFullException e) {
            if (must) {
                throw new ViolationFound("LFS-5", "the engine reported log full although the record fits",
                        "step " + index + " (" + step + "): " + room + "\n  engine: " + e.getMessage());
            }
            context.stats().checked("LFS-5");
            line(index, step, "log full (allowed: " + room + ")");
            return null;
        } catch (RuntimeException e) {
            throw failed(index, step, e);
        }
        if (!may) {
            throw new ViolationFound("LFS-5", "an append succeeded although it does not fit: the log must report "
                    + "full, not overwrite a record at or after the durable start", "step " + index + " (" + step
                    + "): " + room + ", durable start " + segment.map.describe(model.restart().startLsn())
                    + "; the engine returned LSN " + lsn);
        }
        if (!must) {
            context.stats().checked("LFS-5");
        }
        if (lsn != expectedLsn) {
            throw new ViolationFound("LFS-4", "an append did not get the LSN endLsn() announced",
                    "step " + index + " (" + step + "): endLsn() was " + expectedLsn + ", append returned " + lsn);
        }
        requireAbove(lsn, segment.map.engineRecord(model.nextLsn() - 1), index);
        context.stats().checked("LFS-3");
        model = model.append(payload);
        segment.map.record(model.nextLsn() - 1, lsn);
        segment.written.put(model.nextLsn() - 1, payload);
        everWritten.putIfAbsent(payload, "model LSN " + (model.nextLsn() - 1) + " in incarnation " + segment.index);
        line(index, step, "model LSN " + (model.nextLsn() - 1) + " = engine LSN " + lsn + (must ? "" : " (" + room
                + ")"));
        return new Operation.Append(payload);
    }

    private Operation flush(int index, LfsStep step, int permille) {
        if (model.startLsn() >= model.nextLsn()) {
            line(index, step, "skipped: no record at or after the start");
            return null;
        }
        long lsn = at(model.startLsn(), model.nextLsn() - 1, permille);
        long engineLsn = segment.map.toEngine(lsn);
        run(index, step, () -> service.flush(engineLsn));
        model = model.flush(lsn);
        line(index, step, "through model LSN " + lsn + " = engine LSN " + engineLsn);
        return new Operation.Flush(lsn);
    }

    private Operation advanceStart(int index, LfsStep step, int permille) {
        long lsn = at(model.startLsn(), model.nextLsn(), permille);
        long engineLsn = segment.map.toEngine(lsn);
        run(index, step, () -> service.advanceStart(engineLsn));
        model = model.advanceStart(lsn);
        line(index, step, "to model LSN " + lsn + " = engine LSN " + engineLsn + (lsn == model.nextLsn() ? " (the end)"
                : ""));
        return new Operation.AdvanceStart(lsn);
    }

    private Operation writeRestartArea(int index, LfsStep step, Bytes clientData) {
        run(index, step, () -> service.writeRestartArea(clientData.toArray()));
        model = model.writeRestartArea(clientData);
        if (!restartsWritten.contains(model.restart())) {
            restartsWritten.add(model.restart());
        }
        RestartArea read = call(index, "readRestartArea", () -> service.readRestartArea());
        RestartArea expected = new RestartArea(segment.map.toEngine(model.restart().startLsn()), clientData.toArray());
        if (!read.equals(expected)) {
            throw new ViolationFound("LFS-2", "the restart area read back is not the one just written",
                    "step " + index + ": wrote " + expected + ", read " + read);
        }
        context.stats().checked("LFS-2");
        line(index, step, "start model LSN " + model.restart().startLsn() + " = engine LSN " + expected.startLsn());
        return new Operation.WriteRestartArea(clientData);
    }

    private Operation readForward(int index, LfsStep step, int permille, int maxRecords) {
        long from = at(model.startLsn(), model.nextLsn(), permille);
        long engineFrom = segment.map.toEngine(from);
        List<LogRecord> got = call(index, step.toString(), () -> service.readForward(engineFrom, maxRecords));
        compareRead(index, step, model.readForward(from, maxRecords), got);
        line(index, step, "from model LSN " + from + ": " + got.size() + " records as expected");
        return new Operation.ReadForward(from, maxRecords);
    }

    private Operation readBackward(int index, LfsStep step, int permille, int maxRecords) {
        if (model.startLsn() >= model.nextLsn()) {
            line(index, step, "skipped: no record at or after the start");
            return null;
        }
        long from = at(model.startLsn(), model.nextLsn() - 1, permille);
        long engineFrom = segment.map.toEngine(from);
        List<LogRecord> got = call(index, step.toString(), () -> service.readBackward(engineFrom, maxRecords));
        compareRead(index, step, model.readBackward(from, maxRecords), got);
        line(index, step, "from model LSN " + from + ": " + got.size() + " records as expected");
        return new Operation.ReadBackward(from, maxRecords);
    }

    private void compareRead(int index, LfsStep step, List<Record> expected, List<LogRecord> got) {
        boolean same = expected.size() == got.size();
        for (int i = 0; same && i < got.size(); i++) {
            Record e = expected.get(i);
            same = e.payload().equals(Bytes.of(got.get(i).payload()))
                    && segment.map.toEngine(e.lsn()) == got.get(i).lsn();
        }
        if (!same) {
            throw new ViolationFound("LFS-4", "a read returned other records than the model's",
                    "step " + index + " (" + step + "): expected " + describe(expected) + "\n  got " + got);
        }
        context.stats().checked("LFS-4");
    }

    private String describe(List<Record> records) {
        List<String> out = new ArrayList<>();
        for (Record r : records) {
            out.add(segment.map.describe(r.lsn()) + " " + r.payload());
        }
        return out.toString();
    }

    // ---- crashes ----

    private void crash(int index, LfsStep.Crash step) {
        explore(segment);
        int lowest = segment.index == 0 ? formatOps - 1 : -1;
        int op = Math.max(lowest, segment.disk.opCount() - 1 - step.cutOps());
        CrashPoint point = segment.disk.crashPointAfter(op);
        Expectation expected = segment.expectationAt(point);
        int[] choice = switch (step.image()) {
            case ImageSpec.AllLost a -> point.allLost();
            case ImageSpec.AllLanded a -> point.allLanded();
            case ImageSpec.Random r -> point.randomChoice(Seeds.random(r.seed()));
        };
        String evidence = RecoveryCheck.evidence(expected, point, choice, "crash");
        service = null; // power lost: the old incarnation is abandoned, not closed (closing would write)
        SimulatedDisk disk = new SimulatedDisk(point.image(choice), RECORDED_BYTES_MAX);
        RecoveryCheck.Recovered recovered;
        try {
            recovered = recovery.recover(disk, expected);
        } catch (ViolationFound v) {
            throw v.at(evidence, recovery.replay(point, choice, expected));
        }
        context.stats().increment(Stats.Counter.EXPLICIT_CRASHES);
        context.stats().increment(Stats.Counter.CRASH_STATES);
        service = recovered.service();
        model = recovered.state();
        if (!restartsWritten.contains(model.restart())) {
            restartsWritten.add(model.restart());
        }
        segment = new Segment(segment.index + 1, disk, expected, recovered.map(), recovered.written());
        segment.add(new Segment.StepRun(index, "recovery", Segment.Kind.RECOVER, 0, recovered.recoveryOps(), model,
                model, null, true));
        line(index, step, expected.where() + "; persisted: " + point.describe(choice) + "; recovered: restart start "
                + segment.map.describe(model.restart().startLsn()) + ", records through model LSN "
                + (model.nextLsn() - 1) + " (" + recovered.recoveryOps() + " device ops)");
    }

    /** Checks the crash points of one incarnation (all of them, or a sample), each with several images. */
    private void explore(Segment seg) {
        context.stats().add(Stats.Counter.DEVICE_OPS, seg.disk.opCount());
        // Moments of power loss as (op, during) pairs, sampled before any is built (building one replays the log).
        List<long[]> moments = new ArrayList<>();
        int from = seg.index == 0 ? formatOps : 0;
        if (seg.index == 0) {
            moments.add(new long[] {formatOps - 1, 0});
        }
        for (int op = from; op < seg.disk.opCount(); op++) {
            if (seg.disk.op(op) instanceof DeviceOp.Write w && w.forceUnitAccess()) {
                moments.add(new long[] {op, 1});
            }
            moments.add(new long[] {op, 0});
        }
        for (long[] moment : context.sampleCrashPoints(moments, seg.index, 0x5EED)) {
            if (context.exhausted()) {
                throw new Stop();
            }
            CrashPoint point = moment[1] == 1 ? seg.disk.crashPointDuring((int) moment[0])
                    : seg.disk.crashPointAfter((int) moment[0]);
            Expectation expected = seg.expectationAt(point);
            if (expected == null) {
                continue;
            }
            context.stats().increment(Stats.Counter.CRASH_POINTS);
            long during = point.during() ? 1 : 0;
            List<int[]> choices = context.imageChoices(point, seg.index, point.opIndex(), during);
            for (int k = 0; k < choices.size(); k++) {
                int[] choice = choices.get(k);
                context.stats().increment(Stats.Counter.CRASH_STATES);
                try {
                    recovery.check(point.image(choice), expected, context.crashDuringRecovery(k), seg.index,
                            point.opIndex(), during, k);
                } catch (ViolationFound v) {
                    throw v.at(RecoveryCheck.evidence(expected, point, choice, "crash"),
                            recovery.replay(point, choice, expected));
                }
            }
            faults(seg, point, expected, choices);
        }
    }

    private void faults(Segment seg, CrashPoint point, Expectation expected, List<int[]> choices) {
        int op = point.opIndex();
        boolean openWrite = seg.disk.op(op) instanceof DeviceOp.Write w && (point.during() || !w.forceUnitAccess());
        if (openWrite && seg.isRestartCopyWrite(op, logSectors)) {
            unreadableRestartCopy(seg, point, expected, choices.getFirst());
        }
        long during = point.during() ? 1 : 0;
        for (int f = 0; f < context.faultImagesPerPoint(); f++) {
            RandomGenerator random = context.random(seg.index, op, during, 1_000 + f);
            int[] choice = choices.get(random.nextInt(choices.size()));
            List<Long> written = new ArrayList<>(point.image(choice).sectors().keySet());
            if (written.isEmpty()) {
                continue;
            }
            written.sort(null);
            long sector = written.get(random.nextInt(written.size()));
            int offset = random.nextInt(device.sectorSizeBytes());
            int mask = 1 << random.nextInt(8);
            String fault = "fault: bit rot, byte " + offset + " of sector " + sector + " xor 0x"
                    + Integer.toHexString(mask) + " (DISK-4)";
            context.stats().increment(Stats.Counter.FAULT_STATES);
            context.stats().increment(Stats.Counter.CRASH_STATES);
            Function<int[], Optional<Violation>> check = c -> {
                try {
                    recovery.checkCorrupted(point.image(c).withCorruptedByte(sector, offset, mask), expected,
                            restartsWritten);
                    return Optional.empty();
                } catch (ViolationFound v) {
                    return Optional.of(ViolationFound.prefixed(v.violation,
                            RecoveryCheck.evidence(expected, point, c, "crash") + "\n" + fault));
                }
            };
            Optional<Violation> violation = check.apply(choice);
            if (violation.isPresent()) {
                throw new ViolationFound(violation.get(), Optional.of(RecoveryCheck.replayOf(choice, check)));
            }
        }
    }

    /**
     * LFS-2 with a failed write: the restart-copy write in flight failed and left its sectors unreadable. The
     * other copy must still give the last restart area written completely.
     */
    private void unreadableRestartCopy(Segment seg, CrashPoint point, Expectation expected, int[] choice) {
        DeviceOp.Write w = (DeviceOp.Write) seg.disk.op(point.opIndex());
        Set<Long> sectors = new HashSet<>();
        for (long s = w.firstSector(); s <= w.lastSector(); s++) {
            sectors.add(s);
        }
        String fault = "fault: restart-copy write #" + w.index() + " failed and left sectors " + w.firstSector()
                + ".." + w.lastSector() + " unreadable (DISK-4)";
        context.stats().increment(Stats.Counter.FAULT_STATES);
        context.stats().increment(Stats.Counter.CRASH_STATES);
        Function<int[], Optional<Violation>> check = c -> {
            try {
                recovery.check(point.image(c).withUnreadable(sectors), expected, false);
                return Optional.empty();
            } catch (ViolationFound v) {
                Violation relabelled = new Violation("LFS-2", "with one restart copy unreadable, recovery lost the "
                        + "restart area (" + v.violation.property() + ": " + v.violation.summary() + ")",
                        v.violation.details());
                return Optional.of(ViolationFound.prefixed(relabelled,
                        RecoveryCheck.evidence(expected, point, c, "crash") + "\n" + fault));
            }
        };
        Optional<Violation> violation = check.apply(choice);
        if (violation.isPresent()) {
            throw new ViolationFound(violation.get(), Optional.of(RecoveryCheck.replayOf(choice, check)));
        }
        context.stats().checked("LFS-2");
    }

    // ---- helpers ----

    private static long at(long lo, long hi, int permille) {
        return lo + (hi - lo) * Math.clamp(permille, 0, 1000) / 1000;
    }

    private void run(int index, LfsStep step, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            throw failed(index, step, e);
        }
    }

    private <T> T call(int index, String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            if (e instanceof LimitExceededException) {
                throw e;
            }
            throw new ViolationFound("LFS-4", what + " failed", "step " + index + ": " + e);
        }
    }

    private ViolationFound failed(int index, LfsStep step, RuntimeException e) {
        if (e instanceof LimitExceededException limit) {
            throw limit;
        }
        return new ViolationFound("LFS-4", step.getClass().getSimpleName() + " failed on a valid call",
                "step " + index + " (" + step + "): " + e);
    }

    private void line(Object index, Object step, String outcome) {
        trace.append(String.format("%4s  %-44s %s%n", index, step, outcome));
    }

    private void line(String what, String outcome) {
        line("", what, outcome);
    }

    /** LSNs only grow (LFS-3): {@code lsn} must be above the previous record's. */
    private static void requireAbove(long lsn, OptionalLong previous, int index) {
        if (previous.isPresent() && lsn <= previous.getAsLong()) {
            throw new ViolationFound("LFS-3", "an LSN is not above the previous record's",
                    "step " + index + ": LSN " + lsn + " after record LSN " + previous.getAsLong());
        }
    }
}
