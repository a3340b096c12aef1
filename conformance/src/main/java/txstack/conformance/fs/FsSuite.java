package txstack.conformance.fs;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.CaseRunner;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.Failure;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Seeds;
import txstack.conformance.explorer.WorkloadRun;
import txstack.conformance.rig.Rig;
import txstack.spi.fs.FileSystemEngine;
import txstack.spi.fs.FileSystemSession;

/**
 * The file-system conformance suite bound to one engine, one setup and one mode: what the explorer runs. In {@link
 * Mode#EXHAUSTIVE} mode workload {@code k} is member {@code k} of the bounded-exhaustive space of one- and
 * two-operation sequences ({@link FsWorkloads}), with a crash at every device operation; in {@link Mode#RANDOM} mode
 * workloads are long and seeded, their crash points sampled. Written once against the SPI.
 */
public final class FsSuite implements CaseRunner<FsStep> {

    /** The properties the suite checks, in report order (the file-system contract's rules). */
    public static final List<ExplorationReport.Property> PROPERTIES = List.of(
            new ExplorationReport.Property(Requirement.REC_2, "every operation succeeds or fails as the file-system "
                    + "contract says, and the tree reads back as the operations made it"),
            new ExplorationReport.Property(Requirement.MNT_5, "reparse points (a tag and up to 16 KiB) are kept with "
                    + "their file or directory"),
            new ExplorationReport.Property(Requirement.MNT_6, "a path through a directory with a reparse point "
                    + "fails with a reparse status naming the tag and the rest of the path"),
            new ExplorationReport.Property(Requirement.REC_4, "mounting recovers every state a power loss leaves, "
                    + "also after a crash during recovery"),
            new ExplorationReport.Property(Requirement.REC_5, "after a crash the tree is that after a prefix of the "
                    + "metadata operations, with every operation a flush made durable"),
            new ExplorationReport.Property(Requirement.REC_6, "after a crash no metadata operation shows in part "
                    + "(never a rename in both directories or in neither)"),
            new ExplorationReport.Property(Requirement.DISK_2, "after a crash every file holds the data it had at "
                    + "its last flush"),
            new ExplorationReport.Property(Requirement.DISK_4, "no file ever shows bytes never written to it or "
                    + "another file's, also after every file is rewritten following a crash; on a volume with a sector "
                    + "unreadable or a bit flipped, a clear error (CORRUPT, IO_ERROR), never wrong metadata"));

    private final FileSystemEngine engine;
    private final FsSetup setup;
    private final Mode mode;
    private final FsWorkloads workloads;

    public FsSuite(FileSystemEngine engine, FsSetup setup, Mode mode) {
        this.engine = engine;
        this.setup = setup;
        this.mode = mode;
        this.workloads = new FsWorkloads(nameLengthMaxOf(engine, setup));
    }

    private static int nameLengthMaxOf(FileSystemEngine engine, FsSetup setup) {
        Rig rig = FsLayer.usedRig(setup);
        FileSystemSession session;
        try {
            session = engine.format(rig.devices());
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot format a volume on " + setup + ": "
                    + e, e);
        }
        return FsLayer.limitsOf(session).nameLengthMax();
    }

    /** One- and two-operation sequences: the size of the bounded-exhaustive space. */
    public static int exhaustiveSpace() {
        return FsWorkloads.enumeratedCount();
    }

    /** One-operation sequences: the first workloads of the exhaustive mode. */
    public static int oneOperationSpace() {
        return FsWorkloads.oneOpCount();
    }

    public FsSetup setup() {
        return setup;
    }

    @Override
    public List<FsStep> generate(RandomGenerator random, int stepsMax) {
        return workloads.generate(random, stepsMax);
    }

    @Override
    public List<FsStep> workload(int index, long caseSeed, int stepsMax) {
        return mode == Mode.EXHAUSTIVE && index < FsWorkloads.enumeratedCount() ? FsWorkloads.enumerated(index)
                : generate(Seeds.random(caseSeed), stepsMax);
    }

    @Override
    public Optional<Failure<FsStep>> run(List<FsStep> steps, long caseSeed, CaseContext context) {
        return new WorkloadRun<>(new FsLayer(engine, setup, context), steps, context).execute();
    }

    @Override
    public List<FsStep> simplerSteps(FsStep step) {
        return FsWorkloads.simpler(step);
    }
}
