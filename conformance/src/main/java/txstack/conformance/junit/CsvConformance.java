package txstack.conformance.junit;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import txstack.conformance.cli.ReplayCommand;
import txstack.conformance.cluster.CsvSetup;
import txstack.conformance.cluster.CsvSuite;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;
import txstack.spi.cluster.ClusterEngine;

/**
 * The CSV suite (cluster shared volumes, CsvOwnership.tla) as a JUnit 5 test, bound to an engine in one line:
 * <pre>{@code
 * class MyCsvTest extends CsvConformance {
 *     @Override protected ClusterEngine engine() { return new MyClusterEngine(); }
 * }
 * }</pre>
 * Each run of {@link #workloads(Mode)} workloads of seed {@link #seed()} in each of {@link #modes()}: in exhaustive
 * mode the fixed patterns, in random mode seeded sequences of {@link #stepsMax()} steps; prints the report and
 * fails with it (counterexample and a {@code ./txstack} line that replays it) if a property is violated.
 */
public abstract class CsvConformance {

    /** A fresh engine under test; called once per test. */
    protected abstract ClusterEngine engine();

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
        return mode == Mode.EXHAUSTIVE ? CsvSuite.patternCount() : 2;
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
        ClusterEngine engine = engine();
        CsvSetup setup = CsvSetup.defaults(512);
        for (Mode mode : modes()) {
            ExplorerOptions options = options(mode);
            Map<String, String> header = new LinkedHashMap<>();
            header.put("engine", engine.name() + " (" + engine.getClass().getName() + ")");
            header.put("cluster", setup.toString());
            String name = SuiteRun.cliName(engine, engine.name());
            SuiteRun.check(new CsvSuite(engine, setup, mode), options, "txstack conformance: csv", header,
                    CsvSuite.PROPERTIES,
                    k -> ReplayCommand.csv(name, SuiteRun.cliClassPath(engine, engine.name()), setup, options, k));
        }
    }
}
