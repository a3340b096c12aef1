package txstack.conformance.volume;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import txstack.conformance.cli.ReplayCommand;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Explorer;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;
import txstack.spi.volume.VolumeEngine;

/** Runs the volume suite from tests, the way the CLI does, and prints the report. */
final class VolumeTesting {
    /** Two workers: the CI machine has two cores. The outcome does not depend on it. */
    static final int JOBS = 2;
    /** A safety net only: every test here is bounded by its workload count, not by time. */
    static final Duration TIME_LIMIT = Duration.ofMinutes(10);

    private VolumeTesting() {
    }

    static ExplorerOptions options(Mode mode, long seed, int workloads) {
        return ExplorerOptions.builder(mode).seed(seed).workloads(workloads).jobs(JOBS).timeLimit(TIME_LIMIT)
                .progressInterval(Duration.ofSeconds(10)).build();
    }

    static ExplorationResult<VolumeStep> run(VolumeEngine engine, VolumeSetup setup, ExplorerOptions options) {
        return run(engine, setup, options, VolumeSuite.Checks.ALL);
    }

    /** {@link #run(VolumeEngine, VolumeSetup, ExplorerOptions)} with only some of the suite's checks. */
    static ExplorationResult<VolumeStep> run(VolumeEngine engine, VolumeSetup setup, ExplorerOptions options,
                                             VolumeSuite.Checks checks) {
        PrintStream out = System.out;
        VolumeSuite suite = new VolumeSuite(engine, setup, checks);
        ExplorationResult<VolumeStep> result = new Explorer<>(suite, options, out).run();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", engine.name());
        header.put("volume", setup.layout() + " over " + setup.memberCount() + " members of "
                + setup.memberSectorCount() + " sectors x " + setup.sectorSizeBytes() + " bytes");
        out.println(ExplorationReport.render("txstack conformance: volume (test)", header, VolumeSuite.PROPERTIES,
                result, k -> ReplayCommand.volume(engine.name(), Optional.empty(), setup, options, k)));
        return result;
    }
}
