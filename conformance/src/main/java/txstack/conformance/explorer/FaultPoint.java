package txstack.conformance.explorer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import txstack.conformance.disk.CrashImage;
import txstack.conformance.rig.CrashCut;
import txstack.conformance.rig.Rig;

/**
 * One crash point whose plain images held, handed to {@link LayerRun#faults} to check images with a fault injected.
 *
 * @param cut     the power loss
 * @param span    the span the moment is in
 * @param allowed what the model allows there
 * @param where   a readable description of the moment
 * @param checked the choices the sweep checked at this point (at least one)
 * @param context the workload's exploration context
 * @param <E>     the layer's expectation type
 */
public record FaultPoint<E>(CrashCut cut, Span<E> span, E allowed, String where, List<int[][]> checked,
                            CaseContext context) {

    /**
     * Checks one faulted crash state: {@code images} makes the disks' images for a choice (with the fault), {@code
     * judge} recovers and judges a rig restored from them. Counted as a crash state with an injected fault; a
     * violation is thrown with the evidence ({@code fault} names the fault) and a replay over other choices.
     */
    public void check(int[][] choice, String fault, Function<int[][], Map<String, CrashImage>> images,
                      Function<Rig, Optional<Violation>> judge) {
        context.stats().increment(Stats.Counter.FAULT_STATES);
        context.stats().increment(Stats.Counter.CRASH_STATES);
        Function<int[], Optional<Violation>> recheck = flat -> {
            int[][] c = CrashCut.split(flat, choice);
            return judge.apply(cut.restore(images.apply(c)))
                    .map(v -> Violated.prefixed(v, WorkloadRun.evidence(where, cut, c) + "\n" + fault));
        };
        int[] flat = CrashCut.flatten(choice);
        Optional<Violation> v = recheck.apply(flat);
        if (v.isPresent()) {
            throw new Violated(v.get(), Optional.of(WorkloadRun.replayOf(flat, recheck)));
        }
    }
}
