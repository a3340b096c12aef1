package txstack.conformance.trace;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import txstack.model.Bytes;
import txstack.model.lfs.CrashedLog;
import txstack.model.lfs.LogBounds;
import txstack.model.lfs.LogState;
import txstack.model.lfs.Record;
import txstack.model.lfs.Restart;
import txstack.model.lfs.RestartOutcome;
import txstack.spec.LfsTraces;
import txstack.spec.LfsTraces.CrashPoint;
import txstack.spec.LfsTraces.Obs;
import txstack.spec.LfsTraces.Step;

/**
 * Seeded random walks of the LFS reference model, each step recorded as the spec action it takes (or the read it
 * serves) and the state the model then shows ({@code Obs} in {@code Lfs.tla}). The model runs with the spec's
 * geometry: one record per page, {@code slots} pages, empty payloads, client data one byte naming a value of
 * {@code Data}.
 *
 * <p>A crash draws its outcome first, as the disk would: each pending page still in the cache reaches the disk or not,
 * a restart copy in flight ends old, new or torn. The model then says what recovery returns for that outcome
 * ({@link CrashedLog#recover(Set, RestartOutcome)}), so a page persisted beyond the first one lost stays behind the
 * recovered end, as a stale page for later incarnations. Every state just before a crash, and the last state of a walk
 * if it is up, is a crash point: the model's whole set of allowed recoveries there ({@link CrashedLog#recoveries()})
 * is compared with what the spec's recovery reaches from it.
 */
public final class ModelTraces {
    /** Client-data values of the traces ({@code Data} in the spec; 0 means "none yet" there). */
    public static final Set<Integer> DATA = Set.of(1, 2);

    /** Things a trace may cover; tests assert that each happens, so that coverage cannot silently vanish. */
    public enum Coverage {
        APPEND_DURING_RESTART_WRITE, FLUSH_DURING_RESTART_WRITE, CRASH_DURING_RESTART_WRITE, STALE_PAGE_BEHIND_END,
        READ_FORWARD, READ_BACKWARD, SECOND_WRAP, TWO_CRASHES
    }

    /** What the model recovers to from a crash outcome; the model's own is {@link CrashedLog#recover}. */
    @FunctionalInterface
    public interface Recovery {
        LogState recover(CrashedLog crashed, Set<Long> persistedLsns, RestartOutcome restart);
    }

    /** A state to crash in: before step {@code step} (1-based; the length + 1 for the end) and the model there. */
    public record Point(int step, LogState before) {
    }

    /** One walk: its steps, its crash points and what it covered. */
    public record Trace(long seed, List<Step> steps, List<Point> points, Set<Coverage> coverage) {
        public Trace {
            steps = List.copyOf(steps);
            points = List.copyOf(points);
            coverage = Set.copyOf(coverage);
        }
    }

    private enum Kind {
        APPEND, FLUSH, ADVANCE_START, BEGIN_WRITE_RESTART, COMPLETE_WRITE_RESTART, READ_FORWARD, READ_BACKWARD, CRASH
    }

    private static final Map<Kind, Integer> WEIGHTS = new EnumMap<>(Map.of(
            Kind.APPEND, 30, Kind.FLUSH, 14, Kind.ADVANCE_START, 12, Kind.BEGIN_WRITE_RESTART, 10,
            Kind.COMPLETE_WRITE_RESTART, 12, Kind.READ_FORWARD, 6, Kind.READ_BACKWARD, 6, Kind.CRASH, 8));

    private final int slots;
    private final int maxLsn;
    private final int maxCrashes;
    private final Recovery recovery;

    /**
     * @param slots      N: pages of the logging area
     * @param maxLsn     appends stop at this LSN (bounds a trace)
     * @param maxCrashes crashes per trace at most
     * @param recovery   the model's recovery from a crash outcome; tests pass a wrong one to see TLC reject it
     */
    public ModelTraces(int slots, int maxLsn, int maxCrashes, Recovery recovery) {
        if (slots < 1 || maxLsn < 1 || maxCrashes < 0) {
            throw new IllegalArgumentException("slots=" + slots + " maxLsn=" + maxLsn + " maxCrashes=" + maxCrashes);
        }
        this.slots = slots;
        this.maxLsn = maxLsn;
        this.maxCrashes = maxCrashes;
        this.recovery = recovery;
    }

    /** The model's own recovery. */
    public ModelTraces(int slots, int maxLsn, int maxCrashes) {
        this(slots, maxLsn, maxCrashes, CrashedLog::recover);
    }

    public LfsTraces.Constants constants(List<Trace> traces) {
        return LfsTraces.Constants.covering(slots, DATA, traces.stream().map(Trace::steps).toList());
    }

    /** One walk of up to {@code steps} steps (a crash and its recovery are two) from the seed. */
    public Trace trace(long seed, int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        LogState state = LogState.formatted(new LogBounds(slots, 1, 0, 0, 1));
        List<Step> trace = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        Set<Coverage> coverage = new LinkedHashSet<>();
        int crashes = 0;
        while (trace.size() < steps) {
            boolean inFlight = state.inFlightRestart().isPresent();
            switch (pick(state, crashes, random)) {
                case APPEND -> {
                    state = state.append(Bytes.EMPTY);
                    trace.add(new Step.Append(obs(state, true)));
                    cover(coverage, inFlight, Coverage.APPEND_DURING_RESTART_WRITE);
                    cover(coverage, state.nextLsn() - 1 > 2L * slots, Coverage.SECOND_WRAP);
                }
                case FLUSH -> {
                    long lsn = between(random, state.flushedLsn() + 1, state.nextLsn() - 1);
                    state = state.flush(lsn);
                    trace.add(new Step.Flush(lsn, obs(state, true)));
                    cover(coverage, inFlight, Coverage.FLUSH_DURING_RESTART_WRITE);
                }
                case ADVANCE_START -> {
                    long lsn = between(random, state.startLsn() + 1, state.nextLsn());
                    state = state.advanceStart(lsn);
                    trace.add(new Step.AdvanceStart(lsn, obs(state, true)));
                }
                case BEGIN_WRITE_RESTART -> {
                    int data = 1 + random.nextInt(DATA.size());
                    state = state.beginWriteRestart(Bytes.of(new byte[] {(byte) data}));
                    trace.add(new Step.BeginWriteRestart(data, obs(state, true)));
                }
                case COMPLETE_WRITE_RESTART -> {
                    state = state.completeWriteRestart();
                    trace.add(new Step.CompleteWriteRestart(obs(state, true)));
                }
                case READ_FORWARD -> {
                    long from = between(random, state.startLsn(), state.nextLsn());
                    int max = random.nextInt(slots + 1);
                    trace.add(new Step.ReadForward(from, max, lsns(state.readForward(from, max)), obs(state, true)));
                    coverage.add(Coverage.READ_FORWARD);
                }
                case READ_BACKWARD -> {
                    long from = between(random, state.startLsn(), state.nextLsn() - 1);
                    int max = random.nextInt(slots + 1);
                    trace.add(new Step.ReadBackward(from, max, lsns(state.readBackward(from, max)), obs(state, true)));
                    coverage.add(Coverage.READ_BACKWARD);
                }
                case CRASH -> {
                    points.add(new Point(trace.size() + 1, state));
                    cover(coverage, inFlight, Coverage.CRASH_DURING_RESTART_WRITE);
                    state = crashAndRecover(state, random, trace, coverage);
                    crashes++;
                    cover(coverage, crashes >= 2, Coverage.TWO_CRASHES);
                }
                default -> throw new IllegalStateException("unreachable");
            }
        }
        points.add(new Point(trace.size() + 1, state));
        return new Trace(seed, trace, points, coverage);
    }

    /** The crash points of these traces, in order, as the spec module names them. */
    public static List<CrashPoint> crashPoints(List<Trace> traces) {
        List<CrashPoint> points = new ArrayList<>();
        for (int t = 0; t < traces.size(); t++) {
            for (Point p : traces.get(t).points()) {
                points.add(new CrashPoint(t + 1, p.step()));
            }
        }
        return points;
    }

    /**
     * What the model allows at each crash point, in the order of {@link #crashPoints}, as recovered {@code Obs};
     * {@code allowed} is the model's {@link CrashedLog#recoveries()} or, in tests, a wrong one.
     */
    public static List<Set<Obs>> allowedRecoveries(List<Trace> traces, Function<CrashedLog, List<LogState>> allowed) {
        return traces.stream().flatMap(t -> t.points().stream())
                .map(p -> Set.copyOf(allowed.apply(p.before().crash()).stream().map(s -> obs(s, true)).toList()))
                .toList();
    }

    private Kind pick(LogState s, int crashes, SplittableRandom random) {
        boolean idle = s.inFlightRestart().isEmpty();
        Map<Kind, Boolean> enabled = new EnumMap<>(Map.of(
                Kind.APPEND, s.nextLsn() <= maxLsn && s.mayAppend(0),
                Kind.FLUSH, s.flushedLsn() + 1 < s.nextLsn(),
                Kind.ADVANCE_START, idle && s.startLsn() < s.nextLsn(),
                Kind.BEGIN_WRITE_RESTART, idle,
                Kind.COMPLETE_WRITE_RESTART, !idle,
                Kind.READ_FORWARD, true,
                Kind.READ_BACKWARD, s.startLsn() < s.nextLsn(),
                Kind.CRASH, crashes < maxCrashes));
        int total = 0;
        for (Kind k : Kind.values()) {
            total += enabled.get(k) ? WEIGHTS.get(k) : 0;
        }
        int roll = random.nextInt(total);
        for (Kind k : Kind.values()) {
            if (enabled.get(k)) {
                roll -= WEIGHTS.get(k);
                if (roll < 0) {
                    return k;
                }
            }
        }
        throw new IllegalStateException("weights do not add up: total=" + total);
    }

    /**
     * Draws the crash outcome: each unflushed record whose page is still in the cache (the last {@code slots}
     * LSNs) reaches the disk or not, independently; a restart copy in flight ends old, new or torn.
     */
    private LogState crashAndRecover(LogState before, SplittableRandom random, List<Step> trace,
                                     Set<Coverage> coverage) {
        Set<Long> persisted = new HashSet<>();
        for (long lsn = Math.max(before.flushedLsn() + 1, before.nextLsn() - slots); lsn < before.nextLsn(); lsn++) {
            if (random.nextBoolean()) {
                persisted.add(lsn);
            }
        }
        RestartOutcome restart = before.inFlightRestart().isEmpty() ? RestartOutcome.NONE
                : List.of(RestartOutcome.OLD, RestartOutcome.NEW, RestartOutcome.TORN).get(random.nextInt(3));
        LogState after = recovery.recover(before.crash(), persisted, restart);
        trace.add(new Step.Crash(persisted, spec(restart), obs(before, false)));
        trace.add(new Step.Recover(obs(after, true)));
        cover(coverage, persisted.stream().anyMatch(lsn -> lsn >= after.nextLsn()), Coverage.STALE_PAGE_BEHIND_END);
        return after;
    }

    private static LfsTraces.RestartOutcome spec(RestartOutcome restart) {
        return LfsTraces.RestartOutcome.valueOf(restart.name());
    }

    private static void cover(Set<Coverage> coverage, boolean happened, Coverage item) {
        if (happened) {
            coverage.add(item);
        }
    }

    private static List<Long> lsns(List<Record> records) {
        return records.stream().map(Record::lsn).toList();
    }

    /** The model's state as the spec's Obs shows it. */
    public static Obs obs(LogState state, boolean up) {
        Restart held = state.readRestartArea();
        return new Obs(state.nextLsn(), state.flushedLsn(), state.startLsn(), held.startLsn(), dataId(held), up);
    }

    private static int dataId(Restart restart) {
        byte[] data = restart.clientData().toArray();
        return data.length == 0 ? 0 : data[0];
    }

    private static long between(SplittableRandom random, long lowInclusive, long highInclusive) {
        return lowInclusive + random.nextLong(highInclusive - lowInclusive + 1);
    }

    /** The coverage of several traces: how many traces saw each item. */
    public static Map<Coverage, Integer> coverageCounts(List<Trace> traces) {
        Map<Coverage, Integer> counts = new EnumMap<>(Coverage.class);
        for (Coverage c : Coverage.values()) {
            counts.put(c, (int) traces.stream().filter(t -> t.coverage().contains(c)).count());
        }
        return counts;
    }

    /** For messages: the seeds of the traces. */
    public static String seeds(List<Trace> traces) {
        return new TreeSet<>(traces.stream().map(Trace::seed).toList()).toString();
    }
}
