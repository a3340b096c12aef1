package txstack.conformance.volume;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Seeds;
import txstack.conformance.explorer.Stats;
import txstack.conformance.explorer.Violated;
import txstack.conformance.explorer.Violation;
import txstack.conformance.disk.CrashImage;
import txstack.conformance.rig.CrashCut;
import txstack.conformance.rig.Moment;
import txstack.conformance.rig.Rig;
import txstack.conformance.rig.RigDisk;
import txstack.spi.disk.DeviceException;
import txstack.spi.disk.Devices;
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeFailedException;
import txstack.spi.volume.VolumeLayout;
import txstack.spi.volume.VolumeService;
import txstack.model.Bytes;
import txstack.model.volume.CrashedVolume;
import txstack.model.volume.MemberState;
import txstack.model.volume.VolumeState;

/**
 * Checks one crash state of a volume, twice:
 * <ol>
 *   <li>assembled from every member present: every block must hold one of its {@link CrashedVolume} outcomes
 *       (DISK-3); then a seeded member fails and every block must read as before (VOL-8 for RAID-5: a torn stripe
 *       must not reconstruct garbage; VOL-2 for a mirror: its halves must agree after the resync);</li>
 *   <li>assembled with a seeded member lost between the crash and the assembly (the write hole): the volume may
 *       refuse to start where the model allows it, else every block must hold one of its outcomes (VOL-8).</li>
 * </ol>
 * In half the workloads each such state is also assembled with a sector of a healthy member lost while the volume
 * was down ({@link #sectorLostWhileDown}, DISK-4), and in half with a healthy member's disk dying during the assembly
 * ({@link #memberDiesInAssembly}, VOL-8).
 * Where sector errors (DISK-4) leave some rows without redundancy, a block may fail to read instead, for at most
 * {@link CrashedVolume#lossBound()} blocks; a block that read once must not change, a lost one must stay lost or
 * return one of its outcomes. Crashes during the assembly are the shared run's ({@link
 * txstack.conformance.explorer.WorkloadRun}). Deterministic: the same state and seed give the same result.
 */
final class VolumeCheck {
    /** Crash points inside one assembly that are checked (a seeded sample). */
    static final int SWEEP_POINTS_MAX = 4;
    /** Images per crash point inside an assembly. */
    static final int SWEEP_COMBINATIONS_MAX = 2;

    private final VolumeEngine engine;
    private final VolumeSetup setup;
    private final CaseContext context;
    private long blockCount;
    /** What {@link #readAll} reads into, reused: the check runs on one thread. */
    private byte[] blockBuffer;
    /** Whether every assembly of a crash state past the redundancy is scrubbed at rest too. */
    private final boolean scrubsPastRedundancy;
    /** Whether a block reread alone goes straight to its place in the buffer, at an offset ({@link #readBlocks}). */
    private final boolean atOffsets;
    /** Whether crash states checked in full are assembled again with a sector lost while the volume was down. */
    private final boolean losesSectorsWhileDown;
    /** Whether crash states checked in full are assembled again with a member's disk dying during the assembly. */
    private final boolean membersDieInAssembly;
    /** The members of another volume of this setup, by member number, made on first use. */
    private EarlierVolume foreignVolume;
    /** The tag of every block of the other volume ({@link #foreignMember}): no workload's write uses it. */
    static final int FOREIGN_TAG = 0xF0E1_6E00;
    /**
     * In one workload in this many, every crash state checked in full is assembled again with a sector lost while the
     * volume was down.
     */
    static final int SECTOR_LOST_WHILE_DOWN_ONE_IN = 2;
    /** The key of the draws of {@link #sectorLostWhileDown} from the case seed. */
    private static final long SECTOR_LOST_WHILE_DOWN_KEY = 0x5EC7_0D0EL;
    /**
     * In one workload in this many, every crash state checked in full is assembled again with a member's disk dying
     * during the assembly.
     */
    static final int MEMBER_DIES_IN_ASSEMBLY_ONE_IN = 2;
    /** The key of the draws of {@link #memberDiesInAssembly} from the case seed. */
    private static final long MEMBER_DIES_IN_ASSEMBLY_KEY = 0xD1E5_A55EL;

    /**
     * @param scrubsPastRedundancy whether every assembly of a crash state past the redundancy is scrubbed at rest
     *                             ({@link #check})
     * @param atOffsets            whether a block reread alone goes straight to its place in the buffer ({@link
     *                             VolumeSuite.Checks#bufferOffsets})
     * @param losesSectorsWhileDown whether the crash states of half the workloads are assembled again with a sector of
     *                             a healthy member made unreadable first ({@link
     *                             VolumeSuite.Checks#sectorsLostWhileDown})
     * @param membersDieInAssembly  whether the crash states of half the workloads are assembled again with a member's
     *                             disk dying during the assembly ({@link VolumeSuite.Checks#membersDieInAssembly})
     */
    VolumeCheck(VolumeEngine engine, VolumeSetup setup, CaseContext context, boolean scrubsPastRedundancy,
                boolean atOffsets, boolean losesSectorsWhileDown, boolean membersDieInAssembly) {
        this.engine = engine;
        this.setup = setup;
        this.context = context;
        this.scrubsPastRedundancy = scrubsPastRedundancy;
        this.atOffsets = atOffsets;
        this.losesSectorsWhileDown = losesSectorsWhileDown;
        this.membersDieInAssembly = membersDieInAssembly;
    }

    void blockCount(long value) {
        this.blockCount = value;
    }

    /**
     * Assembles {@code restored} and judges it (and scrubs it at rest where a sector is lost beyond the redundancy,
     * {@link #scrubAtRest}); with {@code withLoss}, also the same state with a seeded member lost before assembly, and
     * the same state with a seeded sector of a healthy member lost before assembly ({@link #sectorLostWhileDown}).
     * Returns the journal entries the assembly issued before it returned.
     *
     * @throws Violated at the first property broken
     */
    int check(Rig restored, CrashedVolume crashed, boolean withLoss, RandomGenerator random) {
        int afterPick = random.nextInt(1 << 16);
        int[] entries = {0};
        Map<String, Long> readsInAssembly = new HashMap<>();
        Optional<Violation> v = assembleAndCheck(restored, crashed, afterPick, "", () -> {
            entries[0] = restored.size();
            restored.disks().forEach(d -> readsInAssembly.put(d.name(), d.reads()));
        });
        if (v.isPresent()) {
            throw new Violated(v.get());
        }
        // A disk of a member the model counts failed is one back after a session without it: never lost again.
        List<RigDisk> disks = restored.disks().stream()
                .filter(d -> crashed.before().members().get(slot(d)) != MemberState.FAILED).toList();
        if (disks.size() < restored.disks().size()) {
            context.stats().increment(Stats.Counter.MEMBERS_RETURNED);
        }
        if (!withLoss) {
            return entries[0];
        }
        if (disks.size() >= 2) {
            memberLostWhileDown(restored, crashed, disks, afterPick, random);
        }
        if (losesSectorsWhileDown) {
            sectorLostWhileDown(restored, crashed, afterPick);
        }
        if (membersDieInAssembly) {
            memberDiesInAssembly(restored, crashed, readsInAssembly, afterPick);
        }
        return entries[0];
    }

    /** The crash state assembled without one of {@code disks}, drawn from {@code random}, lost before assembly. */
    private void memberLostWhileDown(Rig restored, CrashedVolume crashed, List<RigDisk> disks, int afterPick,
                                     RandomGenerator random) {
        RigDisk lost = disks.get(random.nextInt(disks.size()));
        CrashedVolume lostBefore = crashed.failMember(slot(lost));
        if (lostBefore.mustReportFailed()) {
            return;
        }
        Rig rest = restored.reopen(Set.of(lost.name()));
        Optional<Violation> v = assembleAndCheck(rest, lostBefore, afterPick, "member " + slot(lost) + " lost after "
                + "the crash, before assembly: ", () -> { })
                .map(x -> new Violation(Requirement.VOL_8, x.summary(), x.details()));
        if (v.isPresent()) {
            throw new Violated(v.get());
        }
    }

    /**
     * In one workload in {@value #SECTOR_LOST_WHILE_DOWN_ONE_IN}, the crash state assembled with one sector of a
     * healthy member made unreadable first: a latent sector error found at start-up, anywhere on the member (its data
     * or the engine's own records of it; half the time one of its first or last two sectors, where engines commonly
     * keep those). The model counts it as one more unreadable sector on that member, so assembly may drop no member
     * for it and lose no block while redundancy is left (DISK-4). The workload, the
     * sector and the member (or the next healthy one) are drawn from the case seed, not per crash state: a shorter
     * workload that keeps the steps behind a failure meets the same sector lost, so the failure shrinks.
     */
    private void sectorLostWhileDown(Rig restored, CrashedVolume crashed, int afterPick) {
        RandomGenerator draw = Seeds.random(Seeds.derive(context.caseSeed(), SECTOR_LOST_WHILE_DOWN_KEY));
        if (draw.nextInt(SECTOR_LOST_WHILE_DOWN_ONE_IN) != 0 || crashed.mustReportFailed()) {
            return;
        }
        int first = draw.nextInt(setup.memberCount());
        long sectors = setup.memberSectorCount();
        long edge = draw.nextLong(Math.min(4, sectors));
        long sector = draw.nextBoolean() ? edgeSector(edge, sectors) : draw.nextLong(sectors);
        RigDisk victim = healthyFrom(first, restored, crashed);
        if (victim == null) {
            return;
        }
        Rig withError = restored.reopen(Set.of());
        withError.disk(victim.name()).markUnreadable(sector);
        context.stats().increment(Stats.Counter.SECTORS_LOST_WHILE_DOWN);
        Optional<Violation> v = assembleAndCheck(withError, crashed.loseSector(slot(victim)), afterPick, "sector "
                + sector + " of member " + slot(victim) + " unreadable after the crash, before assembly: ", () -> { })
                .map(x -> new Violation(Requirement.DISK_4, x.summary(), x.details()));
        if (v.isPresent()) {
            throw new Violated(v.get());
        }
    }

    /**
     * In one workload in {@value #MEMBER_DIES_IN_ASSEMBLY_ONE_IN}, the crash state assembled again with a healthy
     * member's disk dying during the assembly (DISK-4), at one of the reads the first assembly of the state made of it
     * (drawn per crash state): its label's, or a resync's that copies from it. The member, or the next healthy one,
     * is drawn from the case seed, so a shorter workload that keeps the steps behind a failure meets the same death.
     * The engine must go on without the member as if it had been lost between the crash and the assembly (the
     * model's {@link CrashedVolume#failMember}), or refuse to start where the model lets it (VOL-8). An engine that
     * reads the member fewer times now than in the first assembly, so that it has not died by the assembly's end,
     * is judged as the first assembly was: by the crash state without a loss.
     */
    private void memberDiesInAssembly(Rig restored, CrashedVolume crashed, Map<String, Long> readsInAssembly,
                                      int afterPick) {
        RandomGenerator draw = Seeds.random(Seeds.derive(context.caseSeed(), MEMBER_DIES_IN_ASSEMBLY_KEY));
        if (draw.nextInt(MEMBER_DIES_IN_ASSEMBLY_ONE_IN) != 0 || crashed.mustReportFailed()) {
            return;
        }
        int first = draw.nextInt(setup.memberCount());
        RigDisk victim = healthyFrom(first, restored, crashed);
        if (victim == null) {
            return;
        }
        long reads = readsInAssembly.getOrDefault(victim.name(), 0L);
        CrashedVolume lostBefore = crashed.failMember(slot(victim));
        if (reads == 0 || lostBefore.mustReportFailed()) {
            return;
        }
        long readNumber = 1 + afterPick % reads;
        Rig dying = restored.reopen(Set.of());
        RigDisk disk = dying.disk(victim.name());
        disk.dieAtRead(readNumber);
        context.stats().increment(Stats.Counter.MEMBERS_DIED_IN_ASSEMBLY);
        String prefix = "member " + slot(victim) + "'s disk died at its read " + readNumber + " of the assembly: ";
        Optional<Violation> v = assembleAndCheck(dying, () -> disk.failed() ? lostBefore : crashed, afterPick, prefix,
                disk::disarm).map(x -> new Violation(Requirement.VOL_8, x.summary(), x.details()));
        if (v.isPresent()) {
            throw new Violated(v.get());
        }
    }

    /** The disk of member {@code first} or of the next one after it the crash state has healthy; null if none. */
    private RigDisk healthyFrom(int first, Rig restored, CrashedVolume crashed) {
        for (int k = 0; k < setup.memberCount(); k++) {
            int m = (first + k) % setup.memberCount();
            if (crashed.before().members().get(m) == MemberState.HEALTHY) {
                RigDisk disk = restored.disks().stream().filter(d -> slot(d) == m).findFirst().orElse(null);
                if (disk != null) {
                    return disk;
                }
            }
        }
        return null;
    }

    /**
     * One of a member's first or last two sectors, where engines commonly keep their own records: {@code edge} 0 and 1
     * are sectors 0 and 1, 2 and 3 the last two ({@code edge} is below {@code min(4, sectors)}, so the sector exists).
     */
    private static long edgeSector(long edge, long sectors) {
        return edge < 2 ? edge : sectors - 4 + edge;
    }

    private static int slot(RigDisk disk) {
        return Devices.memberIndex(disk.name());
    }

    private Optional<Violation> assembleAndCheck(Rig disks, CrashedVolume crashed, int afterPick,
                                                 String prefix, Runnable assembled) {
        return assembleAndCheck(disks, () -> crashed, afterPick, prefix, assembled);
    }

    /**
     * {@link #assembleAndCheck(Rig, CrashedVolume, int, String, Runnable)} with the crash state to judge by asked once
     * the assembly returned (and {@code assembled} ran) or refused: a disk that died in it changes it.
     */
    private Optional<Violation> assembleAndCheck(Rig disks, Supplier<CrashedVolume> judgeBy, int afterPick,
                                                 String prefix, Runnable assembled) {
        context.stats().increment(Stats.Counter.RECOVERIES);
        VolumeService volume;
        RuntimeException failure = null;
        try {
            volume = engine.assemble(disks.devices());
            assembled.run();
        } catch (RuntimeException e) {
            volume = null;
            failure = e;
        }
        CrashedVolume crashed = judgeBy.get();
        if (failure instanceof VolumeFailedException e) {
            if (crashed.mayReportFailed()) {
                context.stats().checked(Requirement.VOL_8);
                return Optional.empty();
            }
            return Optional.of(Violation.of(orSectorProperty(Requirement.DISK_3, crashed.before()), prefix
                    + "assembly refused a volume the model keeps: " + e.getMessage()));
        }
        if (failure != null) {
            return Optional.of(Violation.of(orSectorProperty(Requirement.DISK_3, crashed.before()), prefix
                    + "assembly failed: " + failure));
        }
        int entries = disks.size();
        Judged judged = judge(volume, crashed, prefix);
        if (judged.violation() != null) {
            return Optional.of(judged.violation());
        }
        List<Bytes> first = judged.first();
        VolumeState recovered = crashed.recover(first, judged.members());
        if (scrubsPastRedundancy && recovered.lossy()) {
            // Before a member fails below: the scrub takes every member's disk as the assembly left it.
            scrubPastRedundancy(disks, entries, recovered, first, prefix);
        }
        return failOneAndReread(disks, volume, recovered, crashed, first, afterPick, prefix);
    }

    /** What an assembled volume shows, judged: its members and blocks, or the first property it breaks. */
    private record Judged(List<MemberState> members, List<Bytes> first, Violation violation) {
        static Judged of(Violation violation) {
            return new Judged(List.of(), List.of(), violation);
        }
    }

    /** Judges an assembled volume against {@code crashed}: its members' states, then every block (DISK-3, DISK-4). */
    private Judged judge(VolumeService volume, CrashedVolume crashed, String prefix) {
        List<MemberState> members = new ArrayList<>();
        Set<Integer> failed = volume.failedMembers();
        List<Set<MemberState>> memberOutcomes = crashed.memberOutcomes();
        for (int i = 0; i < setup.memberCount(); i++) {
            MemberState state = failed.contains(i) ? MemberState.FAILED : MemberState.HEALTHY;
            if (!memberOutcomes.get(i).contains(state)) {
                return Judged.of(Violation.of(Requirement.VOL_7, prefix + "member " + i + " is " + state
                        + " after assembly; the model allows " + memberOutcomes.get(i)));
            }
            members.add(state);
        }
        if (crashed.droppedBeyondTolerance(members)) {
            return Judged.of(Violation.of(Requirement.VOL_7, prefix + "members " + failed + " are failed after "
                    + "assembly: each may be dropped for its unreadable sectors, not all of them (tolerance "
                    + crashed.before().layout().tolerance() + ")"));
        }
        BlockData data;
        try {
            data = readAll(volume, crashed.lossBound() > 0);
        } catch (ReadFailure e) {
            return Judged.of(Violation.of(orSectorProperty(Requirement.DISK_3, crashed.before()), prefix
                    + "after assembly: " + e.getMessage()));
        }
        long lost = data.lost().cardinality();
        if (lost > crashed.lossBound()) {
            return Judged.of(Violation.of(Requirement.DISK_4, prefix + lost + " blocks do not read after assembly; the "
                    + "sector errors explain at most " + crashed.lossBound()));
        }
        // Each block read is compared in place with the values the model allows, and the match (the model's own
        // value) is what the model recovers from: no copy of a block.
        List<Set<Bytes>> outcomes = crashed.blockOutcomes();
        List<Bytes> first = new ArrayList<>(data.count());
        for (int b = 0; b < data.count(); b++) {
            Bytes match = null;
            if (!data.lost().get(b)) {
                for (Bytes allowed : outcomes.get(b)) {
                    if (data.readAs(b, allowed) && crashed.allows(b, allowed)) {
                        match = allowed;
                        break;
                    }
                }
                if (match == null) {
                    return Judged.of(new Violation(Requirement.DISK_3, prefix + "block " + b + " holds a value no "
                            + "write left there", "observed: " + describe(data.block(b)) + "\nallowed: "
                            + outcomes.get(b).stream().map(VolumeCheck::describe).toList()));
                }
            }
            first.add(match);
        }
        context.stats().checked(Requirement.DISK_3);
        if (crashed.before().liveSectorErrors() > 0) {
            context.stats().checked(Requirement.DISK_4);
        }
        return new Judged(members, first, null);
    }

    /** A volume assembled to go on with: what it showed, and the journal entries its assembly issued. */
    record Assembled(VolumeService volume, List<MemberState> members, List<Bytes> observed, int entries) {
    }

    /**
     * Assembles {@code rig} to go on with it (a power cycle), leaving out the disk of member {@code missing} if {@code
     * missing >= 0}, and judges it as every crash state is. Null if the engine refused and the model allows that.
     *
     * @throws Violated at the first property broken
     */
    Assembled assembleToGoOn(Rig rig, CrashedVolume crashed, int missing, String prefix) {
        context.stats().increment(Stats.Counter.RECOVERIES);
        Map<String, txstack.spi.disk.BlockDevice> present = new LinkedHashMap<>();
        boolean returned = false;
        for (RigDisk d : rig.disks()) {
            if (slot(d) != missing) {
                present.put(d.name(), d);
                returned |= crashed.before().members().get(slot(d)) == MemberState.FAILED;
            }
        }
        if (returned) {
            context.stats().increment(Stats.Counter.MEMBERS_RETURNED);
        }
        VolumeService volume;
        try {
            volume = engine.assemble(Devices.of(present));
        } catch (VolumeFailedException e) {
            if (crashed.mayReportFailed()) {
                return null;
            }
            throw new Violated(Violation.of(orSectorProperty(Requirement.DISK_3, crashed.before()), prefix
                    + "assembly refused a volume the model keeps: " + e.getMessage()));
        } catch (RuntimeException e) {
            throw new Violated(Violation.of(orSectorProperty(Requirement.DISK_3, crashed.before()), prefix
                    + "assembly failed: " + e));
        }
        int entries = rig.size();
        Judged judged = judge(volume, crashed, prefix);
        if (judged.violation() != null) {
            throw new Violated(judged.violation());
        }
        return new Assembled(volume, judged.members(), judged.first(), entries);
    }

    /**
     * The scrub at rest, right after an assembly returned (after its first {@code entries} journal entries, on what
     * they made durable) and before anything else wrote: each member in turn is left out of a new assembly of those
     * disks (a RAID-5 without member {@code i}; a mirror with member {@code i} alone, so each half must hold the
     * data), and every block must read as the assembled volume returned it ({@code observed}): the assembly left the
     * members consistent at rest, not only what it read through them (VOL-8 for RAID-5, VOL-2 for a mirror). An
     * engine may refuse where the model lets it; the assemblies' writes go nowhere.
     *
     * @throws Violated at the first block that reads otherwise
     */
    void scrubAtRest(Rig rig, int entries, VolumeState recovered, List<Bytes> observed) {
        scrub(rig, entries, recovered, observed, false, "", "right after the assembly returned");
    }

    /**
     * {@link #scrubAtRest} after the assembly of a crash state where a sector is lost beyond the redundancy ({@code
     * recovered} is {@link VolumeState#lossy()}), where no workload goes on to a power cycle: the assembly's resync
     * had to copy around the lost rows, and every other block must still read alike from each member (a mirror) or
     * with each member left out (RAID-5). Counted apart, as well as with the scrubs. Where the run goes on after
     * the assembly, a member it fails is out of the disks at rest: call this before.
     */
    private void scrubPastRedundancy(Rig rig, int entries, VolumeState recovered, List<Bytes> observed,
                                     String prefix) {
        scrub(rig, entries, recovered, observed, true, prefix, "right after the assembly of a crash state with a "
                + "sector lost beyond the redundancy");
    }

    private void scrub(Rig rig, int entries, VolumeState recovered, List<Bytes> observed, boolean pastRedundancy,
                       String prefix, String when) {
        AtRest rest = atRest(rig, entries, recovered);
        boolean mirror = setup.layout() == VolumeLayout.MIRROR;
        for (int member : rest.healthy()) {
            List<Integer> kept = mirror ? List.of(member) : rest.healthy().stream().filter(m -> m != member).toList();
            CrashedVolume expected = rest.expected();
            for (int m : rest.healthy()) {
                expected = kept.contains(m) ? expected : expected.failMember(m);
            }
            if (expected.mustReportFailed()) {
                return; // already degraded: no redundancy left to verify
            }
            context.stats().increment(Stats.Counter.SCRUBS_AT_REST);
            if (pastRedundancy) {
                context.stats().increment(Stats.Counter.SCRUBS_PAST_REDUNDANCY);
            }
            Requirement property = orSectorProperty(mirror ? Requirement.VOL_2 : Requirement.VOL_8,
                    expected.before());
            reassemble(rest.placements(kept, Map.of()), expected, observed, property, false, prefix + "scrub, "
                    + (mirror ? "member " + member + " alone" : "member " + member + " left out")
                    + " at rest, " + when);
        }
    }

    /**
     * Wrong disks at rest, right after an assembly returned (on the disks as its first {@code entries} journal entries
     * left them), one new assembly each: the healthy members in each other's roles (rotated); a member of another
     * volume of the same geometry in member {@code i}'s role; an old copy of member {@code k} (its disk in {@code
     * older}, from before this session wrote) in member {@code j}'s role, with member {@code j}'s disk away; member
     * {@code i}'s own disk cut short, too small for any member of the volume. The first
     * must assemble as the members in their own roles would (the engine trusts labels, not roles); the others may
     * be refused. Whatever assembles must count failed the members the model does (the wrong disk's role among them)
     * and read every block as the assembled volume returned it ({@code observed}): no data from a disk that is not
     * the member (VOL-7). {@code i}, {@code k} and {@code j} are drawn from {@code random}.
     *
     * @throws Violated at the first property broken
     */
    void wrongDisksAtRest(Rig rig, int entries, VolumeState recovered, List<Bytes> observed,
                          Map<String, CrashImage> older, RandomGenerator random) {
        AtRest rest = atRest(rig, entries, recovered);
        List<Integer> healthy = rest.healthy();
        if (healthy.size() < 2) {
            return;
        }
        Requirement readBack = setup.layout() == VolumeLayout.MIRROR ? Requirement.VOL_1 : Requirement.VOL_5;
        Map<Integer, CrashImage> rotated = new LinkedHashMap<>();
        List<String> rotation = new ArrayList<>();
        for (int t = 0; t < healthy.size(); t++) {
            int role = healthy.get((t + 1) % healthy.size());
            rotated.put(role, rest.images().get(Devices.member(healthy.get(t))));
            rotation.add(healthy.get(t) + "->" + role);
        }
        wrongDisks(rest.placements(healthy, rotated), rest.expected(), observed,
                orSectorProperty(readBack, rest.expected().before()), false,
                "members in each other's roles " + rotation + " at rest");

        int i = healthy.get(random.nextInt(healthy.size()));
        CrashedVolume withoutI = rest.expected().failMember(i);
        if (!withoutI.mustReportFailed()) {
            wrongDisks(rest.placements(healthy, Map.of(i, foreignMember(i))), withoutI, observed,
                    Requirement.VOL_7, true,
                    "member " + i + " of another volume in member " + i + "'s role at rest");
        }

        // The old copy's role comes after its member's: of two devices claiming one member, the later one given.
        int k = healthy.get(random.nextInt(healthy.size() - 1));
        List<Integer> after = healthy.subList(healthy.indexOf(k) + 1, healthy.size());
        int j = after.get(random.nextInt(after.size()));
        CrashImage copy = older.get(Devices.member(k));
        CrashedVolume withoutJ = rest.expected().failMember(j);
        if (copy != null && !withoutJ.mustReportFailed()) {
            wrongDisks(rest.placements(healthy, Map.of(j, copy)), withoutJ, observed,
                    Requirement.VOL_7, true,
                    "an old copy of member " + k + " (from before this session wrote) in member " + j
                            + "'s role at rest");
        }

        // Member i's own disk cut short (copied onto a smaller disk): too small for any member of this volume, which
        // holds at least its share of the blocks, so what its label says, where the label still reads, no longer
        // fits it. No draw: the checks above stay as they were.
        if (!withoutI.mustReportFailed()) {
            long shorter = shortDiskSectors();
            CrashImage own = rest.images().get(Devices.member(i));
            wrongDisks(rest.placements(healthy, Map.of(i, own.cutShort(shorter))), withoutI, observed,
                    Requirement.VOL_7, true, "member " + i + "'s own disk cut short to " + shorter + " of its "
                            + own.sectorCount() + " sectors at rest");
        }
    }

    /**
     * Sectors of a disk too small to be a member: half a member's share of the blocks (all of them on a mirror, one
     * in {@code members - 1} on RAID-5), at least one.
     */
    private long shortDiskSectors() {
        long share = setup.layout() == VolumeLayout.MIRROR ? blockCount
                : (blockCount + setup.memberCount() - 2) / (setup.memberCount() - 1);
        return Math.max(1, share / 2);
    }

    private void wrongDisks(Rig disks, CrashedVolume expected, List<Bytes> observed, Requirement property,
                            boolean mayRefuse, String what) {
        context.stats().increment(Stats.Counter.WRONG_DISK_ASSEMBLIES);
        if (reassemble(disks, expected, observed, property, mayRefuse, what)) {
            context.stats().increment(Stats.Counter.WRONG_DISKS_REFUSED);
        }
    }

    /**
     * The disks at rest after an assembly's first {@code entries} journal entries, and what a new assembly of them
     * may show: the model at rest with members the disks lack failed.
     *
     * @param healthy  the members the model counts healthy whose disks are at hand, by member number
     * @param expected {@code recovered} at rest, with every healthy member that has no disk failed
     */
    private record AtRest(Map<String, CrashImage> images, List<Integer> healthy, CrashedVolume expected) {
        /**
         * The disks of {@code members} in their own roles, but for those {@code instead} names: there the image
         * it maps the member to.
         */
        Rig placements(List<Integer> members, Map<Integer, CrashImage> instead) {
            return Rig.of(members.stream().map(m -> new Rig.Placement(Devices.member(m), VolumeLayer.DOMAIN,
                    instead.getOrDefault(m, images.get(Devices.member(m))))).toList());
        }
    }

    private AtRest atRest(Rig rig, int entries, VolumeState recovered) {
        CrashCut cut = rig.cut(new Moment(entries - 1, false), Set.of());
        Map<String, CrashImage> images = cut.images(cut.allLost());
        List<Integer> healthy = new ArrayList<>();
        CrashedVolume expected = recovered.crash();
        for (int i = 0; i < setup.memberCount(); i++) {
            if (recovered.members().get(i) == MemberState.HEALTHY) {
                if (images.containsKey(Devices.member(i))) {
                    healthy.add(i);
                } else {
                    expected = expected.failMember(i);
                }
            }
        }
        return new AtRest(images, List.copyOf(healthy), expected);
    }

    /**
     * Member {@code member} of another volume of this setup, made by the engine once per check and written all over
     * (every block of it differs from any this volume holds): what the wrong disk in a member's role holds.
     */
    private CrashImage foreignMember(int member) {
        if (foreignVolume == null) {
            foreignVolume = EarlierVolume.written(engine, setup, blockCount, FOREIGN_TAG, false,
                    "the foreign member of the wrong-disk checks");
        }
        return foreignVolume.members().get(member);
    }

    /**
     * Assembles {@code disks} anew and judges it against {@code observed}: the members it counts failed must be ones
     * {@code expected} allows, and every block must read as the assembled volume returned it (at most {@code
     * expected}'s loss bound of blocks may fail to read). A refusal is allowed where {@code mayRefuse} or the model
     * lets the volume fail. Returns true if the engine refused.
     *
     * @throws Violated naming {@code what}, at the first property broken
     */
    private boolean reassemble(Rig disks, CrashedVolume expected, List<Bytes> observed, Requirement property,
                               boolean mayRefuse, String what) {
        VolumeService volume;
        BlockData again;
        Set<Integer> failed;
        try {
            volume = engine.assemble(disks.devices());
            failed = volume.failedMembers();
            again = readAll(volume, expected.lossBound() > 0);
        } catch (VolumeFailedException e) {
            if (mayRefuse || expected.mayReportFailed()) {
                return true;
            }
            throw new Violated(Violation.of(property, what + ": assembly refused: " + e.getMessage()));
        } catch (ReadFailure e) {
            throw new Violated(Violation.of(property, what + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            throw new Violated(Violation.of(property, what + ": assembly failed: " + e));
        }
        for (int m = 0; m < setup.memberCount(); m++) {
            MemberState state = failed.contains(m) ? MemberState.FAILED : MemberState.HEALTHY;
            if (!expected.memberOutcomes().get(m).contains(state)) {
                throw new Violated(Violation.of(property, what + ": member " + m + " is " + state + " after the "
                        + "assembly; the model allows " + expected.memberOutcomes().get(m) + " (engine: failed "
                        + failed + ")"));
            }
        }
        long lost = again.lost().cardinality();
        if (lost > expected.lossBound()) {
            throw new Violated(Violation.of(Requirement.DISK_4, what + ": " + lost + " blocks do not read; the "
                    + "sector errors explain at most " + expected.lossBound()));
        }
        for (int b = 0; b < again.count(); b++) {
            if (!again.lost().get(b) && observed.get(b) != null && !again.readAs(b, observed.get(b))) {
                throw new Violated(new Violation(property, what + ": block " + b + " reads otherwise than the "
                        + "assembled volume returned it", "returned: " + describe(observed.get(b))
                        + "\nnow:      " + describe(again.block(b))));
            }
        }
        context.stats().checked(property);
        return false;
    }

    /** A member fails after assembly: the blocks must not change (VOL-8 for RAID-5, VOL-2 for a mirror). */
    private Optional<Violation> failOneAndReread(Rig disks, VolumeService volume,
                                                 VolumeState recovered, CrashedVolume crashed, List<Bytes> first,
                                                 int pick, String prefix) {
        if (recovered.unavailableMembers() + 1 > recovered.layout().tolerance()) {
            return Optional.empty();
        }
        List<RigDisk> healthy = disks.disks().stream()
                .filter(d -> recovered.members().get(slot(d)) == MemberState.HEALTHY).toList();
        if (healthy.isEmpty()) {
            return Optional.empty();
        }
        RigDisk victim = healthy.get(pick % healthy.size());
        Requirement property = orSectorProperty(setup.layout() == VolumeLayout.MIRROR ? Requirement.VOL_2 : Requirement.VOL_8, recovered);
        int bound = recovered.failMember(slot(victim)).lossBound();
        BlockData again;
        try {
            volume.failMember(slot(victim));
            victim.fail();
            again = readAll(volume, bound > 0);
        } catch (ReadFailure e) {
            return Optional.of(Violation.of(property, prefix + "after member " + slot(victim) + " failed: "
                    + e.getMessage()));
        } catch (RuntimeException e) {
            return Optional.of(Violation.of(property, prefix + "after member " + slot(victim) + " failed: " + e));
        }
        long lost = again.lost().cardinality();
        if (lost > bound) {
            return Optional.of(Violation.of(Requirement.DISK_4, prefix + lost + " blocks do not read after member "
                    + slot(victim) + " failed; the sector errors explain at most " + bound));
        }
        for (int b = 0; b < first.size(); b++) {
            if (again.lost().get(b)) {
                continue;
            }
            if (first.get(b) == null ? !crashed.allows(b, again.block(b)) : !again.readAs(b, first.get(b))) {
                return Optional.of(new Violation(property, prefix + "block " + b + " changed when member "
                        + slot(victim) + " failed after assembly", "before: " + (first.get(b) == null
                        ? "unreadable" : describe(first.get(b))) + "\nafter:  " + describe(again.block(b))));
            }
        }
        context.stats().checked(property);
        return Optional.empty();
    }

    /**
     * The requirement a failure breaks: {@code otherwise}, unless a member has sector errors: then the failure is how
     * the volume handled them (VOL-6 for RAID-5, DISK-4 for a mirror).
     */
    private Requirement orSectorProperty(Requirement otherwise, VolumeState state) {
        if (state.liveSectorErrors() == 0) {
            return otherwise;
        }
        return setup.layout() == VolumeLayout.MIRROR ? Requirement.DISK_4 : Requirement.VOL_6;
    }

    /** A read the check cannot accept: any failure where nothing may be lost, or a failure other than DISK-4's. */
    static final class ReadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReadFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads {@code count} blocks from {@code first} into {@code buffer} at its offset: one read, and if it fails with
     * {@link DeviceException} where {@code mayLose}, one read per block to learn which blocks are lost ({@code null}
     * in the result). With {@code atOffsets} each block is reread straight into its place in the buffer, else into
     * the start of an array of its own (a transfer at an offset only where {@link VolumeSuite.Checks#bufferOffsets}
     * asks for them). The caller checks the buffer's guards.
     *
     * @throws ReadFailure if a read fails otherwise
     */
    static List<Bytes> readBlocks(VolumeService volume, long first, int count, int blockBytes, boolean mayLose,
                                  PlacedBuffer buffer, boolean atOffsets) {
        return readBlockData(volume, first, count, blockBytes, mayLose, buffer.array(), buffer.offset(), atOffsets)
                .toList();
    }

    /** Every block of the volume into this check's one buffer: valid until the next call. */
    private BlockData readAll(VolumeService volume, boolean mayLose) {
        int bytes = (int) blockCount * setup.sectorSizeBytes();
        if (blockBuffer == null || blockBuffer.length != bytes) {
            blockBuffer = new byte[bytes];
        }
        return readBlockData(volume, 0, (int) blockCount, setup.sectorSizeBytes(), mayLose, blockBuffer, 0,
                atOffsets);
    }

    /**
     * {@link #readBlocks} into {@code buffer} from index {@code base} ({@code count * blockBytes} bytes), for a caller
     * that compares the blocks or copies them: no copy per block here.
     */
    private static BlockData readBlockData(VolumeService volume, long first, int count, int blockBytes,
                                           boolean mayLose, byte[] buffer, int base, boolean atOffsets) {
        BlockData out = new BlockData(buffer, base, count, blockBytes, new BitSet(count));
        try {
            volume.read(first, out.data, base, count * blockBytes);
            return out;
        } catch (DeviceException e) {
            if (!mayLose) {
                throw new ReadFailure("read of blocks " + first + ".." + (first + count - 1) + " failed: " + e);
            }
        } catch (RuntimeException e) {
            throw new ReadFailure("read of blocks " + first + ".." + (first + count - 1) + " failed: " + e);
        }
        Arrays.fill(out.data, base, base + count * blockBytes, (byte) 0);
        byte[] alone = atOffsets ? null : new byte[blockBytes];
        for (int b = 0; b < count; b++) {
            try {
                if (atOffsets) {
                    volume.read(first + b, out.data, base + b * blockBytes, blockBytes);
                } else {
                    volume.read(first + b, alone, 0, blockBytes);
                    System.arraycopy(alone, 0, out.data, base + b * blockBytes, blockBytes);
                }
            } catch (DeviceException e) {
                out.lost.set(b);
            } catch (RuntimeException e) {
                throw new ReadFailure("read of block " + (first + b) + " failed: " + e);
            }
        }
        return out;
    }

    /** Blocks read into one buffer from index {@code base}; those in {@code lost} did not read. */
    record BlockData(byte[] data, int base, int count, int blockBytes, BitSet lost) {
        /** Block {@code b}'s value, or null if it did not read. */
        Bytes block(int b) {
            return lost.get(b) ? null : Bytes.of(data, base + b * blockBytes, blockBytes);
        }

        /** True if block {@code b} read as {@code value}. */
        boolean readAs(int b, Bytes value) {
            return !lost.get(b) && value.contentEquals(data, base + b * blockBytes, blockBytes);
        }

        /** Every block's value, null where it did not read. */
        List<Bytes> toList() {
            List<Bytes> out = new ArrayList<>(count);
            for (int b = 0; b < count; b++) {
                out.add(block(b));
            }
            return out;
        }
    }

    /** A block value as a person reads it: zeros, or which write (block number and tag) it came from. */
    static String describe(Bytes value) {
        byte[] bytes = value.toArray();
        if (Arrays.equals(bytes, new byte[bytes.length])) {
            return "zeros";
        }
        long block = 0;
        for (int i = 7; i >= 0; i--) {
            block = (block << 8) | (bytes[i] & 0xff);
        }
        int tag = 0;
        for (int i = 11; i >= 8; i--) {
            tag = (tag << 8) | (bytes[i] & 0xff);
        }
        boolean written = VolumeLayer.content(tag, block, bytes.length).equals(value);
        return written ? "block " + block + " of write tag=" + Integer.toHexString(tag)
                : "garbage " + HexFormat.of().formatHex(bytes, 0, Math.min(16, bytes.length)) + "...";
    }
}
