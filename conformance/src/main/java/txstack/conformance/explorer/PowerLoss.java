package txstack.conformance.explorer;

import java.util.function.Function;
import txstack.conformance.rig.CrashCut;

/**
 * A step that cuts the power in the middle of a workload: the run recovers from one crash state and goes on from
 * what recovery returned (a new incarnation).
 *
 * @param entriesBack how many journal entries before the newest one the power is lost (0: after the newest)
 * @param image       which image of that cut persists
 */
public record PowerLoss(int entriesBack, Function<CrashCut, int[][]> image) {

    public PowerLoss {
        if (entriesBack < 0) {
            throw new IllegalArgumentException("entriesBack=" + entriesBack + " must not be negative");
        }
    }
}
