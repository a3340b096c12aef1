package txstack.conformance.junit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import txstack.conformance.cli.ReplayCommand;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;
import txstack.conformance.lfs.LfsDevice;
import txstack.conformance.lfs.LfsSuite;
import txstack.model.lfs.LogBounds;
import txstack.spi.lfs.LogEngine;

/**
 * The LFS conformance suite (LFS-2..6, DISK-3, DISK-4) as a JUnit 5 test, bound to an engine in one line:
 * <pre>{@code
 * class MyEngineTest extends LfsConformance {
 *     @Override protected LogEngine engine() { return new MyEngine(); }
 * }
 * }</pre>
 * One test per sector size; a size the engine does not claim in {@link LogEngine#capabilities()} is skipped. Each
 * runs, in each of {@link #modes()}, {@link #workloads(Mode)} workloads of seed {@link #seed()} on the suite's default
 * device of that size, checks every crash state the explorer visits against the reference model, prints the report,
 * and fails with it (counterexample and a {@code ./txstack} line that replays it) if a property is violated.
 */
public abstract class LfsConformance {

    /** A fresh engine under test; called once per test. */
    protected abstract LogEngine engine();

    /** The seed of the run (default: fixed, so every build checks the same workloads). */
    protected long seed() {
        return SuiteRun.SEED;
    }

    /**
     * The modes each test runs, in order (default: both; exhaustive checks every crash point of short workloads,
     * random reaches the states only long workloads lead to, e.g. a log that wrapped several times).
     */
    protected Set<Mode> modes() {
        return EnumSet.allOf(Mode.class);
    }

    /**
     * How many workloads a test runs in {@code mode} (default: 100 exhaustive, 40 random; together some 25 s per
     * sector size for txstack's own engine on 2 cores).
     */
    protected int workloads(Mode mode) {
        return mode == Mode.EXHAUSTIVE ? 100 : 40;
    }

    /** Every setting of the exploration in {@code mode}, from those above; override to change e.g. steps. */
    protected ExplorerOptions options(Mode mode) {
        return SuiteRun.options(mode, seed(), workloads(mode));
    }

    @Test
    @DisplayName("LFS suite on 512-byte sectors")
    public void sectors512() {
        check(512);
    }

    @Test
    @DisplayName("LFS suite on 4096-byte sectors")
    public void sectors4096() {
        check(4096);
    }

    private void check(int sectorSizeBytes) {
        LogEngine engine = engine();
        assumeTrue(engine.capabilities().claims(sectorSizeBytes), () -> "engine " + engine.name()
                + " does not claim " + sectorSizeBytes + "-byte sectors: " + engine.capabilities());
        SuiteRun.requireModes(modes());
        for (Mode mode : modes()) {
            check(engine, LfsDevice.defaults(sectorSizeBytes), options(mode));
        }
    }

    private static void check(LogEngine engine, LfsDevice device, ExplorerOptions options) {
        LfsSuite suite = new LfsSuite(engine, device, options.mode());
        LogBounds g = suite.geometry();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", engine.name() + " (" + engine.getClass().getName() + ")");
        header.put("device", device.sectorCount() + " sectors x " + device.sectorSizeBytes() + " bytes");
        header.put("log geometry", "capacity " + g.capacityBytes() + " bytes, record overhead "
                + g.recordOverheadBytes() + ", slack " + g.slackBytes() + ", max payload " + g.maxPayloadBytes()
                + ", max client data " + g.maxClientDataBytes());
        String name = SuiteRun.cliName(engine, engine.name());
        SuiteRun.check(suite, options, "txstack conformance: LFS (log file service)", header, LfsSuite.PROPERTIES,
                k -> ReplayCommand.lfs(name, SuiteRun.cliClassPath(engine, engine.name()), device, options, k));
    }
}
