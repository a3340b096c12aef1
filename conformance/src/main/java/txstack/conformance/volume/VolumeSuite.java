package txstack.conformance.volume;

import java.util.ArrayList;
import txstack.spi.disk.Devices;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.SimulatedDisk;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.CaseRunner;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Failure;
import txstack.conformance.explorer.WorkloadRun;
import txstack.spi.disk.BlockDevice;
import txstack.spi.volume.VolumeEngine;

/**
 * The volume conformance suite bound to one engine and one volume setup: what the explorer runs. Written once
 * against the SPI; an engine is bound by passing its {@link VolumeEngine}.
 */
public final class VolumeSuite implements CaseRunner<VolumeStep> {

    /** The properties the suite checks, in report order. */
    public static final List<ExplorationReport.Property> PROPERTIES = List.of(
            new ExplorationReport.Property(Requirement.VOL_1, "a mirror reads back what was written, from either half"),
            new ExplorationReport.Property(Requirement.VOL_2, "a mirror with a half failed loses nothing; after a crash its "
                    + "halves agree"),
            new ExplorationReport.Property(Requirement.VOL_5, "RAID-5 reads back what was written (parity kept up to date)"),
            new ExplorationReport.Property(Requirement.VOL_6, "a degraded RAID-5, or one with an unreadable sector, reconstructs "
                    + "every block; no member is dropped for one bad sector"),
            new ExplorationReport.Property(Requirement.VOL_7, "a replacement, blank or stale, is rebuilt from the survivors; "
                    + "a stale or foreign disk never serves data"),
            new ExplorationReport.Property(Requirement.VOL_8, "no write hole: a member lost after a crash changes no block"),
            new ExplorationReport.Property(Requirement.DISK_1, "a transfer outside the volume or of part of a sector, "
                    + "a member failed or replaced that cannot be, or a volume over too few members, is refused and changes "
                    + "nothing; a read or write at an offset of a larger array touches only its own bytes there"),
            new ExplorationReport.Property(Requirement.DISK_3, "assembly after a power loss on every member returns, per block, "
                    + "a value the model allows"),
            new ExplorationReport.Property(Requirement.DISK_4, "unreadable sectors: while redundancy is left nothing is lost; "
                    + "beyond it, only the blocks of the bad sectors' rows fail to read, and none returns bad data"));

    /**
     * What the suite checks besides every crash state of one session. All are part of every run; turning one off is
     * for showing what it alone catches.
     *
     * @param lifeAfterAssembly power cycles inside workloads ({@link VolumeStep.PowerCycle}): writes after an
     *                          assembly, later sessions and their crash states, a member missing at an assembly and
     *                          back, stale, at the later ones
     * @param scrubAtRest       right after each such assembly, and after every assembly of a crash state with a
     *                          sector lost beyond the redundancy, each member in turn left out of a new assembly of
     *                          the disks at rest, every block reread ({@link VolumeCheck#scrubAtRest})
     * @param wrongDisks        right after each such assembly, new assemblies of wrong disks at rest: the members in
     *                          each other's roles, a foreign member, an old copy of a member ({@link
     *                          VolumeCheck#wrongDisksAtRest})
     * @param lossPastRedundancy one workload in {@value VolumeWorkloads#PAST_REDUNDANCY_ONE_IN} ends with a sector
     *                          lost beyond the redundancy under a write in flight, then a flush
     * @param membersDie        one workload in {@value VolumeWorkloads#MEMBER_DIES_ONE_IN} has a member's disk die
     *                          without the engine being told ({@link VolumeStep.MemberDies})
     * @param cleanCloses       one workload in {@value VolumeWorkloads#CLOSE_ONE_IN} closes the volume cleanly and
     *                          assembles it again at once, with crash points inside the close ({@link
     *                          VolumeStep.Close})
     * @param lostVolumes       one workload in {@value VolumeWorkloads#LOST_ONE_IN} ends with members failing until
     *                          the volume is lost, after which every call must be refused ({@link
     *                          VolumeStep.LoseVolume})
     * @param earlierVolumes    half the workloads create their volume over the disks of an earlier volume of the same
     *                          engine and setup, every block written and the volume closed ({@link EarlierVolume}),
     *                          not over blank ones
     * @param bufferOffsets     three reads and writes in four hand the engine their bytes at an offset inside a
     *                          larger array ({@link PlacedBuffer}), not at its start; a read must change nothing
     *                          around its bytes, a write nothing at all
     * @param arraysReused      once a write returned, the suite overwrites every byte of the array it passed, as a
     *                          caller reusing its array does: the write must have taken its bytes by then
     * @param survivorsDie      half the rebuilds of a member that failed lose another member's disk during the
     *                          rebuild, where the layout tolerates it ({@link VolumeStep.Rebuild#survivorDies}): the
     *                          first member in the volume the rebuild reads dies at that read
     * @param lostInRebuild     one workload in {@value VolumeWorkloads#LOST_IN_REBUILD_ONE_IN} of those that do not
     *                          end with a loss already ({@code lossPastRedundancy}, {@code lostVolumes}) ends with members failing up to the tolerance and a
     *                          survivor dying during the rebuild of one of them, which loses the volume ({@link
     *                          VolumeStep.LoseVolumeInRebuild}): every call must then be refused, and every crash
     *                          state inside the rebuild must leave an assembly that refuses
     * @param replacementsDie   one in {@value VolumeWorkloads#REPLACEMENT_DIES_ONE_IN} of the other rebuilds of a
     *                          member that failed lose the replacement's disk at the rebuild's first write or flush
     *                          to it ({@link VolumeStep.Rebuild#replacementDies}): {@code replaceMember} must throw
     *                          {@link txstack.spi.disk.DeviceException}, the member stay failed and every block read
     *                          as before; a second, blank replacement is then rebuilt
     * @param replacementsDieLater of those replacements, one in three dies at its first flush and one in three at its
     *                          first write after a flush (for an engine that flushes the rebuilt data before it writes
     *                          the member's own record, that record's write), not at its first write
     * @param sectorsLostWhileDown in one workload in {@value VolumeCheck#SECTOR_LOST_WHILE_DOWN_ONE_IN}, every crash
     *                          state checked in full is also assembled with one sector of a healthy member, drawn
     *                          for the workload, made unreadable after the crash (a latent sector error
     *                          found at start-up, wherever the engine keeps its data or its own records): assembly
     *                          must drop no member for it and lose no block while redundancy is left (DISK-4)
     * @param membersDieInAssembly in one workload in {@value VolumeCheck#MEMBER_DIES_IN_ASSEMBLY_ONE_IN}, every crash
     *                          state checked in full is also assembled with a healthy member's disk, drawn for the
     *                          workload, dying during the assembly, at one of the reads the first assembly of the
     *                          state made of it (its label's, a resync's): the engine must go on without it as if it
     *                          had been lost before the assembly, or refuse where the model lets it (VOL-8)
     */
    public record Checks(boolean lifeAfterAssembly, boolean scrubAtRest, boolean wrongDisks,
                         boolean lossPastRedundancy, boolean membersDie, boolean cleanCloses, boolean lostVolumes,
                         boolean earlierVolumes, boolean bufferOffsets, boolean arraysReused, boolean survivorsDie,
                         boolean lostInRebuild, boolean replacementsDie, boolean sectorsLostWhileDown,
                         boolean membersDieInAssembly, boolean replacementsDieLater) {
        /** Everything: what every run checks. */
        public static final Checks ALL = new Checks(true, true, true, true, true, true, true, true, true, true, true,
                true, true, true, true, true);

        /**
         * The checks as they were before {@code arraysReused}, {@code survivorsDie}, {@code lostInRebuild}, {@code
         * replacementsDie}, {@code sectorsLostWhileDown}, {@code membersDieInAssembly} and {@code
         * replacementsDieLater}, which are on.
         */
        public Checks(boolean lifeAfterAssembly, boolean scrubAtRest, boolean wrongDisks, boolean lossPastRedundancy,
                      boolean membersDie, boolean cleanCloses, boolean lostVolumes, boolean earlierVolumes,
                      boolean bufferOffsets) {
            this(lifeAfterAssembly, scrubAtRest, wrongDisks, lossPastRedundancy, membersDie, cleanCloses, lostVolumes,
                    earlierVolumes, bufferOffsets, true, true, true, true, true, true, true);
        }
    }

    private final VolumeEngine engine;
    private final VolumeSetup setup;
    private final VolumeWorkloads workloads;
    private final Checks checks;
    /** What half the workloads create their volume over; null when {@link Checks#earlierVolumes()} is off. */
    private final EarlierVolume earlier;

    public VolumeSuite(VolumeEngine engine, VolumeSetup setup) {
        this(engine, setup, Checks.ALL);
    }

    public VolumeSuite(VolumeEngine engine, VolumeSetup setup, Checks checks) {
        this.engine = engine;
        this.setup = setup;
        this.checks = checks;
        long blockCount = blockCountOf(engine, setup);
        this.workloads = new VolumeWorkloads(setup, blockCount, checks);
        this.earlier = checks.earlierVolumes() ? EarlierVolume.written(engine, setup, blockCount,
                EarlierVolume.UNDER_TAG, true, "an earlier user's, which workloads create theirs over") : null;
    }

    /** The size of the volume the engine makes on this setup, in blocks. */
    static long blockCountOf(VolumeEngine engine, VolumeSetup setup) {
        List<BlockDevice> members = new ArrayList<>();
        for (int i = 0; i < setup.memberCount(); i++) {
            members.add(new SimulatedDisk(setup.sectorSizeBytes(), setup.memberSectorCount()));
        }
        return engine.create(setup.layout(), Devices.members(members)).sectorCount();
    }

    public VolumeSetup setup() {
        return setup;
    }

    @Override
    public List<VolumeStep> generate(RandomGenerator random, int stepsMax) {
        return workloads.generate(random, stepsMax);
    }

    @Override
    public Optional<Failure<VolumeStep>> run(List<VolumeStep> steps, long caseSeed, CaseContext context) {
        return new WorkloadRun<>(new VolumeLayer(engine, setup, context, checks, earlier), steps, context).execute();
    }

    @Override
    public List<VolumeStep> simplerSteps(VolumeStep step) {
        return VolumeWorkloads.simpler(step);
    }
}
