package txstack.conformance.explorer;

import java.util.function.Function;
import txstack.conformance.rig.CrashCut;

/**
 * A step that cuts the power in the middle of a workload, or kills only the engine's process: the run recovers from
 * one crash state and goes on from what recovery returned (a new incarnation).
 *
 * @param entriesBack how many journal entries before the newest one the power is lost (0: after the newest)
 * @param image       which image of that cut persists (not asked for a process crash)
 * @param processOnly the process dies, the machine keeps running: every write issued is there to read and those not
 *                    yet durable stay in the devices' caches ({@link CrashCut#restoreKeepingCache()})
 */
public record PowerLoss(int entriesBack, Function<CrashCut, int[][]> image, boolean processOnly) {

    public PowerLoss {
        if (entriesBack < 0) {
            throw new IllegalArgumentException("entriesBack=" + entriesBack + " must not be negative");
        }
    }

    /** A power loss. */
    public PowerLoss(int entriesBack, Function<CrashCut, int[][]> image) {
        this(entriesBack, image, false);
    }

    /** A process crash {@code entriesBack} journal entries before the newest one. */
    public static PowerLoss processCrash(int entriesBack) {
        return new PowerLoss(entriesBack, cut -> cut.allLanded(), true);
    }
}
