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
import txstack.conformance.recovery.RecoverySetup;
import txstack.conformance.recovery.RecoverySuite;
import txstack.spi.recovery.PageStoreEngine;

/** {@code txstack conform recovery}: the write-ahead-logging recovery suite (REC-2, REC-4..6) with crash exploration. */
@Command(name = "recovery", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a recoverable page store (a log disk and a data disk) against the recovery reference "
                + "model at every crash state the explorer visits, during recovery too: after a power loss, exactly "
                + "the committed transactions' changes must be there.",
                "Exit code: 0 every property held, 1 a property was violated, 2 usage or engine error."})
final class RecoveryCommand implements Callable<Integer> {

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "txstack",
            description = "txstack, txstack:<VARIANT> (a deliberately broken variant, e.g. txstack:WAL_OFF), the "
                    + "name of a PageStoreEngine registered in META-INF/services/txstack.spi.recovery.PageStoreEngine, "
                    + "or the class name of one; engines from elsewhere are found on --class-path (default: "
                    + "${DEFAULT-VALUE}).")
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
            return run(engines.find(EngineLookup.recovery(loader), engine));
        }
    }

    private int run(PageStoreEngine storeEngine) throws IOException {
        RecoverySetup setup = RecoverySetup.defaults(sectorSize.bytes());
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", storeEngine.name());
        header.put("disks", setup.toString());
        return exploration.explore("recovery", storeEngine.name(), new RecoverySuite(storeEngine, setup),
                "txstack conformance: recovery (write-ahead logging)", header, RecoverySuite.PROPERTIES,
                options -> k -> ReplayCommand.recovery(engine, engines.classPath(), setup, options, k));
    }
}
