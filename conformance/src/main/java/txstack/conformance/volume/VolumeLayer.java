package txstack.conformance.volume;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.CrashImage;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.ExplorationException;
import txstack.conformance.explorer.LayerRun;
import txstack.conformance.explorer.Recovery;
import txstack.conformance.explorer.Seeds;
import txstack.conformance.explorer.Stats;
import txstack.conformance.explorer.StepOutcome;
import txstack.conformance.explorer.Violated;
import txstack.conformance.explorer.Violation;
import txstack.conformance.rig.Rig;
import txstack.conformance.rig.RigDisk;
import txstack.spi.disk.Devices;
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeLayout;
import txstack.spi.volume.VolumeService;
import txstack.model.Bytes;
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
 */
final class VolumeLayer implements LayerRun<VolumeStep, CrashedVolume> {
    /** The failure domain of the members: one machine. */
    static final String DOMAIN = "machine";

    private final VolumeEngine engine;
    private final VolumeSetup setup;
    private final CaseContext context;
    private final VolumeCheck check;
    private Rig rig;
    private VolumeService service;
    private VolumeState model;
    private long blockCount;
    private boolean rebuiltOnce;
    /** Blocks whose reads failed since the model became lossy (a sector error beyond the redundancy left). */
    private final Set<Long> lostBlocks = new TreeSet<>();

    VolumeLayer(VolumeEngine engine, VolumeSetup setup, CaseContext context) {
        this.engine = engine;
        this.setup = setup;
        this.context = context;
        this.check = new VolumeCheck(engine, setup, context);
    }

    @Override
    public Start<CrashedVolume> start() {
        rig = new Rig();
        for (int i = 0; i < setup.memberCount(); i++) {
            rig.addBlank(Devices.member(i), DOMAIN, setup.sectorSizeBytes(), setup.memberSectorCount());
        }
        try {
            service = engine.create(setup.layout(), rig.devices());
        } catch (RuntimeException e) {
            throw new ExplorationException("engine " + engine.name() + " cannot create a " + setup.layout()
                    + " volume over " + setup.memberCount() + " blank members: " + e, e);
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
        return new Start<>(rig, null, "");
    }

    private txstack.model.volume.VolumeLayout modelLayout() {
        return new txstack.model.volume.VolumeLayout(setup.layout() == VolumeLayout.MIRROR
                ? txstack.model.volume.VolumeLayout.Kind.MIRROR : txstack.model.volume.VolumeLayout.Kind.RAID5,
                setup.memberCount());
    }

    @Override
    public StepOutcome<CrashedVolume> step(int index, VolumeStep step) {
        CrashedVolume during = crashedDuring(step);
        Requirement property = property(step);
        try {
            perform(step);
        } catch (Violated v) {
            throw v;
        } catch (RuntimeException e) {
            throw new Violated(property, step + " failed: " + e);
        }
        // A power loss right after a rebuild returned must find the member rebuilt (VOL-7); elsewhere the model's
        // allowance for a crash inside the step holds at every moment of it.
        CrashedVolume after = step instanceof VolumeStep.Rebuild ? model.crash() : during;
        return StepOutcome.of("", at -> at.last() ? after : during);
    }

    @Override
    public void afterStep(int index, VolumeStep step) {
        checkMembers("\"" + step + "\"", property(step));
    }

    @Override
    public Recovery<CrashedVolume> recover(Rig restored, CrashedVolume allowed, Depth depth, long seed) {
        if (depth == Depth.CONTINUE) {
            throw new IllegalStateException("harness: the volume suite has no power-loss steps");
        }
        if (depth == Depth.CHECK && allowed.before().liveSectorErrors() > 0) {
            context.stats().increment(Stats.Counter.FAULT_STATES);
        }
        int entries = check.check(restored, allowed, depth == Depth.CHECK, Seeds.random(seed));
        return new Recovery<>(entries, allowed, allowed, "");
    }

    @Override
    public void finish() {
        checkReads(0, (int) blockCount);
        checkMembers("the final read", readProperty());
    }

    @Override
    public void abandon() {
        service = null; // the suite never closes a volume: it drops it, as a power loss would
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
            case VolumeStep.Write w -> w.blockCount() >= 1 && w.firstBlock() >= 0
                    && w.firstBlock() + w.blockCount() <= blockCount && !model.lossy();
            case VolumeStep.Read r -> r.blockCount() >= 1 && r.firstBlock() >= 0
                    && r.firstBlock() + r.blockCount() <= blockCount;
            case VolumeStep.Flush f -> true;
            case VolumeStep.FailMember f -> f.member() >= 0 && f.member() < setup.memberCount()
                    && model.members().get(f.member()) == MemberState.HEALTHY
                    && model.unavailableMembers() + 1 <= setup.tolerance();
            case VolumeStep.Rebuild r -> r.member() >= 0 && r.member() < setup.memberCount()
                    && model.members().get(r.member()) == MemberState.FAILED && !model.lossy();
            case VolumeStep.LoseSector l -> l.member() >= 0 && l.member() < setup.memberCount()
                    && model.members().get(l.member()) == MemberState.HEALTHY && !model.lossy()
                    && l.memberSector() >= 0 && l.memberSector() < setup.memberSectorCount();
        };
    }

    private CrashedVolume crashedDuring(VolumeStep step) {
        return switch (step) {
            case VolumeStep.Write w -> model.crashDuring(new txstack.model.volume.Operation.Write(w.firstBlock(),
                    values(w), false));
            case VolumeStep.FailMember f -> model.failMember(f.member()).crash();
            case VolumeStep.Rebuild r -> model.replaceMember(r.member()).crash();
            case VolumeStep.Flush f -> model.crash();
            case VolumeStep.Read r -> model.crash();
            case VolumeStep.LoseSector l -> model.loseSector(l.member()).crash();
        };
    }

    private void perform(VolumeStep step) {
        switch (step) {
            case VolumeStep.Write w -> {
                List<Bytes> values = values(w);
                byte[] buffer = new byte[w.blockCount() * setup.sectorSizeBytes()];
                for (int i = 0; i < values.size(); i++) {
                    System.arraycopy(values.get(i).toArray(), 0, buffer, i * setup.sectorSizeBytes(),
                            setup.sectorSizeBytes());
                }
                service.write(w.firstBlock(), buffer, 0, buffer.length, w.forceUnitAccess());
                model = model.write(w.firstBlock(), values, w.forceUnitAccess());
            }
            case VolumeStep.Flush f -> {
                service.flush();
                model = model.flush();
            }
            case VolumeStep.Read r -> checkReads(r.firstBlock(), r.blockCount());
            case VolumeStep.FailMember f -> {
                service.failMember(f.member());
                rig.disk(Devices.member(f.member())).fail();
                model = model.failMember(f.member());
            }
            case VolumeStep.Rebuild r -> {
                RigDisk replacement = rig.disk(Devices.member(r.member()));
                if (r.staleDisk()) {
                    replacement.revive();
                } else {
                    replacement = rig.replace(Devices.member(r.member()), CrashImage.blank(setup.sectorSizeBytes(),
                            setup.memberSectorCount()));
                }
                service.replaceMember(r.member(), replacement);
                model = model.replaceMember(r.member()).completeRebuild(r.member());
                rebuiltOnce = true;
            }
            case VolumeStep.LoseSector l -> {
                rig.disk(Devices.member(l.member())).markUnreadable(l.memberSector());
                context.stats().increment(Stats.Counter.SECTOR_ERRORS);
                model = model.loseSector(l.member());
            }
        }
    }

    /** The engine counts failed exactly the members the model does: none is dropped for a bad sector (VOL-6). */
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
    private void checkReads(long first, int count) {
        Requirement property = readProperty();
        List<Bytes> read;
        try {
            read = VolumeCheck.readBlocks(service, first, count, setup.sectorSizeBytes(), model.lossy());
        } catch (VolumeCheck.ReadFailure e) {
            throw new Violated(Violation.of(property, e.getMessage()));
        }
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
            default -> readProperty();
        };
    }

    private List<Bytes> values(VolumeStep.Write w) {
        List<Bytes> out = new ArrayList<>(w.blockCount());
        for (int i = 0; i < w.blockCount(); i++) {
            out.add(content(w.tag(), w.firstBlock() + i, setup.sectorSizeBytes()));
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
