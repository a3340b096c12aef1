package txstack.conformance.volume;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.CrashImage;
import txstack.conformance.disk.LimitExceededException;
import txstack.conformance.disk.SimulatedDisk;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.LayerRun;
import txstack.conformance.explorer.PowerLoss;
import txstack.conformance.explorer.Recovery;
import txstack.conformance.explorer.Seeds;
import txstack.conformance.explorer.Stats;
import txstack.conformance.explorer.StepOutcome;
import txstack.conformance.explorer.Violated;
import txstack.conformance.explorer.Violation;
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
import txstack.model.ModelException;
import txstack.model.volume.CrashedVolume;
import txstack.model.volume.MemberState;
import txstack.model.volume.VolumeState;

/**
 * The volume suite's side of one workload: the members are the rig's disks {@code member[i]}, one failure domain (a
 * power loss hits them all at once). Every read is checked against the model; after each step the shared {@link
 * txstack.conformance.explorer.WorkloadRun} cuts the power at every device operation the step issued, and {@link
 * VolumeCheck} assembles each crash state and judges it against {@link CrashedVolume}.
 *
 * <p>A crash inside a rebuild hands assembly the replacement too, as an administrator who restarts the machine would:
 * blank, half-written, or the old stale disk with its old label. The engine must leave it out (the member comes back
 * failed) unless its rebuild completed; a power loss right after a rebuild returned must bring the member back
 * healthy (VOL-7). A member sector made unreadable ({@link VolumeStep.LoseSector}) stays so until written; it is in
 * every crash image taken after it, too.
 *
 * <p>Life after assembly ({@link VolumeStep.PowerCycle}): the power fails, the volume is assembled again from the
 * image the cut left, judged as every crash state is, and the workload goes on in the new session with the volume the
 * assembly returned. A disk that left the volume (failed, or missing at an assembly) stays at hand and comes back,
 * stale, at every later assembly: the engine must leave it out until a rebuild resyncs it (VOL-7). Right after each
 * such assembly the members are scrubbed at rest ({@link VolumeCheck#scrubAtRest}), and wrong disks are assembled
 * at rest ({@link VolumeCheck#wrongDisksAtRest}): the members in each other's roles, a foreign member, an old copy of
 * a member from before the session wrote.
 *
 * <p>A clean close ({@link VolumeStep.Close}) is a step: the volume closes and is assembled again at once from the
 * same disks (no power loss), judged and scrubbed as after a power cycle; its crash points span both, each judged by
 * what had returned by then ({@link #closeAndAssemble}).
 */
final class VolumeLayer implements LayerRun<VolumeStep, CrashedVolume> {
    /** The failure domain of the members: one machine. */
    static final String DOMAIN = "machine";
    /** Draws, per workload, whether its volume is created over an earlier one ({@link EarlierVolume}). */
    private static final long OVER_EARLIER_KEY = 0xEA71E5L;

    private final VolumeEngine engine;
    private final VolumeSetup setup;
    private final CaseContext context;
    private final VolumeCheck check;
    private final VolumeSuite.Checks checks;
    /** The volume half the workloads create theirs over (null: always blank disks). */
    private final EarlierVolume earlier;
    private Rig rig;
    private VolumeService service;
    private VolumeState model;
    private long blockCount;
    private boolean rebuiltOnce;
    /** The member whose disk died during this step's rebuild ({@link VolumeStep.Rebuild#survivorDies}), else -1. */
    private int survivorDied = -1;
    /** Blocks whose reads failed since the model became lossy (a sector error beyond the redundancy left). */
    private final Set<Long> lostBlocks = new TreeSet<>();
    /** The disks of members that failed in this session, by member: they come back, stale, after a power cycle. */
    private final Map<Integer, RigDisk> failedDisks = new LinkedHashMap<>();
    /** The power cycle under way, between {@link #powerLoss} and {@link #recover}. */
    private VolumeStep.PowerCycle cycle;
    /** Assemblies the workload went on from (power cycles so far). */
    private int sessionsAfterAssembly;

    VolumeLayer(VolumeEngine engine, VolumeSetup setup, CaseContext context, VolumeSuite.Checks checks,
                EarlierVolume earlier) {
        this.engine = engine;
        this.earlier = earlier;
        this.setup = setup;
        this.context = context;
        this.checks = checks;
        this.check = new VolumeCheck(engine, setup, context, checks.scrubAtRest(), checks.bufferOffsets(),
                checks.sectorsLostWhileDown(), checks.membersDieInAssembly());
    }

    @Override
    public Start<CrashedVolume> start() {
        forbiddenCreate();
        rig = new Rig();
        boolean overEarlier = earlier != null && context.random(OVER_EARLIER_KEY).nextBoolean();
        for (int i = 0; i < setup.memberCount(); i++) {
            if (overEarlier) {
                rig.add(Devices.member(i), DOMAIN, earlier.members().get(i));
            } else {
                rig.addBlank(Devices.member(i), DOMAIN, setup.sectorSizeBytes(), setup.memberSectorCount());
            }
        }
        try {
            service = engine.create(setup.layout(), rig.devices());
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot create a " + setup.layout()
                    + " volume over " + setup.memberCount() + (overEarlier ? " members that held " + earlier
                    : " blank members") + ": " + e, e);
        }
        if (overEarlier) {
            context.stats().increment(Stats.Counter.VOLUMES_OVER_EARLIER);
        }
        rig.markStart(); // creating the volume promises nothing: its operations are no crash points
        blockCount = service.sectorCount();
        if (service.sectorSizeBytes() != setup.sectorSizeBytes() || blockCount < 1
                || blockCount > VolumeSetup.MEMBER_SECTORS_MAX * setup.memberCount()) {
            throw new IllegalStateException("engine " + engine.name() + " made a volume the suite cannot check: "
                    + "sectorSizeBytes=" + service.sectorSizeBytes() + " sectorCount=" + blockCount);
        }
        check.blockCount(blockCount);
        model = VolumeState.created(modelLayout(), (int) blockCount, setup.sectorSizeBytes());
        return new Start<>(rig, null, overEarlier ? "created over " + earlier : "");
    }

    /**
     * Before the workload's volume is made: a create over one member fewer than the layout needs (a mirror of one, a
     * RAID-5 of two), on disks of the suite's own that no crash state uses. The engine must refuse it with {@link
     * IllegalArgumentException} ({@link VolumeEngine#create}), and the model must refuse that layout too, or the
     * suite and its oracle disagree about the contract and the run stops as the harness's error.
     */
    private void forbiddenCreate() {
        int fewer = setup.layout() == VolumeLayout.MIRROR ? 1 : 2;
        try {
            new txstack.model.volume.VolumeLayout(modelLayout().kind(), fewer);
            throw new IllegalStateException("harness: the model allows a " + setup.layout() + " over " + fewer
                    + " members, which the SPI forbids; the oracle and the contract disagree");
        } catch (ModelException e) {
            // refused, as the contract says
        }
        List<txstack.spi.disk.BlockDevice> disks = new ArrayList<>();
        for (int i = 0; i < fewer; i++) {
            disks.add(new SimulatedDisk(setup.sectorSizeBytes(), setup.memberSectorCount()));
        }
        String call = "create(" + setup.layout() + " over " + fewer + " member" + (fewer == 1 ? "" : "s") + ")";
        try {
            engine.create(setup.layout(), Devices.members(disks));
        } catch (IllegalArgumentException e) {
            context.stats().increment(Stats.Counter.VOLUME_FORBIDDEN_CALLS_REFUSED);
            context.stats().checked(Requirement.DISK_1);
            return;
        } catch (RuntimeException e) {
            throw new Violated(Violation.of(Requirement.DISK_1, "a call the SPI forbids was refused with "
                    + e.getClass().getName() + ", not IllegalArgumentException: " + call + ": " + e));
        }
        throw new Violated(Violation.of(Requirement.DISK_1, "a call the SPI forbids was not refused (it must throw "
                + "IllegalArgumentException): " + call + " returned a volume"));
    }

    private txstack.model.volume.VolumeLayout modelLayout() {
        return new txstack.model.volume.VolumeLayout(setup.layout() == VolumeLayout.MIRROR
                ? txstack.model.volume.VolumeLayout.Kind.MIRROR : txstack.model.volume.VolumeLayout.Kind.RAID5,
                setup.memberCount());
    }

    @Override
    public StepOutcome<CrashedVolume> step(int index, VolumeStep step) {
        if (step instanceof VolumeStep.Close c) {
            return closeAndAssemble(c);
        }
        VolumeState before = model;
        // Before the step runs, as the model allows it: a model that cannot say is a harness error, not a verdict.
        CrashedVolume planned = crashedDuring(before, step);
        Requirement property = property(step);
        survivorDied = -1;
        try {
            perform(step);
        } catch (Violated v) {
            throw v;
        } catch (RuntimeException e) {
            throw new Violated(property, step + " failed: " + e);
        }
        // A survivor's disk that died during a rebuild is gone from every crash state of the step: the crash images
        // leave a failed disk out, and the model counts it failed from the start of the step.
        int rebuilt = switch (step) {
            case VolumeStep.Rebuild r -> r.member();
            case VolumeStep.LoseVolumeInRebuild l -> l.member();
            default -> -1;
        };
        CrashedVolume during = survivorDied >= 0 && rebuilt >= 0
                ? before.replaceMember(rebuilt).failMember(survivorDied).crash() : planned;
        // A power loss right after a rebuild returned must find the member rebuilt (VOL-7), and right after a dying
        // member's step returned, its write flushed; elsewhere the model's allowance for a crash inside the step
        // holds at every moment of it.
        CrashedVolume after = rebuilt >= 0 || step instanceof VolumeStep.MemberDies ? model.crash() : during;
        String note = survivorDied >= 0 ? "member " + survivorDied + "'s disk died at the rebuild's first read of it; "
                + "members failed " + service.failedMembers() : "";
        return StepOutcome.of(note, at -> at.last() ? after : during);
    }

    /**
     * A clean close, then an assembly of the same disks at once (no power loss: the devices keep their caches), and
     * the scrub at rest. A crash inside the close allows what one inside a flush does; right after it returned, every
     * write is durable and the assembly must start, even without a member ({@link VolumeState#shutDown()}); inside the
     * assembly, what a crash after a flush allows (a left-out member may come back either way); after it returned, the
     * volume it returned.
     */
    private StepOutcome<CrashedVolume> closeAndAssemble(VolumeStep.Close c) {
        CrashedVolume duringClose = model.crash();
        try {
            service.close();
        } catch (Violated v) {
            throw v;
        } catch (RuntimeException e) {
            throw new Violated(readProperty(), c + ": the close failed: " + e);
        }
        service = null;
        int closeEnd = rig.size();
        CrashedVolume clean = model.shutDown();
        for (RigDisk disk : failedDisks.values()) {
            disk.revive(); // as at a power cycle: the disk of a member that left comes back, stale
        }
        failedDisks.clear();
        int missing = c.missingMember();
        CrashedVolume crashed = missing >= 0 ? clean.failMember(missing) : clean;
        VolumeCheck.Assembled a = check.assembleToGoOn(rig, crashed, missing, "after a clean close"
                + (missing >= 0 ? ", member " + missing + " missing at the assembly" : "") + ": ");
        if (a == null) {
            throw new IllegalStateException("harness: a close ran where the model lets the assembly refuse: " + c);
        }
        service = a.volume();
        model = crashed.recover(a.observed(), a.members());
        sessionsAfterAssembly++;
        context.stats().increment(Stats.Counter.VOLUME_CLEAN_CLOSES);
        if (checks.scrubAtRest()) {
            check.scrubAtRest(rig, a.entries(), model, a.observed());
        }
        CrashedVolume duringAssembly = insideAssemblyWithout(clean.before().crash(), missing);
        CrashedVolume afterAssembly = model.crash();
        return StepOutcome.of("members failed " + service.failedMembers(), at -> {
            Moment m = at.moment();
            if (at.last()) {
                return afterAssembly;
            }
            if (m.entry() < closeEnd - 1 || (m.entry() == closeEnd - 1 && m.during())) {
                return duringClose;
            }
            return m.entry() == closeEnd - 1 ? clean : duringAssembly;
        });
    }

    @Override
    public void afterStep(int index, VolumeStep step) {
        checkMembers("\"" + step + "\"", property(step));
    }

    @Override
    public Optional<PowerLoss> powerLoss(VolumeStep step) {
        if (!(step instanceof VolumeStep.PowerCycle p)) {
            return Optional.empty();
        }
        cycle = p;
        return Optional.of(new PowerLoss(0, cut -> image(cut, p.image())));
    }

    /** The image a power cycle leaves: per disk that loses power, a choice drawn from the step's {@code image}. */
    private static int[][] image(CrashCut cut, int image) {
        RandomGenerator random = Seeds.random(Seeds.derive(image, 0x5E55));
        int[][] out = new int[cut.disks().size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = cut.losesPower(i) ? cut.points().get(i).randomChoice(random) : cut.points().get(i).allLanded();
        }
        return out;
    }

    @Override
    public Recovery<CrashedVolume> recover(Rig restored, CrashedVolume allowed, Depth depth, long seed) {
        if (depth == Depth.CONTINUE) {
            // The cut is after the journal's newest entry, so what it allows is the model now: that also counts the
            // steps since the last one with a device operation (a sector made unreadable is in the image already).
            return goOnAfterPowerCycle(restored, model.crash());
        }
        if (depth == Depth.CHECK && allowed.before().liveSectorErrors() > 0) {
            context.stats().increment(Stats.Counter.FAULT_STATES);
        }
        int entries = check.check(restored, allowed, depth == Depth.CHECK, Seeds.random(seed));
        // Once the assembly ran, a clean shutdown is no longer the last thing the members saw (CrashedVolume#reopened).
        CrashedVolume inside = allowed.reopened();
        return new Recovery<>(entries, inside, inside, "");
    }

    /**
     * A power cycle: the disks that left the volume come back (stale), the volume is assembled (without the missing
     * member, if the step names one), judged, scrubbed at rest, and becomes the workload's volume.
     */
    private Recovery<CrashedVolume> goOnAfterPowerCycle(Rig next, CrashedVolume allowed) {
        VolumeStep.PowerCycle p = cycle;
        cycle = null;
        // The members as this session found them, before it wrote: the old copies the wrong-disk checks hand over.
        Map<String, CrashImage> older = Map.of();
        if (checks.wrongDisks()) {
            CrashCut start = rig.cut(Moment.start(), Set.of());
            older = start.images(start.allLost());
        }
        for (Map.Entry<Integer, RigDisk> e : failedDisks.entrySet()) {
            String name = Devices.member(e.getKey());
            if (next.disks().stream().noneMatch(d -> d.name().equals(name))) {
                next.add(name, DOMAIN, e.getValue().simulated().currentImage());
            }
        }
        failedDisks.clear();
        int missing = p.missingMember();
        CrashedVolume crashed = missing >= 0 ? allowed.failMember(missing) : allowed;
        String prefix = missing >= 0 ? "member " + missing + " missing at the assembly: " : "";
        VolumeCheck.Assembled a = check.assembleToGoOn(next, crashed, missing, prefix);
        String outcome = "assembled";
        if (a == null) { // refused without the missing member, as the model allows: it is found and plugged in
            crashed = allowed;
            a = check.assembleToGoOn(next, crashed, -1, "after a refusal without member " + missing + ": ");
            outcome = "refused without member " + missing + " (allowed), assembled with it";
            missing = -1;
        }
        if (a == null) {
            throw new Violated(Requirement.DISK_3, "assembly refused a volume the model keeps");
        }
        service = a.volume();
        model = crashed.recover(a.observed(), a.members());
        sessionsAfterAssembly++;
        rig = next;
        if (checks.scrubAtRest()) {
            check.scrubAtRest(next, a.entries(), model, a.observed());
        }
        if (checks.wrongDisks()) {
            check.wrongDisksAtRest(next, a.entries(), model, a.observed(), older,
                    Seeds.random(Seeds.derive(p.image(), 0x3D15C)));
        }
        CrashedVolume during = insideAssemblyWithout(allowed, missing);
        // The span runs to the journal's end: reading the blocks back may have written (a sector repaired).
        return new Recovery<>(next.size(), during, crashed, outcome + ", members failed " + service.failedMembers());
    }

    /**
     * What a crash inside an assembly that leaves member {@code missing} out (if {@code >= 0}) allows, from what
     * {@code atStart} allowed: the missing member may come back either way (as a rebuilding one may); once the
     * assembly returned, it must stay out.
     */
    private static CrashedVolume insideAssemblyWithout(CrashedVolume atStart, int missing) {
        return missing < 0 ? atStart : new CrashedVolume(atStart.before().failMember(missing).replaceMember(missing),
                List.of());
    }

    @Override
    public void finish() {
        if (model.failed()) {
            refusesEverything("the workload");
            return;
        }
        checkReads(0, (int) blockCount, 0);
        checkMembers("the final read", readProperty());
    }

    @Override
    public void abandon() {
        service = null; // dropped, not closed, as a power loss would: only a clean close step closes it
    }

    /**
     * A power cycle's assembly is swept before the next step runs: a step may fail a member, replace its disk or make
     * a sector unreadable, and the assembly's crash states must see the disks as the assembly did.
     */
    @Override
    public boolean sweepAfterRecovery() {
        return true;
    }

    /** A volume's assembly resyncs whole dirty regions: its crash points are sampled. */
    @Override
    public int recoveryCrashPointsMax() {
        return VolumeCheck.SWEEP_POINTS_MAX;
    }

    @Override
    public int recoveryCombinationsMax() {
        return VolumeCheck.SWEEP_COMBINATIONS_MAX;
    }

    @Override
    public boolean applicable(VolumeStep step) {
        return switch (step) {
            case VolumeStep.Write w -> w.blockCount() >= 1 && w.firstBlock() >= 0 && w.bufferOffset() >= 0
                    && w.firstBlock() + w.blockCount() <= blockCount && !model.lossy();
            case VolumeStep.Read r -> r.blockCount() >= 1 && r.firstBlock() >= 0 && r.bufferOffset() >= 0
                    && r.firstBlock() + r.blockCount() <= blockCount && !model.failed();
            case VolumeStep.Flush f -> !model.failed();
            case VolumeStep.FailMember f -> mayFail(f.member());
            case VolumeStep.MemberDies d -> mayFail(d.member()) && !model.failMember(d.member()).lossy()
                    && d.blockCount() >= 1 && d.firstBlock() >= 0 && d.firstBlock() + d.blockCount() <= blockCount;
            case VolumeStep.Rebuild r -> r.member() >= 0 && r.member() < setup.memberCount()
                    && model.members().get(r.member()) == MemberState.FAILED && !model.lossy();
            case VolumeStep.LoseSector l -> l.member() >= 0 && l.member() < setup.memberCount()
                    && model.members().get(l.member()) == MemberState.HEALTHY && !model.lossy()
                    && l.memberSector() >= 0 && l.memberSector() < setup.memberSectorCount();
            case VolumeStep.LoseVolume l -> loseVolumeApplicable(l.member());
            case VolumeStep.LoseVolumeInRebuild l -> loseVolumeInRebuildApplicable(l.member());
            case VolumeStep.PowerCycle p -> powerCycleApplicable(p.missingMember());
            case VolumeStep.Close c -> closeApplicable(c.missingMember());
        };
    }

    /** A healthy member of the volume, whose loss the layout tolerates with the members already lost. */
    private boolean mayFail(int member) {
        return member >= 0 && member < setup.memberCount() && model.members().get(member) == MemberState.HEALTHY
                && model.unavailableMembers() + 1 <= setup.tolerance();
    }

    /**
     * A volume is lost where member {@code member} is healthy and the layout tolerates no more losses, and no disk of a
     * member the model counts failed is at hand (one back, stale, from an earlier session): a crash inside the loss
     * then leaves fewer disks than any assembly needs, so refusing it is the only right answer (with a stale disk at
     * hand, an engine could not tell it from a current one once the members that knew better are gone).
     */
    private boolean loseVolumeApplicable(int member) {
        if (member < 0 || member >= setup.memberCount() || model.members().get(member) != MemberState.HEALTHY
                || model.unavailableMembers() != setup.tolerance()) {
            return false;
        }
        for (RigDisk d : rig.disks()) {
            int m = Devices.memberIndex(d.name());
            if (m >= 0 && model.members().get(m) != MemberState.HEALTHY && rig.isPresent(d)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A rebuild loses the volume where member {@code member} is failed, the layout tolerates no more losses, redundancy
     * is left for the rebuild ({@link VolumeState#lossy()}), and no disk of another member the model counts failed is
     * at hand: as for {@link #loseVolumeApplicable}, a crash inside it must then leave fewer disks than any assembly
     * needs (the replacement, partly rebuilt, among them).
     */
    private boolean loseVolumeInRebuildApplicable(int member) {
        if (member < 0 || member >= setup.memberCount() || model.members().get(member) != MemberState.FAILED
                || model.unavailableMembers() != setup.tolerance() || model.lossy()) {
            return false;
        }
        for (RigDisk d : rig.disks()) {
            int m = Devices.memberIndex(d.name());
            if (m >= 0 && m != member && model.members().get(m) != MemberState.HEALTHY && rig.isPresent(d)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A power cycle runs where the assembly must start (so the workload can go on): never after data loss, and a
     * RAID-5 only with every member in and no sector error (else the model lets it refuse); a member may be missing
     * at the assembly where the layout tolerates one more loss with its sector errors (a RAID-5 may refuse then: the
     * member is plugged in).
     */
    private boolean powerCycleApplicable(int missing) {
        boolean raid5 = setup.layout() == VolumeLayout.RAID5;
        // The run cuts the power after the journal's newest entry: before the first one there is no moment to cut at.
        if ((rig.size() == 0 && sessionsAfterAssembly == 0) || model.lossy()
                || (raid5 && (model.unavailableMembers() > 0 || model.liveSectorErrors() > 0))) {
            return false;
        }
        return missing < 0 || (missing < setup.memberCount() && model.members().get(missing) == MemberState.HEALTHY
                && model.unavailableMembers() + 1 <= setup.tolerance() && !model.failMember(missing).lossy());
    }

    /**
     * A clean close runs where the assembly after it must start, so the workload can go on: never after data loss,
     * and without the missing member only where the layout tolerates that (a RAID-5 with a sector error may refuse).
     */
    private boolean closeApplicable(int missing) {
        if (model.failed() || model.lossy()) {
            return false;
        }
        CrashedVolume closed = model.shutDown();
        if (missing >= 0) {
            if (missing >= setup.memberCount() || model.members().get(missing) != MemberState.HEALTHY) {
                return false;
            }
            closed = closed.failMember(missing);
        }
        return !closed.mayReportFailed() && !closed.before().lossy();
    }

    private CrashedVolume crashedDuring(VolumeState model, VolumeStep step) {
        return switch (step) {
            case VolumeStep.Write w -> model.crashDuring(new txstack.model.volume.Operation.Write(w.firstBlock(),
                    values(w), false));
            case VolumeStep.FailMember f -> model.failMember(f.member()).crash();
            case VolumeStep.MemberDies d -> model.failMember(d.member()).crashDuring(
                    new txstack.model.volume.Operation.Write(d.firstBlock(), values(d.tag(), d.firstBlock(),
                            d.blockCount()), false));
            case VolumeStep.Rebuild r -> model.replaceMember(r.member()).crash();
            case VolumeStep.Flush f -> model.crash();
            case VolumeStep.Read r -> model.crash();
            case VolumeStep.LoseSector l -> model.loseSector(l.member()).crash();
            case VolumeStep.LoseVolume l -> model.failMember(l.member()).crash();
            case VolumeStep.LoseVolumeInRebuild l -> model.replaceMember(l.member()).crash();
            case VolumeStep.PowerCycle p -> throw new IllegalStateException("harness: a power cycle is the run's");
            case VolumeStep.Close c -> throw new IllegalStateException("harness: a close is its own step");
        };
    }

    private void perform(VolumeStep step) {
        switch (step) {
            case VolumeStep.Write w -> write(w.firstBlock(), values(w), w.forceUnitAccess(), w.bufferOffset());
            case VolumeStep.MemberDies d -> {
                // The disk dies between two calls; the engine meets it in the reads, the write or the flush, and
                // counts the member failed from the call that met it on.
                memberDiskFails(d.member());
                RigDisk dead = rig.disk(Devices.member(d.member()));
                long refused = dead.refusedCalls();
                if (d.writeFirst()) {
                    write(d.firstBlock(), values(d.tag(), d.firstBlock(), d.blockCount()), false, 0);
                    refused = checkDeathMet(d, dead, refused, "the write");
                    checkReads(0, (int) blockCount, 0);
                    refused = checkDeathMet(d, dead, refused, "the read of every block");
                    context.stats().increment(Stats.Counter.MEMBER_DEATHS_MET_BY_A_WRITE);
                } else {
                    checkReads(0, (int) blockCount, 0);
                    refused = checkDeathMet(d, dead, refused, "the read of every block");
                    write(d.firstBlock(), values(d.tag(), d.firstBlock(), d.blockCount()), false, 0);
                    refused = checkDeathMet(d, dead, refused, "the write");
                }
                service.flush();
                model = model.flush();
                context.stats().increment(Stats.Counter.MEMBERS_DIED);
            }
            case VolumeStep.Flush f -> {
                service.flush();
                model = model.flush();
            }
            case VolumeStep.Read r -> {
                checkReads(r.firstBlock(), r.blockCount(), r.bufferOffset());
                forbiddenCalls(r);
            }
            case VolumeStep.FailMember f -> {
                service.failMember(f.member());
                memberDiskFails(f.member());
            }
            case VolumeStep.Rebuild r -> rebuild(r);
            case VolumeStep.LoseSector l -> {
                rig.disk(Devices.member(l.member())).markUnreadable(l.memberSector());
                context.stats().increment(Stats.Counter.SECTOR_ERRORS);
                model = model.loseSector(l.member());
            }
            case VolumeStep.LoseVolume l -> loseVolume(l.member());
            case VolumeStep.LoseVolumeInRebuild l -> loseVolumeInRebuild(l.member());
            case VolumeStep.PowerCycle p -> throw new IllegalStateException("harness: a power cycle is the run's");
            case VolumeStep.Close c -> throw new IllegalStateException("harness: a close is its own step");
        }
    }

    /**
     * Rebuilds a failed member onto a blank disk or its own stale one (VOL-7). Where the step loses a survivor and the
     * layout tolerates one more loss, whichever member dies, every member in the volume is armed to die at its next
     * read, and the first one the rebuild reads does ({@link RigDisk#dieAtNextRead}): the engine must count it failed,
     * finish the rebuild from the others, and then read back every block. (An engine that reads no member during the
     * rebuild loses none.)
     */
    private void rebuild(VolumeStep.Rebuild r) {
        RigDisk replacement = rig.disk(Devices.member(r.member()));
        if (r.staleDisk()) {
            replacement.revive();
        } else {
            replacement = rig.replace(Devices.member(r.member()), CrashImage.blank(setup.sectorSizeBytes(),
                    setup.memberSectorCount()));
        }
        failedDisks.remove(r.member());
        if (r.replacementDies()) {
            if (!replacementDied(r.member(), replacement, r.replacementDeath())) {
                model = model.replaceMember(r.member()).completeRebuild(r.member()); // it never wrote to it
                rebuiltOnce = true;
                return;
            }
            replacement = rig.replace(Devices.member(r.member()), CrashImage.blank(setup.sectorSizeBytes(),
                    setup.memberSectorCount()));
        }
        VolumeState rebuilding = model.replaceMember(r.member());
        List<RigDisk> armed = r.survivorDies() && survivorMayDie(rebuilding) ? armSurvivors(rebuilding) : List.of();
        try {
            service.replaceMember(r.member(), replacement);
        } finally {
            armed.forEach(RigDisk::disarm);
        }
        rebuilding = survivorDeath(armed, rebuilding);
        if (survivorDied >= 0) {
            context.stats().increment(Stats.Counter.SURVIVORS_DIED_IN_REBUILD);
        }
        model = rebuilding.completeRebuild(r.member());
        rebuiltOnce = true;
        if (survivorDied >= 0) {
            checkReads(0, (int) blockCount, 0);
        }
    }

    /**
     * The first rebuild of failed member {@code member}, onto {@code replacement} armed to die at the write or flush
     * {@code death} names ({@link VolumeStep.Rebuild#replacementDeath}): {@code replaceMember} must throw {@link
     * DeviceException} (the rebuild cannot complete), the engine must still count the member failed, and every block
     * must read as before (VOL-7). Returns true if the replacement died; false if the engine never reached that write
     * or flush (a stale disk with nothing to catch up on may need no write; an engine may write its last with
     * force-unit-access and never flush), and then its rebuild must have completed as any other.
     */
    private boolean replacementDied(int member, RigDisk replacement, RigDisk.WriteDeath death) {
        replacement.dieAt(death);
        RuntimeException thrown = null;
        try {
            service.replaceMember(member, replacement);
        } catch (RuntimeException e) {
            thrown = e;
        } finally {
            replacement.disarm();
        }
        String after = "the death of member " + member + "'s replacement at " + death.text() + " in the rebuild";
        if (!replacement.failed()) {
            if (thrown != null) {
                throw thrown; // the replacement never died: the step fails on it
            }
            return false;
        }
        if (thrown == null) {
            throw new Violated(Violation.of(Requirement.VOL_7, "replaceMember(" + member + ") returned although the "
                    + "replacement's disk died at " + death.text() + " in the rebuild: the member cannot have been "
                    + "rebuilt, and the call must throw DeviceException (the engine counts members "
                    + service.failedMembers() + " failed)"));
        }
        if (!(thrown instanceof DeviceException)) {
            throw new Violated(Violation.of(Requirement.VOL_7, "replaceMember(" + member + ") threw "
                    + thrown.getClass().getName() + ", not DeviceException, after " + after + ": " + thrown));
        }
        context.stats().increment(Stats.Counter.REPLACEMENTS_DIED_IN_REBUILD);
        if (death != RigDisk.WriteDeath.FIRST_WRITE_OR_FLUSH) {
            context.stats().increment(Stats.Counter.REPLACEMENTS_DIED_AFTER_THEIR_FIRST_WRITE);
        }
        checkMembers(after, Requirement.VOL_7);
        checkReads(0, (int) blockCount, 0);
        return true;
    }

    /**
     * Arms the disk of every member still in the volume to die at its next read, one shared flag for all, so that only
     * the first one read dies ({@link RigDisk#dieAtNextRead}); the caller disarms them once the rebuild returned.
     */
    private List<RigDisk> armSurvivors(VolumeState rebuilding) {
        List<RigDisk> armed = new ArrayList<>();
        AtomicBoolean oneOfThem = new AtomicBoolean();
        for (int m = 0; m < setup.memberCount(); m++) {
            if (rebuilding.members().get(m) == MemberState.HEALTHY) {
                RigDisk disk = rig.disk(Devices.member(m));
                disk.dieAtNextRead(oneOfThem);
                armed.add(disk);
            }
        }
        return armed;
    }

    /**
     * The armed disk that died, if one did: it is kept at hand as a failed member's ({@link #survivorDied} names it),
     * and the model counts it failed.
     */
    private VolumeState survivorDeath(List<RigDisk> armed, VolumeState rebuilding) {
        for (RigDisk disk : armed) {
            if (disk.failed()) {
                survivorDied = Devices.memberIndex(disk.name());
                failedDisks.put(survivorDied, disk);
                return rebuilding.failMember(survivorDied);
            }
        }
        return rebuilding;
    }

    /**
     * Rebuilds failed member {@code member} onto a blank disk with no redundancy to spare, every member still in the
     * volume armed to die at its next read ({@link VolumeStep.LoseVolumeInRebuild}): the first one the rebuild reads
     * dies, and the volume is lost. {@code replaceMember} may say so at once with {@link VolumeFailedException}; then
     * the lost volume must refuse the rest. An engine that reads no member during the rebuild loses none, and its
     * rebuild must complete as any other.
     */
    private void loseVolumeInRebuild(int member) {
        RigDisk replacement = rig.replace(Devices.member(member), CrashImage.blank(setup.sectorSizeBytes(),
                setup.memberSectorCount()));
        failedDisks.remove(member);
        VolumeState rebuilding = model.replaceMember(member);
        List<RigDisk> armed = armSurvivors(rebuilding);
        VolumeFailedException refused = null;
        try {
            service.replaceMember(member, replacement);
        } catch (VolumeFailedException e) {
            refused = e;
        } finally {
            armed.forEach(RigDisk::disarm);
        }
        model = survivorDeath(armed, rebuilding);
        if (survivorDied < 0) {
            if (refused != null) {
                throw refused; // no member died: nothing lost the volume, and the step fails on it
            }
            model = model.completeRebuild(member);
            return;
        }
        context.stats().increment(Stats.Counter.VOLUMES_LOST_IN_REBUILD);
        refusesEverything("member " + survivorDied + "'s disk died during the rebuild of member " + member);
    }

    /**
     * True if, while a member rebuilds, the layout tolerates losing any one of the members still in the volume, and
     * no such loss leaves a sector error without redundancy.
     */
    private boolean survivorMayDie(VolumeState rebuilding) {
        if (rebuilding.unavailableMembers() + 1 > setup.tolerance()) {
            return false;
        }
        for (int m = 0; m < setup.memberCount(); m++) {
            if (rebuilding.members().get(m) == MemberState.HEALTHY && rebuilding.failMember(m).lossy()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Member {@code member} fails, one more than the layout tolerates ({@link VolumeStep.LoseVolume}): the call may
     * say so at once with {@link VolumeFailedException}; then the lost volume must refuse the rest.
     */
    private void loseVolume(int member) {
        try {
            service.failMember(member);
        } catch (VolumeFailedException e) {
            // allowed: the failure that loses the volume may report it at once
        }
        memberDiskFails(member);
        context.stats().increment(Stats.Counter.VOLUMES_LOST);
        refusesEverything("member " + member + " failed");
    }

    /**
     * A lost volume ({@link VolumeState#failed()}) serves nothing: a read of every block, a write of block 0 and a
     * flush must each be refused with {@link VolumeFailedException}, and the engine must count failed the members the
     * model does (VOL-2 for a mirror, VOL-6 for a RAID-5: the redundancy the volume had is spent).
     */
    private void refusesEverything(String after) {
        Requirement property = setup.layout() == VolumeLayout.MIRROR ? Requirement.VOL_2 : Requirement.VOL_6;
        int sector = setup.sectorSizeBytes();
        mustRefuse(property, after, "a read of every block", () -> service.read(0, new byte[(int) blockCount * sector],
                0, (int) blockCount * sector));
        mustRefuse(property, after, "a write of block 0", () -> service.write(0, new byte[sector], 0, sector, false));
        mustRefuse(property, after, "a flush", () -> service.flush());
        checkMembers(after, property);
        context.stats().checked(property);
    }

    private void mustRefuse(Requirement property, String after, String what, Runnable call) {
        String lost = "after " + after + " the volume is lost (members " + model.members() + ", tolerance "
                + setup.tolerance() + ")";
        try {
            call.run();
        } catch (VolumeFailedException e) {
            return;
        } catch (RuntimeException e) {
            throw new Violated(Violation.of(property, lost + ": " + what + " must be refused with "
                    + "VolumeFailedException, but threw " + e));
        }
        throw new Violated(Violation.of(property, lost + ", yet " + what + " returned: a lost volume serves nothing"));
    }

    /**
     * After one call of a {@link VolumeStep.MemberDies} step: if the call met the dead disk (the disk refused a read,
     * write or flush during it), the engine must count the member failed from then on, as the SPI says (the member
     * treated as failed "from the operation that met it"), not only by the end of the step. Returns the disk's refusals
     * so far, for the next call.
     */
    private long checkDeathMet(VolumeStep.MemberDies d, RigDisk dead, long refusedBefore, String call) {
        long refused = dead.refusedCalls();
        if (refused > refusedBefore) {
            checkMembers(call + " of \"" + d + "\", which met the dead disk,", property(d));
            context.stats().increment(Stats.Counter.MEMBER_DEATHS_MET_IN_A_CALL);
        }
        return refused;
    }

    /**
     * Member {@code member}'s disk fails in the rig (it answers nothing from now on) and in the model; the disk is kept
     * at hand, to come back stale after a power cycle.
     */
    private void memberDiskFails(int member) {
        RigDisk disk = rig.disk(Devices.member(member));
        disk.fail();
        failedDisks.put(member, disk);
        model = model.failMember(member);
    }

    /**
     * Writes blocks on the engine, then on the model. The engine gets them at {@code bufferOffset} of a larger array
     * ({@link PlacedBuffer}), and must change nothing in that array (DISK-1). Then the suite reuses the array ({@link
     * VolumeSuite.Checks#arraysReused}): every byte changes, so an engine that kept it, not its bytes, writes bytes
     * the suite never wrote, and a later read or crash state shows them.
     */
    private void write(long firstBlock, List<Bytes> values, boolean forceUnitAccess, int bufferOffset) {
        PlacedBuffer buffer = PlacedBuffer.forWrite(bufferOffset, values, setup.sectorSizeBytes());
        service.write(firstBlock, buffer.array(), buffer.offset(), buffer.length(), forceUnitAccess);
        if (setup.layout() == VolumeLayout.RAID5 && model.unavailableMembers() > 0
                && (firstBlock % setup.stripeDataBlocks() != 0 || values.size() % setup.stripeDataBlocks() != 0)) {
            context.stats().increment(Stats.Counter.DEGRADED_PARTIAL_STRIPE_WRITES);
        }
        model = model.write(firstBlock, values, forceUnitAccess);
        if (sessionsAfterAssembly > 0) {
            context.stats().increment(Stats.Counter.WRITES_AFTER_ASSEMBLY);
        }
        checkBuffer(buffer, buffer.writeDamage(), "a write of blocks " + firstBlock + ".." + (firstBlock
                + values.size() - 1) + " changed the array it was given: ");
        if (checks.arraysReused()) {
            buffer.reuse();
            context.stats().increment(Stats.Counter.VOLUME_ARRAYS_REUSED);
        }
    }

    /** A transfer touched its array where it may not ({@code damage} non-null): a DISK-1 violation. */
    private void checkBuffer(PlacedBuffer buffer, String damage, String what) {
        if (damage != null) {
            throw new Violated(Violation.of(Requirement.DISK_1, what + damage));
        }
        if (buffer.offset() > 0) {
            context.stats().checked(Requirement.DISK_1);
            context.stats().increment(Stats.Counter.VOLUME_TRANSFERS_AT_OFFSET);
        }
    }

    /** A call the SPI forbids (DISK-1, VOL-2), each wrong in its own way. */
    private enum Forbidden {
        READ_PAST_END, READ_BEFORE_START, READ_PART_OF_A_SECTOR, WRITE_ACROSS_END, WRITE_BEFORE_START,
        WRITE_PART_OF_A_SECTOR, FAIL_NO_SUCH_MEMBER, FAIL_FAILED_MEMBER, REPLACE_NO_SUCH_MEMBER,
        REPLACE_HEALTHY_MEMBER, REPLACE_WITH_A_DISK_TOO_SMALL, REPLACE_WITH_OTHER_SECTORS
    }

    /**
     * After each read, the calls the SPI forbids ({@link VolumeService}): a transfer of sectors outside the volume or
     * of part of a sector, the failure of a member that is not in the volume, the replacement of a member that is not
     * failed, by a disk of one sector (too small for a member's share of a volume of more blocks than it has
     * members), or by a disk of another sector size, as many bytes as a member (512-byte sectors for a volume of 4 KiB
     * ones and the other way round; the replacements are disks of the suite's own, outside every crash state). The
     * engine must refuse
     * each with {@link IllegalArgumentException} or {@link IndexOutOfBoundsException} and change nothing (later reads
     * and crashes find the blocks and members where they were), and the model must refuse the same call, or the suite
     * and its oracle disagree about the contract and the run stops as the harness's error. The step's own read range
     * picks the block a partial transfer starts at. A volume the model lets fail is asked nothing.
     */
    private void forbiddenCalls(VolumeStep.Read r) {
        if (model.failed()) {
            return;
        }
        int sector = setup.sectorSizeBytes();
        long first = r.firstBlock();
        byte[] two = new byte[2 * sector];
        List<Bytes> twoBlocks = List.of(Bytes.of(new byte[sector]), Bytes.of(new byte[sector]));
        VolumeState m = model;
        int failed = -1;
        int healthy = -1;
        for (int i = 0; i < setup.memberCount(); i++) {
            if (m.members().get(i) == MemberState.FAILED) {
                failed = i;
            } else if (m.members().get(i) == MemberState.HEALTHY && healthy < 0) {
                healthy = i;
            }
        }
        int someHealthy = healthy;
        boolean sharesExceedOneSector = blockCount > setup.memberCount() - 1;
        for (Forbidden kind : Forbidden.values()) {
            int member = failed;
            record Call(String what, Runnable engine, Runnable model) {
            }
            Call call = switch (kind) {
                case READ_PAST_END -> new Call("read(" + blockCount + ", 1 sector), past the end",
                        () -> service.read(blockCount, two, 0, sector), () -> m.read(blockCount));
                case READ_BEFORE_START -> new Call("read(-1, 1 sector)", () -> service.read(-1, two, 0, sector),
                        () -> m.read(-1));
                case READ_PART_OF_A_SECTOR -> new Call("read(" + first + ", half a sector)",
                        () -> service.read(first, two, 0, sector / 2), null);
                case WRITE_ACROSS_END -> new Call("write(" + (blockCount - 1) + ", 2 sectors), across the end",
                        () -> service.write(blockCount - 1, two, 0, two.length, false),
                        () -> m.write(blockCount - 1, twoBlocks, false));
                case WRITE_BEFORE_START -> new Call("write(-1, 1 sector)",
                        () -> service.write(-1, two, 0, sector, false), () -> m.write(-1, twoBlocks.subList(0, 1),
                        false));
                case WRITE_PART_OF_A_SECTOR -> new Call("write(" + first + ", a sector and a half)",
                        () -> service.write(first, two, 0, sector + sector / 2, false), null);
                case FAIL_NO_SUCH_MEMBER -> new Call("failMember(" + setup.memberCount() + "), no such member",
                        () -> service.failMember(setup.memberCount()), () -> m.failMember(setup.memberCount()));
                case FAIL_FAILED_MEMBER -> member < 0 ? null : new Call("failMember(" + member + "), failed already",
                        () -> service.failMember(member), () -> m.failMember(member));
                case REPLACE_NO_SUCH_MEMBER -> new Call("replaceMember(" + setup.memberCount() + ", a blank disk), no "
                        + "such member", () -> service.replaceMember(setup.memberCount(), spareDisk(
                        setup.memberSectorCount())), () -> m.replaceMember(setup.memberCount()));
                case REPLACE_HEALTHY_MEMBER -> someHealthy < 0 ? null : new Call("replaceMember(" + someHealthy
                        + ", a blank disk), a member that is not failed", () -> service.replaceMember(someHealthy,
                        spareDisk(setup.memberSectorCount())), () -> m.replaceMember(someHealthy));
                case REPLACE_WITH_A_DISK_TOO_SMALL -> member < 0 || !sharesExceedOneSector ? null : new Call(
                        "replaceMember(" + member + ", a disk of one sector)", () -> service.replaceMember(member,
                        spareDisk(1)), null);
                case REPLACE_WITH_OTHER_SECTORS -> member < 0 ? null : new Call("replaceMember(" + member + ", a disk "
                        + "of " + otherSectorSize() + "-byte sectors)", () -> service.replaceMember(member,
                        otherSectorsDisk()), null);
            };
            if (call == null) {
                continue;
            }
            if (call.model() != null) {
                try {
                    call.model().run();
                    throw new IllegalStateException("harness: the model allows a call the SPI forbids (" + call.what()
                            + "); the oracle and the contract disagree");
                } catch (ModelException e) {
                    // refused, as the contract says
                }
            }
            try {
                call.engine().run();
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                context.stats().increment(Stats.Counter.VOLUME_FORBIDDEN_CALLS_REFUSED);
                continue;
            } catch (LimitExceededException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new Violated(Violation.of(Requirement.DISK_1, "a call the SPI forbids was refused with "
                        + e.getClass().getName() + ", not IllegalArgumentException or IndexOutOfBoundsException: "
                        + call.what() + ": " + e));
            }
            throw new Violated(Violation.of(Requirement.DISK_1, "a call the SPI forbids was not refused (it must "
                    + "throw IllegalArgumentException or IndexOutOfBoundsException and change nothing): "
                    + call.what() + " returned"));
        }
        context.stats().checked(Requirement.DISK_1);
    }

    /** The sector size a forbidden replacement of another sector size has: 512 bytes, or 4 KiB under 512. */
    private int otherSectorSize() {
        return setup.sectorSizeBytes() == 512 ? 4096 : 512;
    }

    /** A blank disk of {@link #otherSectorSize()} as large in bytes as a member, rounded up, outside the rig. */
    private txstack.spi.disk.BlockDevice otherSectorsDisk() {
        long bytes = setup.memberSectorCount() * setup.sectorSizeBytes();
        int size = otherSectorSize();
        return new SimulatedDisk(size, (bytes + size - 1) / size);
    }

    /** A blank disk of the members' sector size outside the rig: what a forbidden replacement is offered. */
    private txstack.spi.disk.BlockDevice spareDisk(long sectors) {
        return new SimulatedDisk(setup.sectorSizeBytes(), sectors);
    }

    /**
     * The engine counts failed exactly the members the model does: while the volume runs, none is dropped for its bad
     * sectors (VOL-6); only an assembly may drop one with two or more ({@link CrashedVolume#memberOutcomes()}).
     */
    private void checkMembers(String after, Requirement stepProperty) {
        Set<Integer> want = new TreeSet<>();
        for (int i = 0; i < setup.memberCount(); i++) {
            if (model.members().get(i) != MemberState.HEALTHY) {
                want.add(i);
            }
        }
        Set<Integer> got = service.failedMembers();
        if (!want.equals(got)) {
            boolean sectorErrors = model.sectorErrors().stream().anyMatch(n -> n > 0);
            Requirement property = !sectorErrors ? stepProperty : setup.layout() == VolumeLayout.MIRROR ? Requirement.DISK_4
                    : Requirement.VOL_6;
            throw new Violated(Violation.of(property, "after " + after + " the engine counts members " + got
                    + " failed; the model " + want + (sectorErrors ? " (sector errors per member: "
                    + model.sectorErrors() + "; one bad sector must not cost a member)" : "")));
        }
    }

    /**
     * Reads blocks and checks them against the model. Where the model is {@link VolumeState#lossy()}, a block may
     * fail to read instead ({@link txstack.spi.disk.DeviceException}), for at most {@link
     * VolumeState#lossBound()} distinct blocks over the run; a whole-range read that fails is retried block by block
     * to find which.
     */
    private void checkReads(long first, int count, int bufferOffset) {
        Requirement property = readProperty();
        List<Bytes> read;
        PlacedBuffer buffer = PlacedBuffer.forRead(bufferOffset, count * setup.sectorSizeBytes());
        try {
            read = VolumeCheck.readBlocks(service, first, count, setup.sectorSizeBytes(), model.lossy(), buffer,
                    checks.bufferOffsets());
        } catch (VolumeCheck.ReadFailure e) {
            throw new Violated(Violation.of(property, e.getMessage()));
        }
        checkBuffer(buffer, buffer.readDamage(), "a read of blocks " + first + ".." + (first + count - 1)
                + " wrote outside the bytes it was given: ");
        for (int i = 0; i < count; i++) {
            Bytes got = read.get(i);
            if (got == null) {
                lostBlocks.add(first + i);
                if (lostBlocks.size() > model.lossBound()) {
                    throw new Violated(Violation.of(Requirement.DISK_4, lostBlocks.size() + " blocks do not read " + lostBlocks
                            + "; the sector errors " + model.sectorErrors() + " with members " + model.members()
                            + " explain at most " + model.lossBound()));
                }
                continue;
            }
            Bytes want = model.read(first + i);
            if (!got.equals(want)) {
                throw new Violated(new Violation(property, "block " + (first + i) + " reads wrong data",
                        "expected: " + VolumeCheck.describe(want) + "\nobserved: " + VolumeCheck.describe(got)
                                + "\nmembers: " + model.members() + " (engine: failed " + service.failedMembers()
                                + ")"));
            }
        }
        context.stats().checked(property);
        if (model.liveSectorErrors() > 0) {
            context.stats().checked(Requirement.DISK_4);
        }
    }

    /** The requirement a wrong read breaks, by what the volume went through. */
    private Requirement readProperty() {
        if (model.liveSectorErrors() > 0) {
            return setup.layout() == VolumeLayout.MIRROR ? Requirement.DISK_4 : Requirement.VOL_6;
        }
        if (model.unavailableMembers() > 0) {
            return setup.layout() == VolumeLayout.MIRROR ? Requirement.VOL_2 : Requirement.VOL_6;
        }
        if (rebuiltOnce) {
            return Requirement.VOL_7;
        }
        return setup.layout() == VolumeLayout.MIRROR ? Requirement.VOL_1 : Requirement.VOL_5;
    }

    private Requirement property(VolumeStep step) {
        return switch (step) {
            case VolumeStep.Rebuild r -> Requirement.VOL_7;
            case VolumeStep.MemberDies d -> setup.layout() == VolumeLayout.MIRROR ? Requirement.VOL_2
                    : Requirement.VOL_6;
            default -> readProperty();
        };
    }

    private List<Bytes> values(VolumeStep.Write w) {
        return values(w.tag(), w.firstBlock(), w.blockCount());
    }

    private List<Bytes> values(int tag, long firstBlock, int blockCount) {
        List<Bytes> out = new ArrayList<>(blockCount);
        for (int i = 0; i < blockCount; i++) {
            out.add(content(tag, firstBlock + i, setup.sectorSizeBytes()));
        }
        return out;
    }

    /** A block's content for a write: block number and tag first (readable in reports), then seeded bytes. */
    static Bytes content(int tag, long block, int sizeBytes) {
        byte[] bytes = new byte[sizeBytes];
        RandomGenerator random = Seeds.random(Seeds.derive(tag, block));
        random.nextBytes(bytes);
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (block >>> (8 * i));
        }
        for (int i = 0; i < 4; i++) {
            bytes[8 + i] = (byte) (tag >>> (8 * i));
        }
        return Bytes.of(bytes);
    }

}
