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
import txstack.conformance.volume.VolumeSetup;
import txstack.conformance.volume.VolumeSuite;
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeLayout;

/**
 * The volume conformance suite (VOL-1..8, DISK-3, DISK-4) as a JUnit 5 test, bound to an engine in one line:
 * <pre>{@code
 * class MyVolumeTest extends VolumeConformance {
 *     @Override protected VolumeEngine engine() { return new MyVolumeManager(); }
 * }
 * }</pre>
 * One test per layout and member sector size; what the engine does not claim in {@link VolumeEngine#capabilities()}
 * is skipped. Each runs, in each of {@link #modes()}, {@link #workloads(Mode)} workloads of seed {@link #seed()} on
 * the suite's default volume of that layout (power loss on every member at once, member failures, unreadable sectors, rebuilds), prints the report, and
 * fails with it (counterexample and a {@code ./txstack} line that replays it) if a property is violated.
 */
public abstract class VolumeConformance {

    /** A fresh engine under test; called once per test. */
    protected abstract VolumeEngine engine();

    /** The seed of the run (default: fixed, so every build checks the same workloads). */
    protected long seed() {
        return SuiteRun.SEED;
    }

    /**
     * The modes each test runs, in order (default: both; exhaustive checks every crash point of short workloads,
     * random reaches the states only long workloads lead to).
     */
    protected Set<Mode> modes() {
        return EnumSet.allOf(Mode.class);
    }

    /**
     * How many workloads a test runs in {@code mode} (default: 30 exhaustive, 10 random; together some 20 to 40 s per
     * test for txstack's own engine on 2 cores).
     */
    protected int workloads(Mode mode) {
        return mode == Mode.EXHAUSTIVE ? 30 : 10;
    }

    /** Every setting of the exploration in {@code mode}, from those above; override to change e.g. steps. */
    protected ExplorerOptions options(Mode mode) {
        return SuiteRun.options(mode, seed(), workloads(mode));
    }

    @Test
    @DisplayName("mirror, 512-byte sectors")
    public void mirror512() {
        check(VolumeLayout.MIRROR, 512);
    }

    @Test
    @DisplayName("RAID-5, 512-byte sectors")
    public void raid5With512() {
        check(VolumeLayout.RAID5, 512);
    }

    @Test
    @DisplayName("mirror, 4096-byte sectors")
    public void mirror4096() {
        check(VolumeLayout.MIRROR, 4096);
    }

    @Test
    @DisplayName("RAID-5, 4096-byte sectors")
    public void raid5With4096() {
        check(VolumeLayout.RAID5, 4096);
    }

    private void check(VolumeLayout layout, int sectorSizeBytes) {
        VolumeEngine engine = engine();
        VolumeSetup d = VolumeSetup.defaults(layout);
        VolumeSetup setup = new VolumeSetup(layout, d.memberCount(), sectorSizeBytes, d.memberSectorCount(),
                d.stripeUnitSectors());
        assumeTrue(engine.capabilities().claims(layout, sectorSizeBytes, setup.memberCount()), () -> "engine "
                + engine.name() + " does not claim " + layout + " over " + setup.memberCount() + " members of "
                + sectorSizeBytes + "-byte sectors: " + engine.capabilities());
        SuiteRun.requireModes(modes());
        for (Mode mode : modes()) {
            check(engine, setup, options(mode));
        }
    }

    private static void check(VolumeEngine engine, VolumeSetup setup, ExplorerOptions options) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", engine.name() + " (" + engine.getClass().getName() + ")");
        header.put("volume", setup.layout() + " over " + setup.memberCount() + " simulated disks of "
                + setup.memberSectorCount() + " sectors x " + setup.sectorSizeBytes() + " bytes");
        String name = SuiteRun.cliName(engine, engine.name());
        SuiteRun.check(new VolumeSuite(engine, setup), options, "txstack conformance: volume manager", header,
                VolumeSuite.PROPERTIES,
                k -> ReplayCommand.volume(name, SuiteRun.cliClassPath(engine, engine.name()), setup, options, k));
    }
}
