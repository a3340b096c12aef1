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
import txstack.conformance.recovery.RecoverySetup;
import txstack.conformance.recovery.RecoverySuite;
import txstack.spi.recovery.PageStoreEngine;

/**
 * The recovery conformance suite (REC-2, REC-4..6) as a JUnit 5 test, bound to an engine in one line:
 * <pre>{@code
 * class MyStoreTest extends RecoveryConformance {
 *     @Override protected PageStoreEngine engine() { return new MyPageStore(); }
 * }
 * }</pre>
 * One test per sector size of the log and data disks. Each runs {@link #workloads(Mode)} workloads of seed {@link
 * #seed()} in each of {@link #modes()}
 * (transactions, checkpoints, write-backs, power losses on both disks at once, during recovery too), prints the
 * report, and fails with it (counterexample and a {@code ./txstack} line that replays it) if a property is violated.
 */
public abstract class RecoveryConformance {

    /** A fresh engine under test; called once per test. */
    protected abstract PageStoreEngine engine();

    /** The seed of the run (default: fixed, so every build checks the same workloads). */
    protected long seed() {
        return SuiteRun.SEED;
    }

    /** The modes each test runs, in order (default: both). */
    protected Set<Mode> modes() {
        return EnumSet.allOf(Mode.class);
    }

    /** How many workloads a test runs in {@code mode} (default: 60 exhaustive, 6 random). */
    protected int workloads(Mode mode) {
        return mode == Mode.EXHAUSTIVE ? 60 : 6;
    }

    /** Every setting of the exploration in {@code mode}, from those above; override to change e.g. steps. */
    protected ExplorerOptions options(Mode mode) {
        return SuiteRun.options(mode, seed(), workloads(mode));
    }

    @Test
    @DisplayName("512-byte sectors")
    public void sectors512() {
        check(512);
    }

    @Test
    @DisplayName("4096-byte sectors")
    public void sectors4096() {
        check(4096);
    }

    private void check(int sectorSizeBytes) {
        SuiteRun.requireModes(modes());
        for (Mode mode : modes()) {
            check(engine(), RecoverySetup.defaults(sectorSizeBytes), options(mode));
        }
    }

    private static void check(PageStoreEngine engine, RecoverySetup setup, ExplorerOptions options) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", engine.name() + " (" + engine.getClass().getName() + ")");
        header.put("disks", setup.toString());
        String name = SuiteRun.cliName(engine, engine.name());
        SuiteRun.check(new RecoverySuite(engine, setup), options, "txstack conformance: recovery", header,
                RecoverySuite.PROPERTIES,
                k -> ReplayCommand.recovery(name, SuiteRun.cliClassPath(engine, engine.name()), setup, options, k));
    }
}
