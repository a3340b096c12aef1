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
import txstack.conformance.fs.FsSetup;
import txstack.conformance.fs.FsSuite;
import txstack.spi.fs.FileSystemEngine;

/** {@code txstack conform fs}: the file-system suite (the file-system contract) with crash exploration. */
@Command(name = "fs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a file system on one volume against the file-system reference model, operation by "
                + "operation and at every crash state the explorer visits, during recovery too: after a power loss "
                + "the tree must be one the contract allows, and rewriting every file must damage no other.",
                "In exhaustive mode workload K is the K-th sequence of one or two operations (each followed by no "
                        + "flush, a flush of the node, of its directory or of the volume) from a small tree, "
                        + "the one-operation sequences first (the report's header gives the space's size).",
                "Exit code: 0 every property held, 1 a property was violated, 2 usage or engine error."})
final class FsCommand implements Callable<Integer> {

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "txstack",
            description = "txstack, txstack:<VARIANT> (a deliberately broken variant, e.g. "
                    + "txstack:REUSE_FREED_EARLY), the name of a FileSystemEngine registered in "
                    + "META-INF/services/txstack.spi.fs.FileSystemEngine, or the class name of one; engines from "
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
            return run(engines.find(EngineLookup.fs(loader), engine));
        }
    }

    private int run(FileSystemEngine fsEngine) throws IOException {
        FsSetup setup = FsSetup.defaults(sectorSize.bytes());
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", fsEngine.name());
        header.put("volume", setup.toString());
        header.put("exhaustive space", FsSuite.oneOperationSpace() + " one-operation and "
                + (FsSuite.exhaustiveSpace() - FsSuite.oneOperationSpace()) + " two-operation workloads");
        return exploration.explore("fs", fsEngine.name(), new FsSuite(fsEngine, setup, exploration.mode()),
                "txstack conformance: file system", header, FsSuite.PROPERTIES,
                options -> k -> ReplayCommand.fs(engine, engines.classPath(), setup, options, k));
    }
}
