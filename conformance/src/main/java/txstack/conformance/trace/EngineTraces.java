package txstack.conformance.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import txstack.conformance.disk.CrashImage;
import txstack.conformance.disk.DeviceOp;
import txstack.conformance.explorer.ImageSpec;
import txstack.conformance.lfs.LfsDevice;
import txstack.conformance.rig.CrashCut;
import txstack.conformance.rig.Moment;
import txstack.conformance.rig.Rig;
import txstack.model.Bytes;
import txstack.model.lfs.LogBounds;
import txstack.model.lfs.LogState;
import txstack.model.lfs.RestartOutcome;
import txstack.spec.LfsTraces;
import txstack.spec.LfsTraces.Obs;
import txstack.spec.LfsTraces.Step;
import txstack.spi.disk.Devices;
import txstack.spi.lfs.LogEngine;
import txstack.spi.lfs.LogFullException;
import txstack.spi.lfs.LogRecord;
import txstack.spi.lfs.LogService;
import txstack.spi.lfs.RestartArea;

/**
 * Traces of a real log engine, driven through the SPI on the simulated disk, as behaviours of {@code Lfs.tla}: what
 * the engine does and returns, mapped to the spec's abstract LSNs (the n-th record appended since the format is LSN
 * n, whatever the engine calls it). Crashes are real power losses: the engine's own device writes, an image drawn
 * from them (lost, landed, torn), and the engine's own recovery; some fall while the restart-area copy is being
 * written. TLC then checks that each trace is a behaviour of the spec, as CCF and etcd-raft check theirs.
 *
 * <p>What comes from the engine: the LSN order of appends, the start it reports, the restart area it reads back after
 * a write and after a recovery, the records every read returns, and everything a recovery shows (how many records,
 * from which start, with which client data). What the mapping supplies, since the SPI does not report it: the
 * durable point (what the client's flushes asked for; an engine may flush more, which the spec sees as pages that
 * may persist) and, for a crash, which pending records reached the disk (exactly those the engine recovered beyond
 * the durable point, the only choice under which the spec's recovery can show what the engine showed). A recovery
 * that lost a flushed record, fell back to an older restart area, or showed a record never written at that position
 * therefore has no matching spec step: TLC stops there (such a step shows LSN 0, which no spec state has; a recovery
 * that throws shows all zeros).
 *
 * <p>The spec's geometry is one record per page: {@code slots} pages, at least the records the engine's log holds,
 * so every append the engine takes the spec allows. Records are {@value #PAYLOAD_BYTES} bytes (several pages each on
 * 512-byte sectors, so recovery meets torn multi-page records); client data is one byte naming a value of {@code
 * Data}.
 */
public final class EngineTraces {
    /** Client-data values of the traces ({@code Data} in the spec). */
    public static final Set<Integer> DATA = Set.of(1, 2);
    /** Payload of every record: its content names the trace, the abstract LSN and the incarnation. */
    public static final int PAYLOAD_BYTES = 1500;

    /** One trace: its steps, the engine's calls that made them, and the number of crashes. */
    public record Trace(long seed, List<Step> steps, List<String> calls, int crashes, int restartWriteCrashes) {
        public Trace {
            steps = List.copyOf(steps);
            calls = List.copyOf(calls);
        }
    }

    private final LogEngine engine;
    private final LfsDevice device;
    private final int slots;
    private final int maxLsn;
    private final int maxCrashes;

    /**
     * @param maxLsn     appends stop at this abstract LSN (bounds a trace), at least 1
     * @param maxCrashes crashes per trace at most, at least 0
     */
    public EngineTraces(LogEngine engine, LfsDevice device, int maxLsn, int maxCrashes) {
        if (maxLsn < 1 || maxCrashes < 0) {
            throw new IllegalArgumentException("maxLsn=" + maxLsn + " must be at least 1 and maxCrashes=" + maxCrashes
                    + " at least 0");
        }
        this.engine = engine;
        this.device = device;
        this.maxLsn = maxLsn;
        this.maxCrashes = maxCrashes;
        txstack.spi.lfs.LogSpace space = engine.space(Devices.one(Devices.LOG,
                new txstack.conformance.disk.SimulatedDisk(device.sectorSizeBytes(), device.sectorCount())));
        // Every record the engine's ring could hold, and two more: the spec must allow whatever the engine takes.
        this.slots = (int) (space.capacityBytes() / (PAYLOAD_BYTES + space.recordOverheadBytes())) + 2;
    }

    /** N of the spec: pages of its logging area. */
    public int slots() {
        return slots;
    }

    public LfsTraces.Constants constants(List<Trace> traces) {
        return LfsTraces.Constants.covering(slots, DATA, traces.stream().map(Trace::steps).toList());
    }

    /** One trace of up to {@code steps} steps from the seed (a crash and its recovery are two). */
    public Trace trace(long seed, int steps) {
        return new Walk(seed).run(steps);
    }

    private final class Walk {
        private final long seed;
        private final SplittableRandom random;
        private final List<Step> trace = new ArrayList<>();
        private final List<String> calls = new ArrayList<>();
        /** Real LSN of each abstract LSN (index 0 unused), and the abstract LSN of each real record or end. */
        private final List<Long> real = new ArrayList<>(List.of(0L));
        /** The payload appended at each abstract LSN (index 0 unused). */
        private final List<byte[]> payloads = new ArrayList<>(List.of(new byte[0]));
        private final Map<Long, Long> toAbstract = new HashMap<>();
        private Rig rig;
        private LogService log;
        /** The abstract state: the spec's geometry, the engine's observations folded in. */
        private LogState model;
        private int incarnation;
        private int crashes;
        private int restartWriteCrashes;
        /** False once the engine showed something the spec cannot: the trace ends with that step. */
        private boolean consistent = true;

        Walk(long seed) {
            this.seed = seed;
            this.random = new SplittableRandom(seed);
        }

        Trace run(int steps) {
            rig = new Rig();
            rig.add(Devices.LOG, "machine", CrashImage.blank(device.sectorSizeBytes(), device.sectorCount()));
            log = engine.format(rig.devices());
            model = LogState.formatted(new LogBounds(slots, 1, 0, 0, 1));
            position(1, log.endLsn());
            while (trace.size() < steps && consistent) {
                int roll = random.nextInt(100);
                if (roll < 34) {
                    append();
                } else if (roll < 50) {
                    flush();
                } else if (roll < 62) {
                    advanceStart();
                } else if (roll < 74) {
                    writeRestartArea(crashes < maxCrashes && random.nextInt(4) == 0);
                } else if (roll < 80) {
                    readForward();
                } else if (roll < 86) {
                    readBackward();
                } else if (crashes < maxCrashes) {
                    crash(null);
                }
            }
            return new Trace(seed, trace, calls, crashes, restartWriteCrashes);
        }

        private void append() {
            if (model.nextLsn() > maxLsn || !model.mayAppend(0)) {
                return;
            }
            long lsn;
            byte[] payload = payload(model.nextLsn());
            try {
                lsn = log.append(payload);
            } catch (LogFullException e) {
                calls.add("append: log full (no step)");
                return;
            }
            model = model.append(Bytes.EMPTY);
            long abstractLsn = model.nextLsn() - 1;
            real.add(lsn);
            payloads.add(payload);
            toAbstract.put(lsn, abstractLsn);
            position(model.nextLsn(), log.endLsn());
            calls.add("append -> " + lsn);
            trace.add(new Step.Append(obs(true)));
        }

        private void flush() {
            if (model.flushedLsn() + 1 >= model.nextLsn()) {
                return;
            }
            long lsn = between(model.flushedLsn() + 1, model.nextLsn() - 1);
            log.flush(real.get((int) lsn));
            model = model.flush(lsn);
            calls.add("flush(" + real.get((int) lsn) + ")");
            trace.add(new Step.Flush(lsn, obs(true)));
        }

        private void advanceStart() {
            if (model.startLsn() >= model.nextLsn()) {
                return;
            }
            long lsn = between(model.startLsn() + 1, model.nextLsn());
            long realLsn = realPosition(lsn);
            log.advanceStart(realLsn);
            model = model.advanceStart(lsn);
            calls.add("advanceStart(" + realLsn + ")");
            Obs seen = obs(true);
            trace.add(new Step.AdvanceStart(lsn, new Obs(seen.nextLsn(), seen.flushedLsn(),
                    abstractOf(log.startLsn()), seen.rsStart(), seen.rsData(), true)));
        }

        /** BeginWriteRestart and CompleteWriteRestart, or, crashing, BeginWriteRestart, Crash and Recover. */
        private void writeRestartArea(boolean crashDuring) {
            int data = 1 + random.nextInt(DATA.size());
            int from = rig.size();
            log.writeRestartArea(new byte[] {(byte) data});
            calls.add("writeRestartArea(" + data + ")" + (crashDuring ? " and a power loss during its copy write"
                    : ""));
            LogState begun = model.beginWriteRestart(Bytes.of(new byte[] {(byte) data}));
            int copyWrite = -1;
            for (int e = from; e < rig.size(); e++) {
                if (rig.entry(e).disk().simulated().op(rig.entry(e).opIndex()) instanceof DeviceOp.Write) {
                    copyWrite = e;
                }
            }
            if (crashDuring && copyWrite >= 0) {
                model = begun;
                trace.add(new Step.BeginWriteRestart(data, ModelTraces.obs(model, true)));
                restartWriteCrashes++;
                boolean fua = rig.entry(copyWrite).disk().isForceUnitAccessWrite(rig.entry(copyWrite).opIndex());
                crash(new Moment(copyWrite, fua));
                return;
            }
            model = begun;
            trace.add(new Step.BeginWriteRestart(data, ModelTraces.obs(model, true)));
            model = model.completeWriteRestart();
            RestartArea read = log.readRestartArea();
            Obs seen = obs(true);
            trace.add(new Step.CompleteWriteRestart(new Obs(seen.nextLsn(), seen.flushedLsn(), seen.startLsn(),
                    abstractOf(read.startLsn()), dataOf(read), true)));
        }

        private void readForward() {
            long from = between(model.startLsn(), model.nextLsn());
            int max = random.nextInt(slots + 1);
            List<LogRecord> got = log.readForward(realPosition(from), max);
            calls.add("readForward(" + realPosition(from) + ", " + max + ") -> " + got.size());
            trace.add(new Step.ReadForward(from, max, abstractLsns(got), obs(true)));
        }

        private void readBackward() {
            if (model.startLsn() >= model.nextLsn()) {
                return;
            }
            long from = between(model.startLsn(), model.nextLsn() - 1);
            int max = random.nextInt(slots + 1);
            List<LogRecord> got = log.readBackward(real.get((int) from), max);
            calls.add("readBackward(" + real.get((int) from) + ", " + max + ") -> " + got.size());
            trace.add(new Step.ReadBackward(from, max, abstractLsns(got), obs(true)));
        }

        /**
         * A power loss at {@code at} (null: after the last device operation), an image drawn from the writes pending
         * there, and the engine's recovery; then Crash and Recover as the spec names them.
         */
        private void crash(Moment at) {
            Moment moment = at != null ? at : rig.size() == 0 ? Moment.start() : new Moment(rig.size() - 1, false);
            CrashCut cut = rig.cut(moment, Set.of());
            int roll = random.nextInt(4);
            ImageSpec image = roll == 0 ? new ImageSpec.AllLost() : roll == 1 ? new ImageSpec.AllLanded()
                    : new ImageSpec.Random(random.nextLong());
            Rig restored = cut.restore(image.choose(cut));
            LogState before = model;
            crashes++;
            incarnation++;
            rig = restored;
            RestartArea restart;
            List<LogRecord> records;
            try {
                log = engine.open(rig.devices());
                restart = log.readRestartArea();
                records = log.readForward(restart.startLsn(), Integer.MAX_VALUE);
            } catch (RuntimeException e) {
                // A recovery that fails on a state a power loss may leave: no Recover of the spec matches.
                calls.add("power loss at " + moment + " (" + image + ") and open: " + e);
                consistent = false;
                trace.add(new Step.Crash(Set.of(), before.inFlightRestart().isEmpty() ? LfsTraces.RestartOutcome.NONE
                        : LfsTraces.RestartOutcome.OLD, ModelTraces.obs(before, false)));
                trace.add(new Step.Recover(new Obs(0, 0, 0, 0, 0, true)));
                return;
            }
            long rsStart = abstractOf(restart.startLsn());
            long end = rsStart;
            for (LogRecord r : records) {
                if (end < 1 || end >= real.size() || r.lsn() != real.get((int) end)
                        || !Arrays.equals(r.payload(), payloads.get((int) end))) {
                    consistent = false; // a record never written at that position: no Obs of the spec shows it
                    break;
                }
                end++;
            }
            int rsData = dataOf(restart);
            Set<Long> persisted = new TreeSet<>();
            for (long l = before.flushedLsn() + 1; l < end; l++) {
                persisted.add(l);
            }
            RestartOutcome outcome = before.inFlightRestart().isEmpty() ? RestartOutcome.NONE
                    : rsData == dataOf(before.inFlightRestart().get().clientData()) && rsStart == before
                            .inFlightRestart().get().startLsn() ? RestartOutcome.NEW : RestartOutcome.OLD;
            calls.add("power loss at " + moment + " (" + image + ") and open: restart start " + restart.startLsn()
                    + ", " + records.size() + " records");
            trace.add(new Step.Crash(persisted, LfsTraces.RestartOutcome.valueOf(outcome.name()),
                    ModelTraces.obs(before, false)));
            Obs recovered = new Obs(consistent ? end : 0, end - 1, abstractOf(log.startLsn()), rsStart, rsData,
                    true);
            trace.add(new Step.Recover(recovered));
            if (!consistent) {
                return;
            }
            model = before.crash().recover(persisted, outcome);
            if (!ModelTraces.obs(model, true).equals(recovered)) {
                consistent = false; // what the engine showed is no recovery the model allows: TLC must say so
                return;
            }
            real.subList((int) end, real.size()).clear();
            payloads.subList((int) end, payloads.size()).clear();
            long recoveredEnd = end;
            toAbstract.values().removeIf(l -> l > recoveredEnd);
            position(end, log.endLsn());
        }

        /** The state after a step: the abstract state, with the engine's own end. */
        private Obs obs(boolean up) {
            Obs o = ModelTraces.obs(model, up);
            return new Obs(abstractOf(log.endLsn()), o.flushedLsn(), o.startLsn(), o.rsStart(), o.rsData(), up);
        }

        private void position(long abstractLsn, long realLsn) {
            toAbstract.putIfAbsent(realLsn, abstractLsn);
        }

        /**
         * The abstract LSN of a real record LSN or end; 0 for one the trace never saw: no LSN of the spec is 0, so no
         * Obs or read matches it.
         */
        private long abstractOf(long realLsn) {
            return toAbstract.getOrDefault(realLsn, 0L);
        }

        /** The real position of abstract LSN {@code lsn}: a record's LSN, or the engine's end. */
        private long realPosition(long lsn) {
            return lsn < real.size() ? real.get((int) lsn) : log.endLsn();
        }

        private List<Long> abstractLsns(List<LogRecord> records) {
            return records.stream().map(r -> abstractOf(r.lsn())).toList();
        }

        private byte[] payload(long abstractLsn) {
            byte[] p = new byte[PAYLOAD_BYTES];
            new SplittableRandom(seed * 31 + abstractLsn * 1_000_003L + incarnation).nextBytes(p);
            return p;
        }

        private long between(long lowInclusive, long highInclusive) {
            return lowInclusive + random.nextLong(highInclusive - lowInclusive + 1);
        }
    }

    private static int dataOf(RestartArea restart) {
        return restart.clientData().length == 0 ? 0 : restart.clientData()[0];
    }

    private static int dataOf(Bytes clientData) {
        return clientData.length() == 0 ? 0 : clientData.toArray()[0];
    }
}
