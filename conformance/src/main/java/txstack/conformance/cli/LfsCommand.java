package txstack.conformance.cli;

import java.io.IOException;
import java.net.URLClassLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import txstack.conformance.engines.EngineLookup;
import txstack.conformance.explorer.DrawnSetups;
import txstack.conformance.explorer.Seeds;
import txstack.conformance.lfs.LfsDevice;
import txstack.conformance.lfs.LfsStep;
import txstack.conformance.lfs.LfsSuite;
import txstack.spi.lfs.LogEngine;
import txstack.model.lfs.LogBounds;

/** {@code txstack conform lfs}: the log file service suite (LFS-2..6, DISK-3, DISK-4) with crash exploration. */
@Command(name = "lfs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a log engine against the LFS reference model at every crash state the explorer "
                + "visits.", "Exit code: 0 every property held, 1 a property was violated, 2 usage or engine error."})
final class LfsCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "txstack",
            description = "txstack, txstack:<VARIANT> (a deliberately broken variant, e.g. txstack:NO_EPOCH), the "
                    + "name of a LogEngine registered in META-INF/services/txstack.spi.lfs.LogEngine, or the class "
                    + "name of a LogEngine; engines from elsewhere are found on --class-path (default: "
                    + "${DEFAULT-VALUE}).")
    private String engine;

    @CommandLine.Mixin
    private SectorSizeOption sectorSize;

    @Option(names = "--sectors", paramLabel = "N", description = "Sectors on the simulated device (default: 64 "
            + "for 512-byte sectors, 24 for 4096): small, so that workloads fill and wrap the log.")
    private Long sectors;

    @CommandLine.Mixin
    private EngineOptions engines;

    @CommandLine.Mixin
    private ExplorationOptions exploration;

    @Override
    public Integer call() throws IOException {
        try (URLClassLoader loader = engines.open()) {
            return run(engines.find(EngineLookup.log(loader), engine));
        }
    }

    private int run(LogEngine logEngine) throws IOException {
        if (!sectorSize.given() && sectors == null) {
            return runDrawn(logEngine);
        }
        LfsDevice device = device();
        LfsSuite suite = new LfsSuite(logEngine, device, exploration.mode());
        return exploration.explore("lfs", logEngine.name(), suite, "txstack conformance: LFS (log file service)",
                header(logEngine, device, suite.geometry()), LfsSuite.PROPERTIES,
                options -> k -> ReplayCommand.lfs(engine, engines.classPath(), device, options, k));
    }

    /** The default: each workload on a device of 512-byte or of 4096-byte sectors, drawn from its case seed. */
    private int runDrawn(LogEngine logEngine) throws IOException {
        List<LfsDevice> devices = List.of(LfsDevice.defaults(512), LfsDevice.defaults(4096));
        List<LfsSuite> suites = devices.stream().map(d -> new LfsSuite(logEngine, d, exploration.mode())).toList();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("engine", logEngine.name());
        for (int i = 0; i < devices.size(); i++) {
            Map<String, String> one = header(logEngine, devices.get(i), suites.get(i).geometry());
            h.put("device " + (i + 1), one.get("device") + (i == 0 ? " (one of the two drawn per workload)" : ""));
            h.put("log geometry " + (i + 1), one.get("log geometry"));
        }
        DrawnSetups<LfsStep> drawn = new DrawnSetups<>(suites, devices.stream()
                .map(d -> d.sectorSizeBytes() + "-byte sectors").toList());
        return exploration.explore("lfs", logEngine.name(), drawn, "txstack conformance: LFS (log file service)", h,
                LfsSuite.PROPERTIES, options -> k -> ReplayCommand.lfs(engine, engines.classPath(),
                        devices.get(DrawnSetups.drawn(Seeds.caseSeed(options.seed(), k), devices.size())), options,
                        k));
    }

    private LfsDevice device() {
        try {
            int bytes = sectorSize.bytes();
            return sectors == null ? LfsDevice.defaults(bytes) : new LfsDevice(bytes, sectors);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sectors: " + e.getMessage());
        }
    }

    private static Map<String, String> header(LogEngine engine, LfsDevice device, LogBounds g) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("engine", engine.name());
        h.put("device", device.sectorCount() + " sectors x " + device.sectorSizeBytes() + " bytes");
        h.put("log geometry", "capacity " + g.capacityBytes() + " bytes, record overhead " + g.recordOverheadBytes()
                + ", slack " + g.slackBytes() + ", max payload " + g.maxPayloadBytes() + ", max client data "
                + g.maxClientDataBytes());
        return h;
    }
}
