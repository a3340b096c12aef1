package txstack.conformance.explorer;

import java.util.Optional;
import txstack.conformance.rig.Rig;

/**
 * What one layer suite supplies for one workload; {@link WorkloadRun} does the rest (the step loop, the trace, the
 * crash sweep, crashes during recovery, fault images, evidence and replays). A layer says how to set up its engine on
 * a rig, how a step runs on the engine and the model side by side, what the model allows after a crash, how to
 * recover and observe the engine, and how to judge the observed against the allowed. Judging throws {@link Violated}.
 *
 * @param <S> the layer's step type
 * @param <E> what the model allows after a crash at one moment (the layer's expectation)
 */
public interface LayerRun<S, E> {

    /** How a recovery is run: to go on from it, as a check of a crash state, or inside another recovery's crash. */
    enum Depth {
        /** The run goes on from what recovery returned (a power-loss step): keep the engine open. */
        CONTINUE,
        /** A crash state of the sweep: judge, then close the engine. */
        CHECK,
        /** A crash state inside a recovery: judge what the first crash allowed, then close the engine. */
        INNER
    }

    /** The rig and the engine set up on it (format, create), with the set-up's span. */
    record Start<E>(Rig rig, Span<E> setup, String outcome) {
    }

    /** Creates the rig's disks and sets up the engine and the model on them. */
    Start<E> start();

    /** False if the step cannot run in the present state (the trace says it was skipped). */
    default boolean applicable(S step) {
        return true;
    }

    /** The power loss this step stands for, if it is one. */
    default Optional<PowerLoss> powerLoss(S step) {
        return Optional.empty();
    }

    /** Runs a step on the engine and the model and compares their results. */
    StepOutcome<E> step(int index, S step);

    /** Checks after every step that the engine and the model agree (e.g. the log's end, the failed members). */
    default void afterStep(int index, S step) {
    }

    /**
     * Recovers the engine on {@code rig} (the disks a crash left) and judges what it shows against {@code allowed}.
     * With {@link Depth#CONTINUE} the recovered engine and the matching model state become the run's. {@code seed}
     * is the crash state's own: any seeded choice of the check (e.g. which member to fail next) must come from it,
     * so that a replay of the state checks the same thing.
     */
    Recovery<E> recover(Rig rig, E allowed, Depth depth, long seed);

    /**
     * Checks the crash point's fault images (DISK-4), after its plain images held; by default none. Use {@link
     * FaultPoint#check} so that violations carry evidence and a replay.
     */
    default void faults(FaultPoint<E> point) {
    }

    /** Checks at the end of the workload (e.g. read everything back). */
    default void finish() {
    }

    /** The workload is over or power was lost: drop the live engine without closing it (closing would write). */
    void abandon();

    /** True to sweep the crash points of each step right after it; false to sweep each incarnation as a whole. */
    default boolean sweepEachStep() {
        return true;
    }

    /**
     * True to sweep a power-loss step's recovery right after it returned, before the next step runs (for a layer whose
     * steps change the disks, e.g. fail one, so the recovery's crash states see the disks as it did); false to sweep
     * it with the next step.
     */
    default boolean sweepAfterRecovery() {
        return false;
    }

    /** Crash points checked inside one recovery (a seeded sample); 0 checks every one. */
    default int recoveryCrashPointsMax() {
        return 0;
    }

    /** Images checked per crash point inside a recovery, over all disks that lose power. */
    default int recoveryCombinationsMax() {
        return WorkloadRun.COMBINATIONS_MAX;
    }
}
