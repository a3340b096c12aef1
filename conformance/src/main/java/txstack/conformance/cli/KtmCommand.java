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
import txstack.conformance.ktm.KtmSetup;
import txstack.conformance.ktm.KtmSuite;
import txstack.spi.ktm.TransactionEngine;

/** {@code txstack conform ktm}: the transaction suite (the transactions contract) with crash exploration. */
@Command(name = "ktm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a transaction manager with its resource managers (TxF, and TxR if offered) against the "
                + "transactions reference model, call by call and at every crash state the explorer visits, during "
                + "recovery too: after a power loss of every device a transaction shows everywhere or nowhere, every "
                + "reported commit is there, nothing uncommitted shows and nothing stays held.",
                "In exhaustive mode the first workloads are fixed patterns (the report's header gives how many), "
                        + "then seeded interleavings of up to three transactions and plain calls.",
                "Exit code: 0 every property held, 1 a property was violated, 2 usage or engine error."})
final class KtmCommand implements Callable<Integer> {

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "txstack",
            description = "txstack, txstack:<VARIANT> (a deliberately broken variant, e.g. "
                    + "txstack:APPLY_WITHOUT_INTENT), the name of a TransactionEngine registered in "
                    + "META-INF/services/txstack.spi.ktm.TransactionEngine, or the class name of one; engines from "
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
            return run(engines.find(EngineLookup.ktm(loader), engine));
        }
    }

    private int run(TransactionEngine ktmEngine) throws IOException {
        KtmSetup setup = KtmSetup.defaults(sectorSize.bytes());
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", ktmEngine.name());
        header.put("devices", setup.toString());
        header.put("fixed patterns", Integer.toString(KtmSuite.patternCount()));
        return exploration.explore("ktm", ktmEngine.name(), new KtmSuite(ktmEngine, setup, exploration.mode()),
                "txstack conformance: transactions", header, KtmSuite.PROPERTIES,
                options -> k -> ReplayCommand.ktm(engine, engines.classPath(), setup, options, k));
    }
}
