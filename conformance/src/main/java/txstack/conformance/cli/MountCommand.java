package txstack.conformance.cli;

import java.io.IOException;
import java.net.URLClassLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import txstack.conformance.engines.EngineLookup;
import txstack.conformance.mount.MountSetup;
import txstack.conformance.mount.MountSuite;
import txstack.spi.mount.MountEngine;

/** {@code txstack conform mount}: the mount suite (the mount contract) with crash exploration. */
@Command(name = "mount", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a mount manager with its volumes' file systems and an HSM offline store against the "
                + "mount reference model, call by call and at every crash state the explorer visits, during "
                + "recovery too: the database of drive letters survives whole, known volumes get their letters "
                + "back, paths cross mount points to the right node, reparse points keep their limits, and HSM "
                + "never loses a file's data.",
                "In exhaustive mode the first workloads are fixed patterns (the report's header gives how many), "
                        + "then seeded sequences of arrivals, removals, letter changes, tree changes, mount points, "
                        + "migrations, opens, reboots and power losses.",
                "Exit code: 0 every property held, 1 a property was violated, 2 usage or engine error."})
final class MountCommand implements Callable<Integer> {

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "txstack",
            description = "txstack, txstack:<VARIANT> (a deliberately broken variant, e.g. "
                    + "txstack:UNBOUNDED_REPARSES), the name of a MountEngine registered in "
                    + "META-INF/services/txstack.spi.mount.MountEngine, or the class name of one; engines from "
                    + "elsewhere are found on --class-path (default: ${DEFAULT-VALUE}).")
    private String engine;

    @CommandLine.Mixin
    private SectorSizeOption sectorSize;

    @CommandLine.Mixin
    private EngineOptions engines;

    @CommandLine.Mixin
    private ExplorationOptions exploration;

    @Override
    public Integer call() throws IOException {
        try (URLClassLoader loader = engines.open()) {
            return run(engines.find(EngineLookup.mount(loader), engine));
        }
    }

    private int run(MountEngine mountEngine) throws IOException {
        MountSetup setup = MountSetup.defaults(sectorSize.bytes());
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", mountEngine.name());
        header.put("devices", setup.toString());
        header.put("fixed patterns", Integer.toString(MountSuite.patternCount()));
        return exploration.explore("mount", mountEngine.name(), new MountSuite(mountEngine, setup,
                        exploration.mode()), "txstack conformance: mount", header, MountSuite.PROPERTIES,
                options -> k -> ReplayCommand.mount(engine, engines.classPath(), setup, options, k));
    }
}
