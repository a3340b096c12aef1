package txstack.conformance.trace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import txstack.model.Bytes;
import txstack.model.lfs.CrashedLog;
import txstack.model.lfs.LogBounds;
import txstack.model.lfs.LogState;
import txstack.model.lfs.Restart;
import txstack.spec.LfsTraces;
import txstack.spec.LfsTraces.Obs;
import txstack.spec.LfsTraces.RestartOutcome;
import txstack.spec.LfsTraces.Step;

/**
 * Random walks of the LFS reference model, each step recorded as the spec action it takes and the state the model
 * then shows ({@code Obs} in {@code Lfs.tla}). The model runs with the spec's geometry: one record per page,
 * {@code slots} pages, empty payloads, client data one byte naming a value of {@code Data}.
 *
 * <p>A crash picks one of the model's allowed recoveries ({@link CrashedLog#recoveries()}) and states, as the spec
 * needs it, which pending pages reached the disk: the records from the recovered start up to the recovered end.
 */
public final class ModelTraces {
    /** Client-data values of the traces ({@code Data} in the spec; 0 means "none yet" there). */
    public static final Set<Integer> DATA = Set.of(1, 2);

    private final int slots;
    private final int maxLsn;
    private final int maxCrashes;
    private final BiFunction<CrashedLog, SplittableRandom, LogState> chooseRecovery;

    /**
     * @param slots          N: pages of the logging area
     * @param maxLsn         appends stop at this LSN (bounds a trace)
     * @param maxCrashes     crashes per trace at most
     * @param chooseRecovery picks the state a crash recovers to; the model's own choice is
     *                       {@link #anyAllowedRecovery}; tests pass a wrong one to see TLC reject it
     */
    public ModelTraces(int slots, int maxLsn, int maxCrashes,
                       BiFunction<CrashedLog, SplittableRandom, LogState> chooseRecovery) {
        if (slots < 1 || maxLsn < 1 || maxCrashes < 0) {
            throw new IllegalArgumentException("slots=" + slots + " maxLsn=" + maxLsn + " maxCrashes=" + maxCrashes);
        }
        this.slots = slots;
        this.maxLsn = maxLsn;
        this.maxCrashes = maxCrashes;
        this.chooseRecovery = chooseRecovery;
    }

    /** The model's recoveries, uniformly. */
    public static LogState anyAllowedRecovery(CrashedLog crashed, SplittableRandom random) {
        List<LogState> allowed = crashed.recoveries();
        return allowed.get(random.nextInt(allowed.size()));
    }

    public LfsTraces.Constants constants(List<List<Step>> traces) {
        return LfsTraces.Constants.covering(slots, DATA, traces);
    }

    /** One trace of up to {@code steps} model actions, from the seed. */
    public List<Step> trace(long seed, int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        LogState state = LogState.formatted(new LogBounds(slots, 1, 0, 0, 1));
        List<Step> trace = new ArrayList<>();
        int crashes = 0;
        while (trace.size() < steps) {
            int pick = random.nextInt(100);
            if (pick < 35 && state.nextLsn() <= maxLsn && state.mayAppend(0)) {
                state = state.append(Bytes.EMPTY);
                trace.add(new Step.Append(obs(state, true)));
            } else if (pick < 55 && state.flushedLsn() + 1 < state.nextLsn()) {
                long lsn = between(random, state.flushedLsn() + 1, state.nextLsn() - 1);
                state = state.flush(lsn);
                trace.add(new Step.Flush(lsn, obs(state, true)));
            } else if (pick < 68 && state.startLsn() < state.nextLsn()) {
                long lsn = between(random, state.startLsn() + 1, state.nextLsn());
                state = state.advanceStart(lsn);
                trace.add(new Step.AdvanceStart(lsn, obs(state, true)));
            } else if (pick < 85) {
                int data = 1 + random.nextInt(DATA.size());
                state = state.beginWriteRestart(Bytes.of(new byte[] {(byte) data}));
                trace.add(new Step.BeginWriteRestart(data, obs(state, true)));
                if (crashes < maxCrashes && random.nextInt(4) == 0) {
                    state = crashAndRecover(state, random, trace);
                    crashes++;
                } else {
                    state = state.completeWriteRestart();
                    trace.add(new Step.CompleteWriteRestart(obs(state, true)));
                }
            } else if (crashes < maxCrashes) {
                state = crashAndRecover(state, random, trace);
                crashes++;
            }
        }
        return trace;
    }

    private LogState crashAndRecover(LogState before, SplittableRandom random, List<Step> trace) {
        CrashedLog crashed = before.crash();
        LogState after = chooseRecovery.apply(crashed, random);
        Set<Long> persisted = new HashSet<>();
        for (long lsn = Math.max(before.flushedLsn() + 1, after.restart().startLsn()); lsn < after.nextLsn(); lsn++) {
            persisted.add(lsn);
        }
        trace.add(new Step.Crash(persisted, restartOutcome(before, after.restart(), random), obs(before, false)));
        trace.add(new Step.Recover(obs(after, true)));
        return after;
    }

    /** How the restart copy in flight ended, as the spec names it: the recovered area is the old one or the new. */
    private static RestartOutcome restartOutcome(LogState before, Restart recovered, SplittableRandom random) {
        if (before.inFlightRestart().isEmpty()) {
            return RestartOutcome.NONE;
        }
        if (recovered.equals(before.inFlightRestart().get())) {
            return RestartOutcome.NEW;
        }
        return random.nextBoolean() ? RestartOutcome.OLD : RestartOutcome.TORN;
    }

    private static Obs obs(LogState state, boolean up) {
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
}
