package txstack.conformance.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import txstack.spi.disk.SectorSizes;

/** {@code --sector-size}, which every {@code conform} suite takes for its simulated disks (DISK-1). */
final class SectorSizeOption {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    private CommandLine.Model.CommandSpec spec;

    /** The sector size when none is asked for. */
    static final int DEFAULT_BYTES = 512;

    @Option(names = "--sector-size", paramLabel = "BYTES",
            description = "Sector size of every simulated disk: 512 or 4096 (default: 512; conform lfs draws one "
                    + "per workload).")
    private Integer sectorSize;

    /** True if the command line asked for a sector size. */
    boolean given() {
        return sectorSize != null;
    }

    /** The sector size asked for, else 512; a usage error naming the allowed sizes if DISK-1 does not allow it. */
    int bytes() {
        if (sectorSize == null) {
            return DEFAULT_BYTES;
        }
        if (!SectorSizes.isAllowed(sectorSize)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sector-size must be 512 or 4096, not "
                    + sectorSize);
        }
        return sectorSize;
    }
}
