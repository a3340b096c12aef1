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
import txstack.conformance.fs.FsSetup;
import txstack.conformance.fs.FsSuite;
import txstack.spi.fs.FileSystemEngine;

/**
 * The file-system conformance suite (the file-system contract) as a JUnit 5 test, bound to an engine in one line:
 * <pre>{@code
 * class MyFileSystemTest extends FsConformance {
 *     @Override protected FileSystemEngine engine() { return new MyFileSystem(); }
 * }
 * }</pre>
 * One test per sector size. Each runs {@link #workloads(Mode)} workloads of seed {@link #seed()} in each of {@link
 * #modes()}: in exhaustive mode the first workloads of the bounded-exhaustive space (every one-operation sequence,
 * then a spread-out sample of the two-operation ones), in random mode long seeded workloads; prints the report and
 * fails with it (counterexample and a {@code ./txstack} line that replays it) if a property is violated.
 */
public abstract class FsConformance {

    /** A fresh engine under test; called once per test. */
    protected abstract FileSystemEngine engine();

    /** The seed of the run (default: fixed, so every build checks the same workloads). */
    protected long seed() {
        return SuiteRun.SEED;
    }

    /** The modes each test runs, in order (default: both). */
    protected Set<Mode> modes() {
        return EnumSet.allOf(Mode.class);
    }

    /** How many workloads a test runs in {@code mode} (default: the one-operation space and 62 more; 8 random). */
    protected int workloads(Mode mode) {
        return mode == Mode.EXHAUSTIVE ? FsSuite.oneOperationSpace() + 62 : 8;
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
            check(engine(), FsSetup.defaults(sectorSizeBytes), mode, options(mode));
        }
    }

    private static void check(FileSystemEngine engine, FsSetup setup, Mode mode, ExplorerOptions options) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", engine.name() + " (" + engine.getClass().getName() + ")");
        header.put("volume", setup.toString());
        String name = SuiteRun.cliName(engine, engine.name());
        SuiteRun.check(new FsSuite(engine, setup, mode), options, "txstack conformance: file system", header,
                FsSuite.PROPERTIES,
                k -> ReplayCommand.fs(name, SuiteRun.cliClassPath(engine, engine.name()), setup, options, k));
    }
}
