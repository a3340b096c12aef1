package txstack.conformance.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.fs.FsSetup;
import txstack.conformance.ktm.KtmSetup;
import txstack.conformance.cluster.CsvSetup;
import txstack.conformance.mount.MountSetup;
import txstack.conformance.lfs.LfsDevice;
import txstack.conformance.recovery.RecoverySetup;
import txstack.conformance.volume.VolumeSetup;

/**
 * The one-line command that replays one workload of an exploration exactly, built the same way for every suite:
 * {@code ./txstack conform SUITE [--class-path PATH] --engine ENGINE --mode M --seed S --workload K --steps N}, then
 * the suite's own options. Words a shell would split or expand are single-quoted.
 */
public final class ReplayCommand {
    /** How the launcher script is called from the project root. */
    public static final String LAUNCHER = "./txstack";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private final StringBuilder line = new StringBuilder(LAUNCHER).append(" conform");

    /** The options every suite shares; add the suite's own with {@link #option(String, Object)}. */
    public ReplayCommand(String suite, String engine, Optional<String> classPath, ExplorerOptions options,
                         int workload) {
        word(suite);
        classPath.ifPresent(path -> option("--class-path", path));
        option("--engine", engine);
        option("--mode", options.mode().name().toLowerCase(Locale.ROOT));
        option("--seed", options.seed());
        option("--workload", workload);
        option("--steps", options.stepsMax());
    }

    /** Appends {@code name value}. */
    public ReplayCommand option(String name, Object value) {
        word(name);
        word(String.valueOf(value));
        return this;
    }

    private void word(String word) {
        line.append(' ').append(PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'");
    }

    @Override
    public String toString() {
        return line.toString();
    }

    /** E.g. {@code ./txstack conform lfs --engine txstack:NO_EPOCH --mode exhaustive --seed 7 --workload 3 ...}. */
    public static String lfs(String engine, LfsDevice device, ExplorerOptions options, int workload) {
        return lfs(engine, Optional.empty(), device, options, workload);
    }

    /** The LFS suite's line, with {@code --class-path} if the engine came from one. */
    public static String lfs(String engine, Optional<String> classPath, LfsDevice device, ExplorerOptions options,
                             int workload) {
        return new ReplayCommand("lfs", engine, classPath, options, workload)
                .option("--sector-size", device.sectorSizeBytes())
                .option("--sectors", device.sectorCount())
                .toString();
    }

    /** The volume suite's line, e.g. {@code ./txstack conform volume --engine txstack:NO_WRITE_HOLE_PROTECTION ...}. */
    public static String volume(String engine, Optional<String> classPath, VolumeSetup setup,
                                ExplorerOptions options, int workload) {
        return new ReplayCommand("volume", engine, classPath, options, workload)
                .option("--layout", setup.layout().name().toLowerCase(Locale.ROOT))
                .option("--sector-size", setup.sectorSizeBytes())
                .option("--members", setup.memberCount())
                .option("--unit-sectors", setup.stripeUnitSectors())
                .option("--member-sectors", setup.memberSectorCount())
                .toString();
    }

    /** The file-system suite's line, e.g. {@code ./txstack conform fs --engine txstack:REUSE_FREED_EARLY ...}. */
    public static String fs(String engine, Optional<String> classPath, FsSetup setup, ExplorerOptions options,
                            int workload) {
        return new ReplayCommand("fs", engine, classPath, options, workload)
                .option("--sector-size", setup.sectorSizeBytes())
                .toString();
    }

    /** The recovery suite's line, e.g. {@code ./txstack conform recovery --engine txstack:WAL_OFF ...}. */
    public static String recovery(String engine, Optional<String> classPath, RecoverySetup setup,
                                  ExplorerOptions options, int workload) {
        return new ReplayCommand("recovery", engine, classPath, options, workload)
                .option("--sector-size", setup.sectorSizeBytes())
                .toString();
    }

    /** The transaction suite's line, e.g. {@code ./txstack conform ktm --engine txstack ...}. */
    public static String ktm(String engine, Optional<String> classPath, KtmSetup setup, ExplorerOptions options,
                             int workload) {
        return new ReplayCommand("ktm", engine, classPath, options, workload)
                .option("--sector-size", setup.sectorSizeBytes())
                .toString();
    }

    /** The mount suite's line, e.g. {@code ./txstack conform mount --engine txstack ...}. */
    public static String mount(String engine, Optional<String> classPath, MountSetup setup, ExplorerOptions options,
                               int workload) {
        return new ReplayCommand("mount", engine, classPath, options, workload)
                .option("--sector-size", setup.sectorSizeBytes())
                .toString();
    }

    /** The CSV suite's line, e.g. {@code ./txstack conform csv --engine txstack ...}. */
    public static String csv(String engine, Optional<String> classPath, CsvSetup setup, ExplorerOptions options,
                             int workload) {
        return new ReplayCommand("csv", engine, classPath, options, workload)
                .option("--sector-size", setup.sectorSizeBytes())
                .toString();
    }
}
