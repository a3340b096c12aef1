package txstack.conformance.cli;

import java.util.Locale;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.lfs.LfsDevice;

/** The one-line command that replays one workload of an exploration exactly. */
public final class ReplayCommand {
    /** How the launcher script is called from the project root. */
    public static final String LAUNCHER = "./txstack";

    private ReplayCommand() {
    }

    /** E.g. {@code ./txstack conform lfs --engine txstack:NO_EPOCH --mode exhaustive --seed 7 --workload 3 ...}. */
    public static String lfs(String engine, LfsDevice device, ExplorerOptions options, int workload) {
        return LAUNCHER + " conform lfs --engine " + engine + " --mode "
                + options.mode().name().toLowerCase(Locale.ROOT) + " --seed " + options.seed() + " --workload "
                + workload + " --steps " + options.stepsMax() + " --sector-size " + device.sectorSizeBytes()
                + " --sectors " + device.sectorCount();
    }
}
