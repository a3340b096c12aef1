package txstack.conformance.lfs;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.CrashImage;
import txstack.conformance.disk.DeviceOp;
import txstack.conformance.disk.LimitExceededException;
import txstack.conformance.disk.SimulatedDisk;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.CrashAt;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.FaultPoint;
import txstack.conformance.explorer.LayerRun;
import txstack.conformance.explorer.PowerLoss;
import txstack.conformance.explorer.Recovery;
import txstack.conformance.explorer.Seeds;
import txstack.conformance.explorer.Span;
import txstack.conformance.explorer.Stats;
import txstack.conformance.explorer.StepOutcome;
import txstack.conformance.explorer.Violated;
import txstack.conformance.explorer.Violation;
import txstack.conformance.rig.CrashCut;
import txstack.conformance.rig.Moment;
import txstack.conformance.rig.Rig;
import txstack.conformance.rig.RigDisk;
import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogFullException;
import txstack.spi.lfs.LogRecord;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.RestartArea;
import txstack.model.Bytes;
import txstack.model.ModelException;
import txstack.model.lfs.LogBounds;
import txstack.model.lfs.LogState;
import txstack.model.lfs.Operation;
import txstack.model.lfs.Record;
import txstack.model.lfs.Restart;

/**
 * The LFS suite's side of one workload (LFS-2..6): the log lives alone on the rig's {@code log} disk; every step's
 * result is compared with the model's; a crash at any moment of an incarnation is judged against {@link
 * txstack.model.lfs.CrashedLog#recoveries()}; an explicit crash step recovers from one crash state and goes on from
 * the model state recovery matched. The crash sweep, crashes during recovery, evidence and replays are the shared
 * {@link txstack.conformance.explorer.WorkloadRun}'s. Single use.
 */
final class LfsLayer implements LayerRun<LfsStep, Expectation> {
    /**
     * The tag of a writeRestartArea step: its last device write is the restart-area copy it writes, as {@link
     * LogService#writeRestartArea} documents.
     */
    private static final String WRITES_RESTART = "writes the restart area";
    /** The tag of the format: what its writes hold the SPI does not say. */
    private static final String FORMATS = "formats the log";

    private final LogEngine engine;
    private final LfsDevice device;
    private final LogBounds geometry;
    private final EarlierLog earlierLog;
    private final LfsSuite.Checks checks;
    private final CaseContext context;
    private final RecoveryCheck recovery;
    /** The engine claims {@link txstack.spi.lfs.LogCapabilities#provesDurability()}: rot in the middle is checked. */
    private final boolean provesDurability;
    /** Sectors written by client steps other than restart writes: the log area, as far as the suite can tell. */
    private final Set<Long> logSectors = new HashSet<>();
    /** Sectors written by restart-area steps (the restart copies among them). */
    private final Set<Long> restartStepSectors = new HashSet<>();
    /** The running incarnation's journal entries issued by client steps other than restart writes. */
    private BitSet clientEntries = new BitSet();
    /** When the running incarnation's engine had acknowledged records as durable, in order (see {@link Acked}). */
    private List<Acked> acked = new ArrayList<>();
    private final List<Restart> restartsWritten = new ArrayList<>();
    private final Map<Bytes, String> everWritten = new HashMap<>();
    private Rig rig;
    private int incarnation;
    private LogService service;
    private LogState model;
    /** LSN names of the running incarnation, and its lineage's payloads by model LSN. */
    private LsnMap map;
    private Map<Long, Bytes> written;
    private String outcome;
    /** A device error is armed for the attempt running: an exception from the engine is allowed, not a violation. */
    private boolean errorArmed;
    /** The engine raised a device error: it is not used again until a crash step opens the log anew. */
    private boolean dropped;
    /** What a power loss during the step running may recover, when the step says it (a concurrent commit). */
    private Function<CrashAt, List<LogState>> stepAllowed;

    LfsLayer(LogEngine engine, LfsDevice device, LogBounds geometry, EarlierLog earlierLog, LfsSuite.Checks checks,
             CaseContext context) {
        this.engine = engine;
        this.device = device;
        this.geometry = geometry;
        this.earlierLog = earlierLog;
        this.checks = checks;
        this.context = context;
        this.recovery = new RecoveryCheck(engine, context, everWritten);
        this.provesDurability = engine.capabilities().provesDurability();
    }

    // ---- format ----

    @Override
    public Start<Expectation> start() {
        rig = new Rig();
        rig.add(Devices.LOG, "machine", earlierLog.image());
        try {
            service = engine.format(rig.devices());
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot format a device of "
                    + device.sectorCount() + " sectors of " + device.sectorSizeBytes() + " bytes that held "
                    + earlierLog + ": " + e, e);
        }
        int formatOps = rig.size();
        acked = new ArrayList<>();
        model = LogState.formatted(geometry);
        map = new LsnMap();
        written = new HashMap<>();
        RestartArea restart = service.readRestartArea();
        map.position(LogState.FIRST_LSN, restart.startLsn());
        map.position(LogState.FIRST_LSN, service.endLsn());
        restartsWritten.add(model.restart());
        if (restart.clientData().length != 0 || service.startLsn() != restart.startLsn()) {
            throw new Violated(Requirement.LFS_2, "a freshly formatted log does not start at its restart area's start "
                    + "with empty client data", "observed: " + restart + " startLsn()=" + service.startLsn());
        }
        LogState formatted = model;
        LsnMap formatMap = map;
        Map<Long, Bytes> formatWritten = written;
        Span<Expectation> setup = new Span<>(-1, "format", 0, formatOps,
                at -> new Expectation(List.of(formatted), formatMap, formatWritten), true, true, FORMATS);
        context.stats().increment(Stats.Counter.FORMATS_OVER_EARLIER_LOG);
        return new Start<>(rig, setup, "over " + earlierLog + ": " + formatOps + " device ops; start = engine LSN " + restart.startLsn()
                + "; capacity " + geometry.capacityBytes() + " bytes, record overhead "
                + geometry.recordOverheadBytes() + ", slack " + geometry.slackBytes() + ", max payload "
                + geometry.maxPayloadBytes());
    }

    // ---- one step ----

    @Override
    public Optional<PowerLoss> powerLoss(LfsStep step) {
        return switch (step) {
            case LfsStep.Crash crash -> Optional.of(new PowerLoss(crash.cutOps(), crash.image()::choose));
            case LfsStep.ProcessCrash crash -> Optional.of(PowerLoss.processCrash(crash.cutOps()));
            default -> Optional.empty();
        };
    }

    @Override
    public boolean applicable(LfsStep step) {
        return !dropped || step instanceof LfsStep.Crash || step instanceof LfsStep.ProcessCrash;
    }

    @Override
    public StepOutcome<Expectation> step(int index, LfsStep step) {
        int from = rig.size();
        LogState before = model;
        outcome = "";
        stepAllowed = null;
        Operation inFlight = attempt(index, step);
        boolean restartStep = step instanceof LfsStep.WriteRestartArea
                || step instanceof LfsStep.DeviceError d && d.attempt() instanceof LfsStep.WriteRestartArea;
        if (!restartStep) {
            for (int e = from; e < rig.size(); e++) {
                if (rig.entry(e).disk().simulated().op(rig.entry(e).opIndex()) instanceof DeviceOp.Write w) {
                    clientEntries.set(e);
                    for (long s = w.firstSector(); s <= w.lastSector(); s++) {
                        logSectors.add(s);
                    }
                }
            }
        } else {
            for (int e = from; e < rig.size(); e++) {
                if (rig.entry(e).disk().simulated().op(rig.entry(e).opIndex()) instanceof DeviceOp.Write w) {
                    restartStepSectors.addAll(sectorsOf(w));
                }
            }
        }
        if (!dropped) {
            acknowledged(rig.size(), model.flushedLsn());
        }
        LogState after = model;
        LsnMap stepMap = map;
        Map<Long, Bytes> stepWritten = written;
        Function<CrashAt, Expectation> allowed;
        if (stepAllowed != null) {
            Function<CrashAt, List<LogState>> states = stepAllowed;
            allowed = at -> new Expectation(states.apply(at), stepMap, stepWritten);
        } else if (dropped) {
            // The engine gave up in the middle of the attempt: at every moment of it the attempt was in flight.
            List<LogState> inDoubt = inFlight == null ? before.crash().recoveries()
                    : before.crashDuring(inFlight).recoveries();
            allowed = at -> new Expectation(inDoubt, stepMap, stepWritten);
        } else {
            allowed = at -> new Expectation(allowed(before, after, inFlight, at.last()), stepMap, stepWritten);
        }
        return new StepOutcome<>(outcome, allowed, restartStep ? WRITES_RESTART : null);
    }

    /** Runs one client step on the engine and the model; returns the operation it was (null if none). */
    private Operation attempt(int index, LfsStep step) {
        return switch (step) {
            case LfsStep.Append a -> append(index, step, a.payload());
            case LfsStep.AppendByLsn a -> append(index, step, LfsWorkloads.payloadByLsn(model.nextLsn(),
                    a.sizeBytes()));
            case LfsStep.AppendToFill a -> append(index, step, fill(a));
            case LfsStep.Flush f -> flush(index, step, f.permille());
            case LfsStep.AdvanceStart s -> advanceStart(index, step, s.permille());
            case LfsStep.WriteRestartArea w -> writeRestartArea(index, step, w.clientData());
            case LfsStep.ReadForward r -> readForward(index, step, r.permille(), r.maxRecords());
            case LfsStep.ReadBackward r -> readBackward(index, step, r.permille(), r.maxRecords());
            case LfsStep.ProcessCrash p -> throw new IllegalStateException("harness: a process crash is a power loss "
                    + "that keeps the cache");
            case LfsStep.Crash c -> throw new IllegalStateException("harness: a crash step is a power loss");
            case LfsStep.DeviceError d -> deviceError(index, d);
            case LfsStep.ConcurrentCommit c -> concurrentCommit(index, c, null);
            case LfsStep.ForbiddenCalls c -> forbiddenCalls(index, c);
        };
    }

    /** The largest payload a forbidden append is made one byte longer than: a larger one is not tried. */
    private static final int FORBIDDEN_APPEND_BYTES_MAX = 16 << 20;
    /** The most sectors {@link #rotUnderTheOpenLog} damages in turn at a workload's end. */
    private static final int ROTTED_SECTORS_MAX = 3;

    /**
     * The calls the SPI forbids (LFS-4), each of {@link LfsStep.Forbidden} in turn: the engine must refuse each with
     * {@link IllegalArgumentException}, and change nothing (the check after the step finds the start and the end where
     * they were; later reads and crashes find the records). An LSN in the middle of a record is the engine LSN one past
     * a record's, where the next record's (or the end's) is further on; where the engine numbers records densely
     * there is none, and those calls are left out. A record below the start is the newest one the start moved past
     * since the last restart-area write (the engine still keeps it); where there is none, those calls are left out,
     * as are an append and client data of more than {@value #FORBIDDEN_APPEND_BYTES_MAX} bytes.
     */
    private Operation forbiddenCalls(int index, LfsStep.ForbiddenCalls c) {
        long start = call(index, "startLsn", () -> service.startLsn());
        long end = call(index, "endLsn", () -> service.endLsn());
        long inside = insideRecord(c.permille());
        long newest = model.startLsn() < model.nextLsn() ? map.toEngine(model.nextLsn() - 1) : -1;
        long below = recordBelowStart();
        int max = geometry.maxPayloadBytes();
        int maxClientData = geometry.maxClientDataBytes();
        List<String> refused = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (LfsStep.Forbidden kind : LfsStep.Forbidden.values()) {
            if ((kind.insideRecord() && inside < 0) || (kind.belowStart() && below < 0)
                    || (kind == LfsStep.Forbidden.READ_BACKWARD_NEGATIVE_COUNT && newest < 0)
                    || (kind == LfsStep.Forbidden.APPEND_TOO_LARGE && max >= FORBIDDEN_APPEND_BYTES_MAX)
                    || (kind == LfsStep.Forbidden.RESTART_DATA_TOO_LARGE
                        && maxClientData >= FORBIDDEN_APPEND_BYTES_MAX)) {
                skipped.add(kind.name());
                continue;
            }
            record Call(String what, Runnable attempt) {
            }
            Call call = switch (kind) {
                case APPEND_TOO_LARGE -> new Call("append of " + (max + 1) + " bytes (the largest payload is " + max
                        + ")", () -> service.append(new byte[max + 1]));
                case FLUSH_AT_END -> new Call("flush(" + end + "), the end", () -> service.flush(end));
                case ADVANCE_BELOW_START -> new Call("advanceStart(" + (start - 1) + "), below the start " + start,
                        () -> service.advanceStart(start - 1));
                case ADVANCE_BACK_TO_RECORD -> new Call("advanceStart(" + below + "), a record below the start "
                        + start, () -> service.advanceStart(below));
                case ADVANCE_PAST_END -> new Call("advanceStart(" + (end + 1) + "), past the end " + end,
                        () -> service.advanceStart(end + 1));
                case ADVANCE_INSIDE_RECORD -> new Call("advanceStart(" + inside + "), inside a record",
                        () -> service.advanceStart(inside));
                case READ_FORWARD_BELOW_START -> new Call("readForward(" + below + ", 10), a record below the start "
                        + start, () -> service.readForward(below, 10));
                case READ_FORWARD_PAST_END -> new Call("readForward(" + (end + 1) + ", 10), past the end " + end,
                        () -> service.readForward(end + 1, 10));
                case READ_FORWARD_INSIDE_RECORD -> new Call("readForward(" + inside + ", 10), inside a record",
                        () -> service.readForward(inside, 10));
                case READ_BACKWARD_BELOW_START -> new Call("readBackward(" + below + ", 10), a record below the start "
                        + start, () -> service.readBackward(below, 10));
                case READ_BACKWARD_PAST_END -> new Call("readBackward(" + (end + 1) + ", 10), past the end " + end,
                        () -> service.readBackward(end + 1, 10));
                case READ_BACKWARD_INSIDE_RECORD -> new Call("readBackward(" + inside + ", 10), inside a record",
                        () -> service.readBackward(inside, 10));
                case SCAN_BELOW_START -> new Call("scanForward(" + below + ", " + end + "), a record below the start "
                        + start, () -> service.scanForward(below, end, r -> { }));
                case SCAN_PAST_END -> new Call("scanForward(" + (end + 1) + ", " + (end + 2) + "), past the end " + end,
                        () -> service.scanForward(end + 1, end + 2, r -> { }));
                case SCAN_INSIDE_RECORD -> new Call("scanForward(" + inside + ", " + end + "), inside a record",
                        () -> service.scanForward(inside, end, r -> { }));
                case READ_NEGATIVE_COUNT -> new Call("readForward(" + start + ", -1)",
                        () -> service.readForward(start, -1));
                case READ_BACKWARD_NEGATIVE_COUNT -> new Call("readBackward(" + newest + ", -1)",
                        () -> service.readBackward(newest, -1));
                case RESTART_DATA_TOO_LARGE -> new Call("writeRestartArea of " + (maxClientData + 1)
                        + " bytes of client data (the most is " + maxClientData + ")",
                        () -> service.writeRestartArea(new byte[maxClientData + 1]));
            };
            requireModelRefuses(kind, call.what());
            try {
                call.attempt().run();
            } catch (IllegalArgumentException e) {
                context.stats().increment(Stats.Counter.FORBIDDEN_CALLS_REFUSED);
                refused.add(kind.name());
                continue;
            } catch (LimitExceededException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new Violated(Requirement.LFS_4, "a call the SPI forbids was refused with "
                        + e.getClass().getName() + ", not IllegalArgumentException", "step " + index + ": "
                        + call.what() + ": " + e);
            }
            throw new Violated(Requirement.LFS_4, "a call the SPI forbids was not refused (it must throw "
                    + "IllegalArgumentException and change nothing)", "step " + index + ": " + call.what() + " returned");
        }
        context.stats().checked(Requirement.LFS_4);
        int edges = edgeCalls(index, c, start, end);
        line(index, c, refused.size() + " refused" + (skipped.isEmpty() ? "" : "; left out: " + skipped) + "; "
                + edges + " allowed calls at their edges returned nothing");
        return null;
    }

    /**
     * The allowed calls beside the forbidden ones (LFS-4): a read forward from the end, and a read forward and a read
     * backward of no records, each of which the engine must answer, with nothing, as the model does.
     */
    private int edgeCalls(int index, LfsStep step, long start, long end) {
        List<Record> none = model.readForward(model.nextLsn(), 10);
        compareRead(index, step, "readForward(" + end + ", 10), the end,", none,
                call(index, "readForward(" + end + ", 10), the end", () -> service.readForward(end, 10)));
        compareRead(index, step, "readForward(" + start + ", 0)", model.readForward(model.startLsn(), 0),
                call(index, "readForward(" + start + ", 0)", () -> service.readForward(start, 0)));
        compareRead(index, step, "scanForward(" + end + ", " + (end + 1) + "), the end,", none,
                call(index, "scanForward(" + end + ", " + (end + 1) + "), the end",
                        () -> Scans.scan(service, end, end + 1, 0)));
        compareRead(index, step, "scanForward(" + start + ", " + start + ")", none,
                call(index, "scanForward(" + start + ", " + start + ")", () -> Scans.scan(service, start, start, 0)));
        if (model.startLsn() >= model.nextLsn()) {
            return 4;
        }
        long newest = model.nextLsn() - 1;
        long engineNewest = map.toEngine(newest);
        compareRead(index, step, "readBackward(" + engineNewest + ", 0)", model.readBackward(newest, 0),
                call(index, "readBackward(" + engineNewest + ", 0)", () -> service.readBackward(engineNewest, 0)));
        return 5;
    }

    /**
     * The model is the oracle of what the SPI forbids, too: the same call in the model's LSNs must be refused by it
     * ({@link ModelException}), or the suite and its oracle disagree about the contract and the run stops as the
     * harness's error, not the engine's. A call in the middle of a record has no model LSN and is not asked.
     */
    private void requireModelRefuses(LfsStep.Forbidden kind, String what) {
        LogState m = model;
        Runnable call = switch (kind) {
            case APPEND_TOO_LARGE -> () -> m.append(Bytes.of(new byte[geometry.maxPayloadBytes() + 1]));
            case FLUSH_AT_END -> () -> m.flush(m.nextLsn());
            case ADVANCE_BELOW_START -> () -> m.advanceStart(m.startLsn() - 1);
            case ADVANCE_BACK_TO_RECORD -> () -> m.advanceStart(m.startLsn() - 1);
            case ADVANCE_PAST_END -> () -> m.advanceStart(m.nextLsn() + 1);
            case READ_FORWARD_BELOW_START, SCAN_BELOW_START -> () -> m.readForward(m.startLsn() - 1, 10);
            case READ_BACKWARD_BELOW_START -> () -> m.readBackward(m.startLsn() - 1, 10);
            case RESTART_DATA_TOO_LARGE ->
                    () -> m.beginWriteRestart(Bytes.of(new byte[geometry.maxClientDataBytes() + 1]));
            case READ_FORWARD_PAST_END, SCAN_PAST_END -> () -> m.readForward(m.nextLsn() + 1, 10);
            case READ_BACKWARD_PAST_END -> () -> m.readBackward(m.nextLsn() + 1, 10);
            case READ_NEGATIVE_COUNT -> () -> m.readForward(m.startLsn(), -1);
            case READ_BACKWARD_NEGATIVE_COUNT -> () -> m.readBackward(m.nextLsn() - 1, -1);
            case ADVANCE_INSIDE_RECORD, READ_FORWARD_INSIDE_RECORD, READ_BACKWARD_INSIDE_RECORD, SCAN_INSIDE_RECORD ->
                    null;
        };
        if (call == null) {
            return;
        }
        try {
            call.run();
        } catch (ModelException e) {
            return;
        }
        throw new IllegalStateException("harness: the model allows a call the SPI forbids (" + kind + ": " + what
                + "); the oracle and the contract disagree");
    }

    /**
     * The engine LSN of the newest record below the start that the durable restart area still keeps (the start moved
     * past it since the last restart-area write), or -1 if there is none.
     */
    private long recordBelowStart() {
        if (model.readRestartArea().startLsn() >= model.startLsn()) {
            return -1;
        }
        return map.engineRecord(model.startLsn() - 1).orElse(-1);
    }

    /**
     * An engine LSN in the middle of the record {@code permille} picks (0 the oldest at or after the start, 1000 the
     * newest): one past its LSN, if that is below the next record's (or the end's); -1 if there is none.
     */
    private long insideRecord(int permille) {
        if (model.startLsn() >= model.nextLsn()) {
            return -1;
        }
        long record = at(model.startLsn(), model.nextLsn() - 1, permille);
        long lsn = map.toEngine(record);
        long next = map.toEngine(record + 1);
        return next - lsn > 1 ? lsn + 1 : -1;
    }

    /**
     * LFS-4 and LFS-6 under group commit: each client appends its record and flushes through it on its own thread,
     * in the {@link ClientSchedule} the step's seed draws. The model appends the records in the order of the LSNs the
     * engine gave them. A power loss at any moment of the step may recover any prefix that holds every record whose
     * client's flush had returned by then (and all the records flushed before the step); one after the step must
     * hold them all. Skipped if the records might not all fit (LFS-5 is the append steps' business).
     *
     * <p>With {@code error}, the records are appended first, one after the other on this thread, then the device
     * error is armed and the clients only flush, at once: a client may throw (then the engine is not used again until
     * the next crash step), and a power loss from a client's return on must still find its record, as ever.
     */
    private Operation concurrentCommit(int index, LfsStep.ConcurrentCommit c, LfsStep.DeviceError error) {
        LfsStep step = error == null ? c : error;
        List<Bytes> payloads = c.payloads();
        LogState fits = model;
        for (Bytes p : payloads) {
            if (!fits.mustAppend(p.length())) {
                line(index, step, "skipped: the " + payloads.size() + " records might not all fit");
                return null;
            }
            fits = fits.append(p);
        }
        int n = payloads.size();
        long[] lsns = new long[n];
        int[] acks = new int[n];
        java.util.Arrays.fill(acks, Integer.MAX_VALUE); // a client that threw never acknowledged its record
        long expectedFirst = call(index, "endLsn", () -> service.endLsn());
        LogService log = service;
        Rig clientsRig = rig;
        RigDisk disk = null;
        if (error != null) {
            for (int i = 0; i < n; i++) {
                byte[] payload = payloads.get(i).toArray();
                lsns[i] = call(index, "append", () -> log.append(payload));
                reuse(payload);
                if (i > 0) {
                    requireAbove(lsns[i], OptionalLong.of(lsns[i - 1]), index); // appended one after the other
                }
            }
            disk = arm(error);
            errorArmed = true;
        }
        List<ClientSchedule.Client> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int client = i;
            byte[] payload = payloads.get(i).toArray();
            clients.add(() -> {
                if (error == null) {
                    long lsn = log.append(payload);
                    reuse(payload);
                    lsns[client] = lsn;
                }
                log.flush(lsns[client]);
                acks[client] = clientsRig.sizeFromClient();
            });
        }
        Throwable[] thrown;
        try {
            thrown = new ClientSchedule(rig).run(clients, c.seed());
        } catch (ClientSchedule.StuckException e) {
            throw new Violated(Requirement.LFS_4, "a concurrent commit never finished: its clients wait for each "
                    + "other", "step " + index + " (" + step + "): " + e.getMessage());
        } finally {
            errorArmed = false;
        }
        boolean gaveUp = false;
        for (int i = 0; i < n; i++) {
            if (thrown[i] instanceof LimitExceededException limit) {
                throw limit;
            }
            if (thrown[i] instanceof Error e) {
                throw e;
            }
            if (thrown[i] == null) {
                continue;
            }
            if (error == null || disk.clearInjectedErrors() != 0) {
                throw new Violated(Requirement.LFS_4, "a client's append or flush failed on a valid call in a "
                        + "concurrent commit" + (error == null ? "" : ", before the injected device error"),
                        "step " + index + " (" + step + "), client " + i + ": " + thrown[i]);
            }
            gaveUp = true;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Long.compare(lsns[a], lsns[b]));
        if (lsns[order.getFirst()] != expectedFirst) {
            throw new Violated(Requirement.LFS_4, "the first record of a concurrent commit did not get the LSN "
                    + "endLsn() announced", "step " + index + " (" + step + "): endLsn() was " + expectedFirst
                    + ", the LSNs the clients got: " + java.util.Arrays.toString(lsns));
        }
        long[] modelLsns = new long[n];
        long acked = 0;
        List<String> got = new ArrayList<>();
        for (int i : order) {
            requireAbove(lsns[i], map.engineRecord(model.nextLsn() - 1), index);
            context.stats().checked(Requirement.LFS_3);
            Bytes payload = payloads.get(i);
            model = model.append(payload);
            long modelLsn = model.nextLsn() - 1;
            modelLsns[i] = modelLsn;
            map.record(modelLsn, lsns[i]);
            written.put(modelLsn, payload);
            everWritten.putIfAbsent(payload, "model LSN " + modelLsn + " in incarnation " + incarnation);
            if (thrown[i] == null) {
                acked = Math.max(acked, modelLsn);
            }
            got.add("client " + i + " model LSN " + modelLsn + " = engine LSN " + lsns[i] + (thrown[i] == null
                    ? " flushed after op #" + (acks[i] - 1) : " flush threw " + thrown[i]));
        }
        LogState appended = model;
        model = acked == 0 ? appended : appended.flush(acked);
        LogState after = model;
        stepAllowed = at -> {
            if (at.last()) {
                return after.crash().recoveries();
            }
            int done = at.moment().during() ? at.moment().entry() - 1 : at.moment().entry();
            long flushed = 0;
            for (int i = 0; i < n; i++) {
                if (acks[i] <= done + 1) {
                    flushed = Math.max(flushed, modelLsns[i]);
                }
            }
            return (flushed == 0 ? appended : appended.flush(flushed)).crash().recoveries();
        };
        context.stats().increment(Stats.Counter.CONCURRENT_COMMITS);
        context.stats().add(Stats.Counter.CONCURRENT_CLIENT_FLUSHES, n - (int) java.util.Arrays.stream(thrown)
                .filter(java.util.Objects::nonNull).count());
        if (error != null) {
            context.stats().increment(Stats.Counter.CONCURRENT_COMMIT_DEVICE_ERRORS);
            if (gaveUp) {
                dropped = true;
                context.stats().increment(Stats.Counter.LIVE_DEVICE_ERRORS_RAISED);
                got.add("the engine raised the failed " + error.call().name().toLowerCase(Locale.ROOT)
                        + "; it is opened again at the next crash step");
            } else if (disk.clearInjectedErrors() == 0) {
                context.stats().increment(Stats.Counter.LIVE_DEVICE_ERRORS_ABSORBED);
                got.add("the engine got past the failed " + error.call().name().toLowerCase(Locale.ROOT));
            } else {
                got.add("the flushes made fewer than " + error.nth() + " device "
                        + error.call().name().toLowerCase(Locale.ROOT) + "s: no error");
            }
        }
        line(index, step, String.join("; ", got));
        return null;
    }

    /**
     * DISK-4 on the live engine: the attempt runs with one device call failing. An engine that gets past the error
     * must give the attempt's right result; one that throws is dropped (the model stays before the attempt, which
     * counts as in flight until the next crash step opens the log again). What a flush reported done must survive
     * either way, which the following crash step and the crash sweep check.
     */
    private Operation deviceError(int index, LfsStep.DeviceError d) {
        if (d.attempt() instanceof LfsStep.ConcurrentCommit c) {
            return concurrentCommit(index, c, d);
        }
        RigDisk disk = arm(d);
        LogState before = model;
        errorArmed = true;
        try {
            Operation done = attempt(index, d.attempt());
            if (disk.clearInjectedErrors() == 0) {
                context.stats().increment(Stats.Counter.LIVE_DEVICE_ERRORS_ABSORBED);
                outcome += " (the engine got past the failed " + d.call().name().toLowerCase(Locale.ROOT) + ")";
            } else {
                outcome += " (the attempt made fewer than " + d.nth() + " device " + d.call().name().toLowerCase(
                        Locale.ROOT) + "s: no error)";
            }
            return done;
        } catch (EngineGaveUp e) {
            if (disk.clearInjectedErrors() != 0) {
                throw new Violated(Requirement.LFS_4, d.attempt().getClass().getSimpleName() + " failed on a valid "
                        + "call before the injected device error", "step " + index + " (" + d + "): " + e.getCause());
            }
            model = before;
            dropped = true;
            context.stats().increment(Stats.Counter.LIVE_DEVICE_ERRORS_RAISED);
            outcome = "the engine raised " + e.getCause() + "; it is opened again at the next crash step";
            if (d.attempt() instanceof LfsStep.WriteRestartArea w) {
                Restart maybe = before.beginWriteRestart(w.clientData()).restart();
                if (!restartsWritten.contains(maybe)) {
                    restartsWritten.add(maybe);
                }
                return new Operation.WriteRestartArea(w.clientData());
            }
            return null;
        } finally {
            errorArmed = false;
        }
    }

    /** Makes the log device fail the device call {@code d} names; returns the device. */
    private RigDisk arm(LfsStep.DeviceError d) {
        RigDisk disk = rig.disk(Devices.LOG);
        switch (d.call()) {
            case WRITE -> disk.failWrite(d.nth());
            case FLUSH -> disk.failFlush(d.nth());
            case READ -> disk.failRead(d.nth());
        }
        return disk;
    }

    /** The engine threw while a device error was armed for it: allowed, the engine is dropped. */
    private static final class EngineGaveUp extends RuntimeException {
        EngineGaveUp(RuntimeException cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    private static List<LogState> allowed(LogState before, LogState after, Operation inFlight, boolean last) {
        if (last) {
            return after.crash().recoveries();
        }
        return inFlight == null ? before.crash().recoveries() : before.crashDuring(inFlight).recoveries();
    }

    /** After every step: the engine's end and start agree with the model's (LFS-3, LFS-4). */
    @Override
    public void afterStep(int index, LfsStep step) {
        if (dropped) {
            return;
        }
        long end = call(index, "endLsn", () -> service.endLsn());
        requireAbove(end, map.engineRecord(model.nextLsn() - 1), index);
        map.position(model.nextLsn(), end);
        long start = call(index, "startLsn", () -> service.startLsn());
        if (start != map.toEngine(model.startLsn())) {
            throw new Violated(Requirement.LFS_4, "the log's start is not where the client moved it",
                    "after step " + index + ": startLsn()=" + start + ", expected " + map.describe(
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
        byte[] array = payload.toArray();
        try {
            lsn = service.append(array);
            reuse(array);
        } catch (LogFullException e) {
            if (must) {
                throw new Violated(Requirement.LFS_5, "the engine reported log full although the record fits",
                        "step " + index + " (" + step + "): " + room + "\n  engine: " + e.getMessage());
            }
            context.stats().checked(Requirement.LFS_5);
            context.stats().increment(Stats.Counter.LOG_FULL_REPORTED);
            line(index, step, "log full (allowed: " + room + ")");
            return null;
        } catch (RuntimeException e) {
            throw failed(index, step, e);
        }
        if (!may) {
            throw new Violated(Requirement.LFS_5, "an append succeeded although it does not fit: the log must report "
                    + "full, not overwrite a record at or after the durable start", "step " + index + " (" + step
                    + "): " + room + ", durable start " + map.describe(model.restart().startLsn())
                    + "; the engine returned LSN " + lsn);
        }
        if (!must) {
            context.stats().checked(Requirement.LFS_5);
        }
        if (lsn != expectedLsn) {
            throw new Violated(Requirement.LFS_4, "an append did not get the LSN endLsn() announced",
                    "step " + index + " (" + step + "): endLsn() was " + expectedLsn + ", append returned " + lsn);
        }
        requireAbove(lsn, map.engineRecord(model.nextLsn() - 1), index);
        context.stats().checked(Requirement.LFS_3);
        model = model.append(payload);
        map.record(model.nextLsn() - 1, lsn);
        written.put(model.nextLsn() - 1, payload);
        everWritten.putIfAbsent(payload, "model LSN " + (model.nextLsn() - 1) + " in incarnation " + incarnation);
        line(index, step, "model LSN " + (model.nextLsn() - 1) + " = engine LSN " + lsn + (must ? "" : " (" + room
                + ")"));
        return new Operation.Append(payload);
    }

    /** The payload of an {@link LfsStep.AppendToFill}: sized to its edge of the room the model has left. */
    private Bytes fill(LfsStep.AppendToFill a) {
        long room = switch (a.edge()) {
            case MUST_FIT, PAST_MUST_FIT -> geometry.capacityBytes() - geometry.slackBytes();
            case MAY_FIT, PAST_MAY_FIT -> geometry.capacityBytes();
        } - model.liveBytes() - geometry.recordOverheadBytes();
        long size = a.edge() == LfsStep.Edge.PAST_MUST_FIT || a.edge() == LfsStep.Edge.PAST_MAY_FIT ? room + 1 : room;
        byte[] payload = new byte[(int) Math.clamp(size, 0, geometry.maxPayloadBytes())];
        Seeds.random(a.seed()).nextBytes(payload);
        if (payload.length == size) {
            context.stats().increment(Stats.Counter.LFS5_BOUNDARY_APPENDS);
        }
        return Bytes.of(payload);
    }

    private Operation flush(int index, LfsStep step, int permille) {
        if (model.startLsn() >= model.nextLsn()) {
            line(index, step, "skipped: no record at or after the start");
            return null;
        }
        long lsn = at(model.startLsn(), model.nextLsn() - 1, permille);
        long engineLsn = map.toEngine(lsn);
        run(index, step, () -> service.flush(engineLsn));
        model = model.flush(lsn);
        line(index, step, "through model LSN " + lsn + " = engine LSN " + engineLsn);
        return new Operation.Flush(lsn);
    }

    private Operation advanceStart(int index, LfsStep step, int permille) {
        long lsn = at(model.startLsn(), model.nextLsn(), permille);
        long engineLsn = map.toEngine(lsn);
        run(index, step, () -> service.advanceStart(engineLsn));
        model = model.advanceStart(lsn);
        line(index, step, "to model LSN " + lsn + " = engine LSN " + engineLsn + (lsn == model.nextLsn() ? " (the end)"
                : ""));
        return new Operation.AdvanceStart(lsn);
    }

    /**
     * The client reuses an array once the call it passed it to returned ({@link LfsSuite.Checks#arraysReused}): every
     * byte changes, so an engine that kept the array, not a copy, serves or writes bytes no client wrote (LFS-4).
     */
    private void reuse(byte[] array) {
        if (!checks.arraysReused() || array.length == 0) {
            return;
        }
        for (int i = 0; i < array.length; i++) {
            array[i] = (byte) ~array[i];
        }
        context.stats().increment(Stats.Counter.LFS_ARRAYS_REUSED);
    }

    private Operation writeRestartArea(int index, LfsStep step, Bytes clientData) {
        byte[] array = clientData.toArray();
        run(index, step, () -> service.writeRestartArea(array));
        reuse(array);
        model = model.writeRestartArea(clientData);
        if (!restartsWritten.contains(model.restart())) {
            restartsWritten.add(model.restart());
        }
        RestartArea read = call(index, "readRestartArea", () -> service.readRestartArea());
        RestartArea expected = new RestartArea(map.toEngine(model.restart().startLsn()), clientData.toArray());
        if (!read.equals(expected)) {
            throw new Violated(Requirement.LFS_2, "the restart area read back is not the one just written",
                    "step " + index + ": wrote " + expected + ", read " + read);
        }
        context.stats().checked(Requirement.LFS_2);
        line(index, step, "start model LSN " + model.restart().startLsn() + " = engine LSN " + expected.startLsn());
        return new Operation.WriteRestartArea(clientData);
    }

    private Operation readForward(int index, LfsStep step, int permille, int maxRecords) {
        long from = at(model.startLsn(), model.nextLsn(), permille);
        long engineFrom = map.toEngine(from);
        List<LogRecord> got = call(index, step.toString(), () -> service.readForward(engineFrom, maxRecords));
        List<Record> expected = model.readForward(from, maxRecords);
        compareRead(index, step, "a read", expected, got);
        // The same records by a scan, up to the LSN of the record after them (or the end).
        long engineTo = map.toEngine(Math.min(from + Math.max(0, maxRecords), model.nextLsn()));
        List<LogRecord> scanned = call(index, "scanForward(" + engineFrom + ", " + engineTo + ")",
                () -> Scans.scan(service, engineFrom, engineTo, expected.size()));
        compareRead(index, step, "a scan to engine LSN " + engineTo, expected, scanned);
        context.stats().increment(Stats.Counter.LOG_SCANS);
        line(index, step, "from model LSN " + from + ": " + got.size() + " records as expected, read and scanned");
        return new Operation.ReadForward(from, maxRecords);
    }

    private Operation readBackward(int index, LfsStep step, int permille, int maxRecords) {
        if (model.startLsn() >= model.nextLsn()) {
            line(index, step, "skipped: no record at or after the start");
            return null;
        }
        long from = at(model.startLsn(), model.nextLsn() - 1, permille);
        long engineFrom = map.toEngine(from);
        List<LogRecord> got = call(index, step.toString(), () -> service.readBackward(engineFrom, maxRecords));
        compareRead(index, step, "a read", model.readBackward(from, maxRecords), got);
        line(index, step, "from model LSN " + from + ": " + got.size() + " records as expected");
        return new Operation.ReadBackward(from, maxRecords);
    }

    private void compareRead(int index, LfsStep step, String what, List<Record> expected, List<LogRecord> got) {
        if (!sameRecords(expected, got, map)) {
            throw new Violated(Requirement.LFS_4, what + " returned other records than the model's",
                    "step " + index + " (" + step + "): expected " + describe(expected) + "\n    got " + described(got));
        }
        context.stats().checked(Requirement.LFS_4);
    }

    /** Records as the engine returned them, each as engine LSN and payload (as {@link #describe} shows the model's). */
    private static String described(List<LogRecord> records) {
        List<String> out = new ArrayList<>();
        for (LogRecord r : records) {
            out.add("engine " + r.lsn() + " " + Bytes.of(r.payload()));
        }
        return out.toString();
    }

    private String describe(List<Record> records) {
        return describe(records, map);
    }

    /** Records of the model, each as its model and engine LSN (by {@code lsns}) and payload. */
    private static String describe(List<Record> records, LsnMap lsns) {
        List<String> out = new ArrayList<>();
        for (Record r : records) {
            out.add(lsns.describe(r.lsn()) + " " + r.payload());
        }
        return out.toString();
    }

    // ---- recovery ----

    @Override
    public Recovery<Expectation> recover(Rig restored, Expectation allowed, Depth depth, long seed) {
        RecoveryCheck.Recovered r = recovery.recover(restored, allowed);
        if (depth != Depth.CONTINUE) {
            RecoveryCheck.closeQuietly(r.service());
            return new Recovery<>(r.entries(), allowed, allowed.exactly(r.state()), "");
        }
        Recovery<Expectation> out = new Recovery<>(r.entries(), allowed, allowed.exactly(r.state()),
                "recovered: restart start " + r.map().describe(r.state().restart().startLsn())
                        + ", records through model LSN " + (r.state().nextLsn() - 1) + " (" + r.entries()
                        + " device ops)");
        rig = restored;
        clientEntries = new BitSet();
        acked = new ArrayList<>();
        acknowledged(r.entries(), r.state().flushedLsn()); // what open recovered counts as durable from then on
        incarnation++;
        dropped = false;
        service = r.service();
        model = r.state();
        map = r.map();
        written = new HashMap<>(r.written());
        if (!restartsWritten.contains(model.restart())) {
            restartsWritten.add(model.restart());
        }
        return out;
    }

    /**
     * A clean shutdown at the end of the workload: the log is closed, the power fails (every write not yet durable is
     * lost), and the log is opened again. {@code close} makes every record appended durable (the SPI), so the log
     * opened must show all of them and the last restart area written, exactly (LFS-6, DISK-3). An engine whose close
     * writes more (a clean-shutdown mark, a last restart area) must leave a log that recovers so. Skipped where the
     * engine was dropped after a device error.
     */
    @Override
    public void finish() {
        if (service == null || dropped) {
            return;
        }
        LogState closedState = model.nextLsn() > LogState.FIRST_LSN ? model.flush(model.nextLsn() - 1) : model;
        Expectation allowed = new Expectation(closedState.crash().recoveries(), map, written);
        LogService closed = service;
        long start;
        long end;
        try {
            start = closed.startLsn();
            end = closed.endLsn();
            closed.close();
        } catch (LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.LFS_4, "close failed at the end of the workload", e.toString());
        }
        service = null;
        callsAfterClose(closed, start, end);
        CrashCut cut = rig.cut(new Moment(rig.size() - 1, false), rig.domains());
        rig = cut.restore(cut.allLost());
        RecoveryCheck.Recovered r;
        try {
            r = recovery.recover(rig, allowed);
        } catch (Violated v) {
            throw new Violated(v.violation().property(), "after a clean close and a power loss: "
                    + v.violation().summary(), v.violation().details() + "\n(close must make every record appended "
                    + "durable)");
        }
        try {
            rotUnderTheOpenLog(r);
        } finally {
            RecoveryCheck.closeQuietly(r.service());
        }
        context.stats().increment(Stats.Counter.CLEAN_CLOSES);
    }

    /**
     * Silent damage under the open log (DISK-4): after the last recovery, up to {@value #ROTTED_SECTORS_MAX} sectors
     * the client's steps wrote rot in turn, one byte inverted on the running disk with no error, and the whole log is
     * read forward and scanned: each must fail or return exactly the records the recovery showed, never other bytes
     * (an engine checks what it reads, not only what its recovery reads). The rot heals before the next.
     */
    private void rotUnderTheOpenLog(RecoveryCheck.Recovered r) {
        LogState st = r.state();
        List<Long> sectors = new ArrayList<>(new TreeSet<>(logSectors));
        if (sectors.isEmpty() || st.startLsn() >= st.nextLsn()) {
            return;
        }
        List<Record> expected = st.readForward(st.startLsn(), (int) (st.nextLsn() - st.startLsn()));
        long from = r.map().toEngine(st.startLsn());
        long to = r.map().toEngine(st.nextLsn());
        RandomGenerator random = context.random(incarnation, -1, 2, 7_000);
        for (int i = 0; i < sectors.size(); i++) { // shuffled, the same way on every run of the seed
            Collections.swap(sectors, i, i + random.nextInt(sectors.size() - i));
        }
        SimulatedDisk disk = rig.disk(Devices.LOG).simulated();
        for (long sector : sectors.subList(0, Math.min(ROTTED_SECTORS_MAX, sectors.size()))) {
            int offset = random.nextInt(disk.sectorSizeBytes());
            disk.rot(sector, offset);
            context.stats().increment(Stats.Counter.LIVE_SECTORS_ROTTED);
            boolean reported = false;
            try {
                for (int call = 0; call < 2; call++) {
                    String what = (call == 0 ? "readForward(" + from + ", " + (expected.size() + 1) + ")"
                            : "scanForward(" + from + ", " + to + ")") + " with byte " + offset + " of sector "
                            + sector + " rotted";
                    List<LogRecord> got;
                    try {
                        got = call == 0 ? r.service().readForward(from, expected.size() + 1)
                                : Scans.scan(r.service(), from, to, expected.size());
                    } catch (LimitExceededException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        reported = true; // detected: an error is what the contract asks
                        continue;
                    }
                    if (!sameRecords(expected, got, r.map())) {
                        throw new Violated(Requirement.DISK_4, "a read under the open log returned other bytes than "
                                + "the records written, from a sector that rotted on the running disk",
                                what + ": expected " + expected.size() + " records " + describe(expected, r.map())
                                        + "\n    got " + described(got) + "\n    " + firstDifference(expected, got));
                    }
                }
            } finally {
                disk.healRot();
            }
            if (reported) {
                context.stats().increment(Stats.Counter.LIVE_SECTORS_ROTTED_REPORTED);
            }
            context.stats().checked(Requirement.DISK_4);
        }
    }

    /** Where {@code got} first differs from {@code expected}: a record's LSN, its length or a byte of its payload. */
    private static String firstDifference(List<Record> expected, List<LogRecord> got) {
        for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
            byte[] want = expected.get(i).payload().toArray();
            byte[] have = got.get(i).payload();
            if (want.length != have.length) {
                return "record " + i + ": " + have.length + " bytes, written " + want.length;
            }
            for (int b = 0; b < want.length; b++) {
                if (want[b] != have[b]) {
                    return String.format(Locale.ROOT, "record %d: byte %d is 0x%02x, written 0x%02x", i, b,
                            have[b] & 0xFF, want[b] & 0xFF);
                }
            }
        }
        return expected.size() == got.size() ? "the same payloads, at other LSNs"
                : got.size() + " records, " + expected.size() + " written";
    }

    /** True if {@code got} holds the records {@code expected}, each at the engine LSN {@code map} gives it. */
    private static boolean sameRecords(List<Record> expected, List<LogRecord> got, LsnMap map) {
        if (expected.size() != got.size()) {
            return false;
        }
        for (int i = 0; i < got.size(); i++) {
            if (!expected.get(i).payload().equals(Bytes.of(got.get(i).payload()))
                    || map.toEngine(expected.get(i).lsn()) != got.get(i).lsn()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The calls after a clean close (LFS-4): each, with arguments the open log would have taken, must throw and change
     * nothing (the log opened after the power loss that follows must show the log as closed); closing again must do
     * nothing. Any exception will do: an engine may check the log's space, say, before it checks that the log is
     * open.
     */
    private void callsAfterClose(LogService closed, long start, long end) {
        long newest = model.startLsn() < model.nextLsn() ? map.toEngine(model.nextLsn() - 1) : -1;
        record Call(String what, Runnable attempt) {
        }
        List<Call> calls = new ArrayList<>(List.of(
                new Call("append of 1 byte", () -> closed.append(new byte[1])),
                new Call("advanceStart(" + end + "), the end", () -> closed.advanceStart(end)),
                new Call("writeRestartArea of no client data", () -> closed.writeRestartArea(new byte[0])),
                new Call("readRestartArea()", closed::readRestartArea),
                new Call("startLsn()", closed::startLsn),
                new Call("endLsn()", closed::endLsn),
                new Call("readForward(" + start + ", 1)", () -> closed.readForward(start, 1)),
                new Call("scanForward(" + start + ", " + end + ")", () -> closed.scanForward(start, end, r -> { }))));
        if (newest >= 0) {
            calls.add(new Call("flush(" + newest + "), the newest record", () -> closed.flush(newest)));
            calls.add(new Call("readBackward(" + newest + ", 1)", () -> closed.readBackward(newest, 1)));
        }
        for (Call c : calls) {
            try {
                c.attempt().run();
            } catch (LimitExceededException e) {
                throw e;
            } catch (RuntimeException e) {
                context.stats().increment(Stats.Counter.CALLS_AFTER_CLOSE_REFUSED);
                continue;
            }
            throw new Violated(Requirement.LFS_4, "a call after close was not refused (it must throw and change "
                    + "nothing)", "after the clean close at the workload's end: " + c.what() + " returned");
        }
        try {
            closed.close();
        } catch (LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violated(Requirement.LFS_4, "a second close failed (closing again must do nothing)",
                    e.toString());
        }
        context.stats().checked(Requirement.LFS_4);
    }

    @Override
    public void abandon() {
        service = null; // power lost or the workload is over: abandoned, not closed (closing would write)
    }

    @Override
    public boolean sweepEachStep() {
        return false; // an incarnation's crash points are sampled as a whole in random mode
    }

    // ---- DISK-4: fault images of a crash point ----

    @Override
    public void faults(FaultPoint<Expectation> point) {
        Rig.Entry entry = rig.entry(point.cut().moment().entry());
        DeviceOp op = entry.disk().simulated().op(entry.opIndex());
        boolean during = point.cut().moment().during();
        boolean openWrite = op instanceof DeviceOp.Write w && (during || !w.forceUnitAccess());
        if (openWrite && lastUnsharedWrite(point)) {
            if (WRITES_RESTART.equals(point.span().tag())) {
                unreadableRestartCopy(point, (DeviceOp.Write) op);
            } else {
                unreadableWrite(point, (DeviceOp.Write) op);
            }
        }
        OptionalLong durable = durableClientSector(point, context.random(incarnation, entry.opIndex(), during ? 1 : 0,
                2_000));
        if (durable.isPresent()) {
            long sector = durable.getAsLong();
            String fault = "fault: sector " + sector + ", durable and written by the client's appends and flushes, "
                    + "no longer reads (a medium error, DISK-4)";
            point.check(point.checked().getFirst(), fault,
                    c -> withLog(point.cut(), c, i -> i.withUnreadable(Set.of(sector))),
                    r -> recovery.checkUnreadableDurable(r, point.allowed()));
        }
        for (int f = 0; f < context.faultImagesPerPoint(); f++) {
            RandomGenerator random = context.random(incarnation, entry.opIndex(), during ? 1 : 0, 1_000 + f);
            int[][] choice = point.checked().get(random.nextInt(point.checked().size()));
            CrashImage image = point.cut().images(choice).get(Devices.LOG);
            List<Long> sectors = new ArrayList<>(image.sectors().keySet());
            if (sectors.isEmpty()) {
                continue;
            }
            sectors.sort(null);
            long sector = sectors.get(random.nextInt(sectors.size()));
            int offset = random.nextInt(device.sectorSizeBytes());
            int mask = 1 << random.nextInt(8);
            Optional<RecoveryCheck.Proof> proof = proof(point, sector);
            String fault = "fault: bit rot, byte " + offset + " of sector " + sector + " xor 0x"
                    + Integer.toHexString(mask) + " (DISK-4)";
            proof.ifPresent(p -> context.stats().increment(Stats.Counter.ROT_BEFORE_PROVEN_RECORDS));
            point.check(choice, fault, c -> withLog(point.cut(), c, i -> i.withCorruptedByte(sector, offset, mask)),
                    r -> recovery.checkCorrupted(r, point.allowed(), restartsWritten, "a corrupted sector", proof));
        }
    }

    /**
     * True if the write at the fault point is the last write of a writeRestartArea step, of the format or of a
     * recovery, to sectors no other client step ever wrote: the writes that get an unreadable-write fault. For a
     * writeRestartArea step that is the restart-area copy the SPI says it writes (the sector guard only spares an
     * engine that breaks that promise a false alarm); for the format and a recovery it is a sample, and the check
     * they get ({@link #unreadableWrite}) holds whatever the write holds.
     */
    private boolean lastUnsharedWrite(FaultPoint<Expectation> point) {
        Span<Expectation> span = point.span();
        int at = point.cut().moment().entry();
        if (!WRITES_RESTART.equals(span.tag()) && !FORMATS.equals(span.tag()) && !Span.RECOVERY.equals(span.tag())) {
            return false;
        }
        for (int later = at + 1; later < span.to(); later++) {
            if (rig.entry(later).disk().simulated().op(rig.entry(later).opIndex()) instanceof DeviceOp.Write) {
                return false;
            }
        }
        DeviceOp.Write w = (DeviceOp.Write) rig.entry(at).disk().simulated().op(rig.entry(at).opIndex());
        for (long s = w.firstSector(); s <= w.lastSector(); s++) {
            if (logSectors.contains(s)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A sector of the log disk whose content at the crash point is durable and came from a client step other than a
     * restart write (the log's pages, as far as the contract lets the suite tell), drawn by {@code random}; empty if
     * there is none. Durable: its last write before the power loss was followed by a completed device flush, or went
     * with force-unit-access; and no write in flight at the power loss covers it.
     */
    private OptionalLong durableClientSector(FaultPoint<Expectation> point, RandomGenerator random) {
        LogJournal journal = logJournal(point);
        List<Long> candidates = new ArrayList<>();
        for (Map.Entry<Long, Integer> e : journal.lastWrite().entrySet()) {
            if (clientEntries.get(e.getValue()) && journal.durable(e.getValue())) {
                candidates.add(e.getKey());
            }
        }
        if (candidates.isEmpty()) {
            return OptionalLong.empty();
        }
        candidates.sort(null);
        return OptionalLong.of(candidates.get(random.nextInt(candidates.size())));
    }

    /**
     * The log disk's journal at a crash point: each sector's last write that completed before the power loss (none for
     * a sector a write in flight covers: it may hold either content), and the last flush that completed.
     */
    private record LogJournal(Rig rig, Map<Long, Integer> lastWrite, int lastFlush) {

        /** True if the write at journal entry {@code at} is durable: a completed flush followed it, or it was FUA. */
        boolean durable(int at) {
            return at < lastFlush || rig.entry(at).disk().isForceUnitAccessWrite(rig.entry(at).opIndex());
        }
    }

    private LogJournal logJournal(FaultPoint<Expectation> point) {
        int completed = point.cut().moment().during() ? point.cut().moment().entry() - 1 : point.cut().moment().entry();
        Map<Long, Integer> lastWrite = new HashMap<>();
        int lastFlush = -1;
        for (int e = 0; e <= completed; e++) {
            Rig.Entry entry = rig.entry(e);
            if (!Devices.LOG.equals(entry.disk().name())) {
                continue;
            }
            switch (entry.disk().simulated().op(entry.opIndex())) {
                case DeviceOp.Flush f -> lastFlush = e;
                case DeviceOp.Write w -> {
                    for (long s = w.firstSector(); s <= w.lastSector(); s++) {
                        lastWrite.put(s, e);
                    }
                }
            }
        }
        if (point.cut().moment().during()) {
            Rig.Entry inFlight = rig.entry(point.cut().moment().entry());
            if (inFlight.disk().simulated().op(inFlight.opIndex()) instanceof DeviceOp.Write w) {
                for (long s = w.firstSector(); s <= w.lastSector(); s++) {
                    lastWrite.remove(s);
                }
            }
        }
        return new LogJournal(rig, lastWrite, lastFlush);
    }

    /**
     * The engine acknowledged every record through model LSN {@code modelLsn} as durable once journal entry {@code
     * entry} was reached (a step returned, or {@code open} recovered them): a write it issued from there on can say so.
     */
    private record Acked(int entry, long modelLsn) {
    }

    private void acknowledged(int entry, long modelLsn) {
        if (modelLsn > 0 && (acked.isEmpty() || acked.getLast().modelLsn() < modelLsn)) {
            acked.add(new Acked(entry, modelLsn));
        }
    }

    /**
     * Why a rotten {@code sector} cannot pass for the log's torn tail at {@code point}, if it cannot: the engine had
     * acknowledged the records through {@link RecoveryCheck.Proof#modelLsn} as durable, and then made durable a write
     * of a client step to another sector, which nothing wrote again before the power loss, so every image of the
     * point holds it intact. That write could say what was durable when it was issued (every page of txstack's log
     * does), so losing those records to the rot is damage the engine can see, not a tail a power loss tore: recovery
     * must fail or show them all. Damage to the last records acknowledged before any later write became durable may
     * still pass for a torn tail. Only a sector the client's appends and flushes wrote and no restart-area step did
     * counts (never a restart copy: a rotten copy may cost records). Empty if no such write, or if the engine does not
     * claim that its writes prove durability (a log on a volume writes the volume's metadata and a second copy of each
     * page, which its recovery cannot read as proof).
     */
    private Optional<RecoveryCheck.Proof> proof(FaultPoint<Expectation> point, long sector) {
        if (!provesDurability || !logSectors.contains(sector) || restartStepSectors.contains(sector)) {
            return Optional.empty();
        }
        int completed = point.cut().moment().during() ? point.cut().moment().entry() - 1
                : point.cut().moment().entry();
        LogJournal journal = logJournal(point);
        for (Acked a : acked.reversed()) {
            for (int e = a.entry(); e <= completed; e++) {
                Rig.Entry entry = rig.entry(e);
                if (!clientEntries.get(e) || !Devices.LOG.equals(entry.disk().name())
                        || !(entry.disk().simulated().op(entry.opIndex()) instanceof DeviceOp.Write w)
                        || !journal.durable(e)) {
                    continue;
                }
                for (long s = w.firstSector(); s <= w.lastSector(); s++) {
                    if (s != sector && Integer.valueOf(e).equals(journal.lastWrite().get(s))) {
                        return Optional.of(new RecoveryCheck.Proof(a.modelLsn(), a.entry(), w.index(), s));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Set<Long> sectorsOf(DeviceOp.Write w) {
        Set<Long> sectors = new HashSet<>();
        for (long s = w.firstSector(); s <= w.lastSector(); s++) {
            sectors.add(s);
        }
        return sectors;
    }

    /**
     * LFS-2 with a failed write: the restart-copy write in flight failed and left its sectors unreadable. The other
     * copy must still give the last restart area written completely. Which write is the copy the suite learns from
     * the contract (the last write of {@link LogService#writeRestartArea}), and a violation says so.
     */
    private void unreadableRestartCopy(FaultPoint<Expectation> point, DeviceOp.Write w) {
        String fault = "fault: restart-copy write #" + w.index() + " failed and left sectors " + w.firstSector()
                + ".." + w.lastSector() + " unreadable (DISK-4)";
        String assumed = "the suite assumed: write #" + w.index() + ", the last device write of writeRestartArea in "
                + point.span().label() + ", is the restart-area copy it writes (LogService.writeRestartArea: the copy "
                + "is its last write)";
        point.check(point.checked().getFirst(), fault,
                c -> withLog(point.cut(), c, i -> i.withUnreadable(sectorsOf(w))),
                r -> {
                    try {
                        recover(r, point.allowed(), Depth.CHECK, 0);
                        return Optional.empty();
                    } catch (Violated v) {
                        return Optional.of(new Violation(Requirement.LFS_2, "with one restart copy unreadable, "
                                + "recovery lost the restart area (" + v.violation().property() + ": "
                                + v.violation().summary() + ")", v.violation().details() + "\n" + assumed));
                    }
                });
        context.stats().checked(Requirement.LFS_2);
    }

    /**
     * DISK-4 with a failed write whose content the SPI does not name (the last write of the format or of a
     * recovery): its sectors are unreadable. The suite assumes nothing about what they held, so recovery may fail or
     * lose records (no promise covers that write), but must not return a restart area or a record the client never
     * wrote.
     */
    private void unreadableWrite(FaultPoint<Expectation> point, DeviceOp.Write w) {
        String fault = "fault: write #" + w.index() + " of " + point.span().label() + " failed and left sectors "
                + w.firstSector() + ".." + w.lastSector() + " unreadable (DISK-4; the suite does not assume what it "
                + "held)";
        point.check(point.checked().getFirst(), fault,
                c -> withLog(point.cut(), c, i -> i.withUnreadable(sectorsOf(w))),
                r -> recovery.checkCorrupted(r, point.allowed(), restartsWritten, "an unreadable sector",
                        Optional.empty()));
    }

    private static Map<String, CrashImage> withLog(CrashCut cut, int[][] choice,
                                                   Function<CrashImage, CrashImage> fault) {
        Map<String, CrashImage> images = new HashMap<>(cut.images(choice));
        images.put(Devices.LOG, fault.apply(images.get(Devices.LOG)));
        return images;
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
            if (errorArmed) {
                throw new EngineGaveUp(e);
            }
            throw new Violated(Requirement.LFS_4, what + " failed", "step " + index + ": " + e);
        }
    }

    private RuntimeException failed(int index, LfsStep step, RuntimeException e) {
        if (e instanceof LimitExceededException limit) {
            return limit;
        }
        if (errorArmed) {
            return new EngineGaveUp(e);
        }
        return new Violated(Requirement.LFS_4, step.getClass().getSimpleName() + " failed on a valid call",
                "step " + index + " (" + step + "): " + e);
    }

    /** The step's line for the trace (the run writes it). */
    private void line(int index, LfsStep step, String text) {
        outcome = text;
    }

    /** LSNs only grow (LFS-3): {@code lsn} must be above the previous record's. */
    private static void requireAbove(long lsn, OptionalLong previous, int index) {
        if (previous.isPresent() && lsn <= previous.getAsLong()) {
            throw new Violated(Requirement.LFS_3, "an LSN is not above the previous record's",
                    "step " + index + ": LSN " + lsn + " after record LSN " + previous.getAsLong());
        }
    }
}
