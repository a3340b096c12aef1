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
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeLayout;
import txstack.conformance.volume.VolumeSetup;
import txstack.conformance.volume.VolumeSuite;

/** {@code txstack conform volume}: the volume manager suite (VOL-1..8, DISK-3, DISK-4) with crash exploration. */
@Command(name = "volume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a volume engine against the volume reference model at every crash state the explorer "
                + "visits, one simulated disk per member, through member failures, unreadable member sectors and "
                + "rebuilds.",
                "Exit code: 0 every property held, 1 a property was violated, 2 usage or engine error."})
final class VolumeCommand implements Callable<Integer> {

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "txstack",
            description = "txstack, txstack:<VARIANT> (a deliberately broken variant, e.g. "
                    + "txstack:NO_WRITE_HOLE_PROTECTION), the name of a VolumeEngine registered in "
                    + "META-INF/services/txstack.spi.volume.VolumeEngine, or the class name of a VolumeEngine; engines "
                    + "from elsewhere are found on --class-path (default: ${DEFAULT-VALUE}).")
    private String engine;

    @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "raid5",
            description = "mirror or raid5 (default: ${DEFAULT-VALUE}).")
    private VolumeLayout layout;

    @CommandLine.Mixin
    private SectorSizeOption sectorSize;

    @CommandLine.Mixin
    private EngineOptions engines;

    @CommandLine.Mixin
    private ExplorationOptions exploration;

    @Override
    public Integer call() throws IOException {
        try (URLClassLoader loader = engines.open()) {
            return run(engines.find(EngineLookup.volume(loader), engine));
        }
    }

    private int run(VolumeEngine volumeEngine) throws IOException {
        VolumeSetup setup = setup(layout, sectorSize.bytes());
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", volumeEngine.name());
        header.put("volume", setup.layout() + " over " + setup.memberCount() + " simulated disks of "
                + setup.memberSectorCount() + " sectors x " + setup.sectorSizeBytes() + " bytes, stripe unit "
                + setup.stripeUnitSectors() + " sectors (a hint for write sizes; the engine picks its own)");
        return exploration.explore("volume", volumeEngine.name() + ", " + layout, new VolumeSuite(volumeEngine,
                        setup), "txstack conformance: volume manager", header, VolumeSuite.PROPERTIES,
                options -> k -> ReplayCommand.volume(engine, engines.classPath(), setup, options, k));
    }

    /** The suite's default volume of this layout, on members of this sector size. */
    static VolumeSetup setup(VolumeLayout layout, int sectorSizeBytes) {
        VolumeSetup d = VolumeSetup.defaults(layout);
        return new VolumeSetup(layout, d.memberCount(), sectorSizeBytes, d.memberSectorCount(),
                d.stripeUnitSectors());
    }
}
