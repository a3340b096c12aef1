package txstack.conformance.cli;

import java.io.IOException;
import java.net.URLClassLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import txstack.conformance.engines.EngineLookup;
import txstack.conformance.explorer.DrawnSetups;
import txstack.conformance.explorer.Seeds;
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeLayout;
import txstack.conformance.volume.VolumeSetup;
import txstack.conformance.volume.VolumeStep;
import txstack.conformance.volume.VolumeSuite;

/** {@code txstack conform volume}: the volume manager suite (VOL-1..8, DISK-3, DISK-4) with crash exploration. */
@Command(name = "volume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a volume engine against the volume reference model at every crash state the explorer "
                + "visits, one simulated disk per member, through member failures (announced, or a disk that dies "
                + "unannounced), unreadable member sectors (some past the redundancy, under a write in flight) and "
                + "rebuilds, and on after power cycles (later sessions, a member back stale after a session without "
                + "it, a scrub of every member at rest right after each assembly).",
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

    @Option(names = "--members", paramLabel = "N", description = "Member disks (a mirror takes 2 to 8, RAID-5 3 to "
            + "8). Without any of the geometry options (this one, --unit-sectors, --member-sectors, --sector-size) "
            + "each workload draws one of three geometries of its layout: the defaults below, a 3-way mirror or a "
            + "4-member RAID-5 with 1-sector units, and 4096-byte sectors. With any of them the geometry is fixed, "
            + "the rest at their defaults: 2 members for a mirror, 3 for RAID-5.")
    private Integer members;

    @Option(names = "--unit-sectors", paramLabel = "N", description = "Stripe unit in sectors, the suite's hint for "
            + "write sizes and alignment (default: 2).")
    private Integer unitSectors;

    @Option(names = "--member-sectors", paramLabel = "N", description = "Sectors per member disk (default: 25 for a "
            + "mirror, 13 for RAID-5; at most " + VolumeSetup.MEMBER_SECTORS_MAX + "): every block is checked after "
            + "every crash, so keep it small.")
    private Long memberSectors;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

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
        if (members == null && unitSectors == null && memberSectors == null && !sectorSize.given()) {
            return runDrawn(volumeEngine);
        }
        VolumeSetup setup = setup();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", volumeEngine.name());
        header.put("volume", describe(setup));
        return exploration.explore("volume", volumeEngine.name() + ", " + layout, new VolumeSuite(volumeEngine,
                        setup), "txstack conformance: volume manager", header, VolumeSuite.PROPERTIES,
                options -> k -> ReplayCommand.volume(engine, engines.classPath(), setup, options, k));
    }

    /** The default: each workload on one of the layout's geometries ({@link VolumeSetup#drawn}), from its seed. */
    private int runDrawn(VolumeEngine volumeEngine) throws IOException {
        List<VolumeSetup> setups = VolumeSetup.drawn(layout);
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", volumeEngine.name());
        for (int i = 0; i < setups.size(); i++) {
            header.put("volume " + (i + 1), describe(setups.get(i)) + (i == 0 ? " (one drawn per workload)" : ""));
        }
        DrawnSetups<VolumeStep> drawn = new DrawnSetups<>(setups.stream().map(s -> new VolumeSuite(volumeEngine, s))
                .toList(), setups.stream().map(VolumeSetup::label).toList());
        return exploration.explore("volume", volumeEngine.name() + ", " + layout, drawn,
                "txstack conformance: volume manager", header, VolumeSuite.PROPERTIES,
                options -> k -> ReplayCommand.volume(engine, engines.classPath(), setups.get(DrawnSetups.drawn(
                        Seeds.caseSeed(options.seed(), k), setups.size())), options, k));
    }

    private static String describe(VolumeSetup setup) {
        return setup.layout() + " over " + setup.memberCount() + " simulated disks of " + setup.memberSectorCount()
                + " sectors x " + setup.sectorSizeBytes() + " bytes, stripe unit " + setup.stripeUnitSectors()
                + " sectors (a hint for write sizes; the engine picks its own)";
    }

    /** The volume the options ask for: the layout's default geometry with what the options change. */
    private VolumeSetup setup() {
        VolumeSetup d = VolumeSetup.defaults(layout);
        try {
            return new VolumeSetup(layout, members != null ? members : d.memberCount(), sectorSize.bytes(),
                    memberSectors != null ? memberSectors : d.memberSectorCount(),
                    unitSectors != null ? unitSectors : d.stripeUnitSectors());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
