package txstack.conformance.junit;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import txstack.conformance.cli.ReplayCommand;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;
import txstack.conformance.mount.MountSetup;
import txstack.conformance.mount.MountSuite;
import txstack.spi.mount.MountEngine;

/**
 * The mount suite (the mount contract) as a JUnit 5 test, bound to an engine in one line:
 * <pre>{@code
 * class MyMountTest extends MountConformance {
 *     @Override protected MountEngine engine() { return new MyMountManager(); }
 * }
 * }</pre>
 * Each run of {@link #workloads(Mode)} workloads of seed {@link #seed()} in each of {@link #modes()}: in exhaustive
 * mode the fixed patterns, in random mode seeded sequences of {@link #stepsMax()} steps; prints the report and
 * fails with it (counterexample and a {@code ./txstack} line that replays it) if a property is violated.
 */
public abstract class MountConformance {

    /** A fresh engine under test; called once per test. */
    protected abstract MountEngine engine();

    /** The seed of the run (default: fixed, so every build checks the same workloads). */
    protected long seed() {
        return SuiteRun.SEED;
    }

    /** The modes the test runs, in order (default: both). */
    protected Set<Mode> modes() {
        return EnumSet.allOf(Mode.class);
    }

    /** How many workloads the test runs in {@code mode} (default: every fixed pattern; 2 random). */
    protected int workloads(Mode mode) {
        return mode == Mode.EXHAUSTIVE ? MountSuite.patternCount() : 2;
    }

    /** Steps of a random workload (default 40). */
    protected int stepsMax() {
        return 40;
    }

    /** Every setting of the exploration in {@code mode}, from those above; override to change more. */
    protected ExplorerOptions options(Mode mode) {
        ExplorerOptions o = SuiteRun.options(mode, seed(), workloads(mode));
        return mode == Mode.RANDOM ? o.toBuilder().stepsMax(stepsMax()).build() : o;
    }

    @Test
    @DisplayName("512-byte sectors")
    public void sectors512() {
        SuiteRun.requireModes(modes());
        MountEngine engine = engine();
        MountSetup setup = MountSetup.defaults(512);
        for (Mode mode : modes()) {
            ExplorerOptions options = options(mode);
            Map<String, String> header = new LinkedHashMap<>();
            header.put("engine", engine.name() + " (" + engine.getClass().getName() + ")");
            header.put("devices", setup.toString());
            String name = SuiteRun.cliName(engine, engine.name());
            SuiteRun.check(new MountSuite(engine, setup, mode), options, "txstack conformance: mount", header,
                    MountSuite.PROPERTIES,
                    k -> ReplayCommand.mount(name, SuiteRun.cliClassPath(engine, engine.name()), setup, options, k));
        }
    }
}
