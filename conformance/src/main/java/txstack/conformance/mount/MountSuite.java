package txstack.conformance.mount;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.CaseRunner;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.Failure;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Seeds;
import txstack.conformance.explorer.WorkloadRun;
import txstack.spi.mount.MountEngine;

/**
 * The mount suite bound to one engine, one setup and one mode: what the explorer runs. In {@link Mode#EXHAUSTIVE}
 * mode the first workloads are {@link MountWorkloads}' fixed patterns, with a crash at every device operation; after
 * them, and in {@link Mode#RANDOM} mode, seeded sequences. Written once against the SPI.
 */
public final class MountSuite implements CaseRunner<MountStep> {

    /** The properties the suite checks, in report order (the mount contract's rules). */
    public static final List<ExplorationReport.Property> PROPERTIES = List.of(
            new ExplorationReport.Property(Requirement.MNT_1, "the database survives every crash whole: as before or "
                    + "as after the update in progress, never a letter moved halfway; letter calls succeed or fail "
                    + "as the contract says"),
            new ExplorationReport.Property(Requirement.MNT_2, "a known volume gets its names back, after a removal, "
                    + "a reboot and a crash"),
            new ExplorationReport.Property(Requirement.MNT_3, "a new volume gets the suggested letter if free, else "
                    + "the first free from C, else none, and a Volume{GUID} name; the links are the database's"),
            new ExplorationReport.Property(Requirement.MNT_4, "a path through a mount point reaches the mounted "
                    + "volume's node"),
            new ExplorationReport.Property(Requirement.MNT_5, "reparse points keep their tag and data, 16 KiB at "
                    + "most; every tree is the model's, after crashes too"),
            new ExplorationReport.Property(Requirement.MNT_6, "resolution returns the contract's node or error, and "
                    + "the 64th reparse fails"),
            new ExplorationReport.Property(Requirement.MNT_7, "HSM: an offline file's data is recalled on open; a "
                    + "crash during a migration or a recall leaves the data in the file, the store, or both"));

    private final MountEngine engine;
    private final MountSetup setup;
    private final Mode mode;
    private final MountWorkloads workloads;

    public MountSuite(MountEngine engine, MountSetup setup, Mode mode) {
        this.engine = engine;
        this.setup = setup;
        this.mode = mode;
        this.workloads = new MountWorkloads(setup.volumeCount());
    }

    /** The fixed patterns that open the exhaustive mode. */
    public static int patternCount() {
        return MountWorkloads.patternCount();
    }

    public MountSetup setup() {
        return setup;
    }

    @Override
    public List<MountStep> generate(RandomGenerator random, int stepsMax) {
        return workloads.generate(random, stepsMax);
    }

    @Override
    public List<MountStep> workload(int index, long caseSeed, int stepsMax) {
        return mode == Mode.EXHAUSTIVE && index < MountWorkloads.patternCount() ? workloads.pattern(index)
                : generate(Seeds.random(caseSeed), stepsMax);
    }

    @Override
    public Optional<Failure<MountStep>> run(List<MountStep> steps, long caseSeed, CaseContext context) {
        return new WorkloadRun<>(new MountLayer(engine, setup, context), steps, context).execute();
    }

    @Override
    public List<MountStep> simplerSteps(MountStep step) {
        return List.of();
    }
}
