package txstack.conformance.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import txstack.spi.disk.SectorSizes;

/** {@code --sector-size}, which every {@code conform} suite takes for its simulated disks (DISK-1). */
final class SectorSizeOption {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--sector-size", paramLabel = "BYTES", defaultValue = "512",
            description = "Sector size of every simulated disk: 512 or 4096 (default: ${DEFAULT-VALUE}).")
    private int sectorSize;

    /** The sector size asked for; a usage error naming the allowed sizes if DISK-1 does not allow it. */
    int bytes() {
        if (!SectorSizes.isAllowed(sectorSize)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sector-size must be 512 or 4096, not "
                    + sectorSize);
        }
        return sectorSize;
    }
}
