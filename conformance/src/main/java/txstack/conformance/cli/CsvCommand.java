package txstack.conformance.cli;

import java.io.IOException;
import java.net.URLClassLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import txstack.conformance.cluster.CsvSetup;
import txstack.conformance.cluster.CsvSuite;
import txstack.conformance.engines.EngineLookup;
import txstack.spi.cluster.ClusterEngine;

/** {@code txstack conform csv}: the cluster-shared-volume suite with crash exploration. */
@Command(name = "csv", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a cluster-shared-volume engine against the model of CsvOwnership.tla, call by call, "
                + "with messages lost, duplicated and resent, nodes crashing and suspected while alive, coordinator "
                + "failovers, and a power loss of the whole cluster at every crash state the explorer visits: one "
                + "writer per file, no acknowledged write lost across migration and failover, only the coordinator "
                + "changes the namespace, every request applied once.",
                "In exhaustive mode the first workloads are fixed patterns (the report's header gives how many), "
                        + "then seeded sequences of writes, flushes, resizes, deliveries, losses, retries, "
                        + "migrations, take-backs, crashes, restarts, failovers and power losses.",
                "Exit code: 0 every property held, 1 a property was violated, 2 usage or engine error."})
final class CsvCommand implements Callable<Integer> {

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "txstack",
            description = "txstack, txstack:<VARIANT> (a deliberately broken variant, e.g. "
                    + "txstack:MIGRATE_WITHOUT_FLUSH), the name of a ClusterEngine registered in "
                    + "META-INF/services/txstack.spi.cluster.ClusterEngine, or the class name of one; engines from "
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
            return run(engines.find(EngineLookup.cluster(loader), engine));
        }
    }

    private int run(ClusterEngine clusterEngine) throws IOException {
        CsvSetup setup = CsvSetup.defaults(sectorSize.bytes());
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", clusterEngine.name());
        header.put("cluster", setup.toString());
        header.put("fixed patterns", Integer.toString(CsvSuite.patternCount()));
        return exploration.explore("csv", clusterEngine.name(), new CsvSuite(clusterEngine, setup,
                        exploration.mode()), "txstack conformance: csv", header, CsvSuite.PROPERTIES,
                options -> k -> ReplayCommand.csv(engine, engines.classPath(), setup, options, k));
    }
}
