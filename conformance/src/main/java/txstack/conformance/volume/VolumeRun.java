package txstack.conformance.volume;

import java.util.ArrayList;
import txstack.spi.disk.Devices;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.CrashPoint;
import txstack.conformance.disk.SimulatedDisk;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.CrashStateReplay;
import txstack.conformance.explorer.Failure;
import txstack.conformance.explorer.Seeds;
import txstack.conformance.explorer.Stats;
import txstack.conformance.explorer.Violation;
import txstack.spi.disk.BlockDevice;
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeLayout;
import txstack.spi.volume.VolumeService;
import txstack.model.Bytes;
import txstack.model.volume.CrashedVolume;
import txstack.model.volume.MemberState;
import txstack.model.volume.VolumeState;

/**
 * One workload run on an engine and on the model side by side. Every read is checked against the model; after every
 * step, the power is cut at every device operation the step issued on any member ({@link MemberDisk.Entry}), all
 * members at once, and {@link VolumeCheck} assembles each crash state and checks it against {@link CrashedVolume}.
 *
 * <p>A crash inside a rebuild hands assembly the replacement too, as an administrator who restarts the machine would:
 * blank, half-written, or the old stale disk with its old label. The engine must leave it out (the member comes back
 * failed) unless its rebuild completed. A member sector made unreadable ({@link VolumeStep.LoseSector}) stays so
 * until written; it is in every crash image taken after it, too.
 */
final class VolumeRun {
    /** Crash images checked per crash point, over all members (a product of per-member choices, or a sample). */
    static final int COMBINATIONS_MAX = 16;

    private final VolumeEngine engine;
    private final VolumeSetup setup;
    private final List<VolumeStep> steps;
    private final CaseContext context;
    private final List<MemberDisk.Entry> journal = new ArrayList<>();
    private final MemberDisk[] slots;
    private final StringBuilder trace = new StringBuilder();
    private VolumeService service;
    private VolumeState model;
    private long blockCount;
    private boolean rebuiltOnce;
    /** Blocks whose reads failed since the model became lossy (a sector error beyond the redundancy left). */
    private final Set<Long> lostBlocks = new TreeSet<>();

    VolumeRun(VolumeEngine engine, VolumeSetup setup, List<VolumeStep> steps, CaseContext context) {
        this.engine = engine;
        this.setup = setup;
        this.steps = List.copyOf(steps);
        this.context = context;
        this.slots = new MemberDisk[setup.memberCount()];
    }

    /** Thrown inside the run at the first violation; carries the crash state it was seen in, if any. */
    static final class Found extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Violation violation;
        final transient Optional<CrashStateReplay> replay;

        Found(Violation violation, Optional<CrashStateReplay> replay) {
            super(violation.property() + ": " + violation.summary(), null, false, false);
            this.violation = violation;
            this.replay = replay;
        }
    }

    Optional<Failure<VolumeStep>> execute() {
        try {
            runAll();
            return Optional.empty();
        } catch (Found f) {
            trace.append("!! ").append(f.violation.property()).append(' ').append(f.violation.summary()).append('\n');
            return Optional.of(new Failure<>(f.violation, steps, trace.toString(), f.replay));
        }
    }

    private void runAll() {
        List<BlockDevice> devices = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new MemberDisk(i, new SimulatedDisk(setup.sectorSizeBytes(), setup.memberSectorCount()),
                    journal);
            devices.add(slots[i]);
        }
        service = engine.create(setup.layout(), Devices.members(devices));
        for (MemberDisk d : slots) {
            d.markStart();
        }
        journal.clear();
        blockCount = service.sectorCount();
        if (service.sectorSizeBytes() != setup.sectorSizeBytes() || blockCount < 1
                || blockCount > VolumeSetup.MEMBER_SECTORS_MAX * setup.memberCount()) {
            throw new IllegalStateException("engine " + engine.name() + " made a volume the suite cannot check: "
                    + "sectorSizeBytes=" + service.sectorSizeBytes() + " sectorCount=" + blockCount);
        }
        model = VolumeState.created(modelLayout(), (int) blockCount, setup.sectorSizeBytes());
        for (int k = 0; k < steps.size(); k++) {
            runStep(k, steps.get(k));
        }
        trace.append("   final read of every block\n");
        checkReads(0, (int) blockCount);
        checkMembers("the final read", readProperty());
        context.stats().add(Stats.Counter.DEVICE_OPS, journal.size());
    }

    private txstack.model.volume.VolumeLayout modelLayout() {
        return new txstack.model.volume.VolumeLayout(setup.layout() == VolumeLayout.MIRROR
                ? txstack.model.volume.VolumeLayout.Kind.MIRROR : txstack.model.volume.VolumeLayout.Kind.RAID5,
                setup.memberCount());
    }

    private void runStep(int k, VolumeStep step) {
        if (!applicable(step)) {
            trace.append(String.format("%3d %s (skipped: not applicable)%n", k, step));
            return;
        }
        trace.append(String.format("%3d %s%n", k, step));
        int from = journal.size();
        CrashedVolume during = crashedDuring(step);
        String property = property(step);
        try {
            perform(step);
        } catch (Found f) {
            throw f;
        } catch (RuntimeException e) {
            throw new Found(Violation.of(property, step + " failed: " + e), Optional.empty());
        }
        context.stats().increment(Stats.Counter.STEPS);
        checkMembers("\"" + step + "\"", property(step));
        // After the step: a failed member is out, a replacement (blank or the old disk) is in, so a crash inside its
        // rebuild hands assembly the half-written replacement too.
        List<MemberDisk> present = new ArrayList<>();
        for (MemberDisk d : slots) {
            if (!d.dead()) {
                present.add(d);
            }
        }
        VolumeCrashes crashes = new VolumeCrashes(engine, setup, context, journal, blockCount);
        crashes.explore(k, from, journal.size(), present, during);
        if (step instanceof VolumeStep.Rebuild && journal.size() > from) {
            crashes.exploreAtRest(k, journal.size() - 1, present, model.crash());
        }
    }

    private boolean applicable(VolumeStep step) {
        return switch (step) {
            case VolumeStep.Write w -> w.blockCount() >= 1 && w.firstBlock() >= 0
                    && w.firstBlock() + w.blockCount() <= blockCount && !model.lossy();
            case VolumeStep.Read r -> r.blockCount() >= 1 && r.firstBlock() >= 0
                    && r.firstBlock() + r.blockCount() <= blockCount;
            case VolumeStep.Flush f -> true;
            case VolumeStep.FailMember f -> f.member() >= 0 && f.member() < slots.length
                    && model.members().get(f.member()) == MemberState.HEALTHY
                    && model.unavailableMembers() + 1 <= setup.tolerance();
            case VolumeStep.Rebuild r -> r.member() >= 0 && r.member() < slots.length
                    && model.members().get(r.member()) == MemberState.FAILED && !model.lossy();
            case VolumeStep.LoseSector l -> l.member() >= 0 && l.member() < slots.length
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
                slots[f.member()].kill();
                model = model.failMember(f.member());
            }
            case VolumeStep.Rebuild r -> {
                MemberDisk replacement = slots[r.member()];
                if (r.staleDisk()) {
                    replacement.revive();
                } else {
                    replacement = new MemberDisk(r.member(), new SimulatedDisk(setup.sectorSizeBytes(),
                            setup.memberSectorCount()), journal);
                    slots[r.member()] = replacement;
                }
                service.replaceMember(r.member(), replacement);
                model = model.replaceMember(r.member()).completeRebuild(r.member());
                rebuiltOnce = true;
            }
            case VolumeStep.LoseSector l -> {
                slots[l.member()].disk.markUnreadable(l.memberSector());
                context.stats().increment(Stats.Counter.SECTOR_ERRORS);
                model = model.loseSector(l.member());
            }
        }
    }

    /** The engine counts failed exactly the members the model does: none is dropped for a bad sector (VOL-6). */
    private void checkMembers(String after, String stepProperty) {
        Set<Integer> want = new TreeSet<>();
        for (int i = 0; i < slots.length; i++) {
            if (model.members().get(i) != MemberState.HEALTHY) {
                want.add(i);
            }
        }
        Set<Integer> got = service.failedMembers();
        if (!want.equals(got)) {
            boolean sectorErrors = model.sectorErrors().stream().anyMatch(n -> n > 0);
            String property = !sectorErrors ? stepProperty : setup.layout() == VolumeLayout.MIRROR ? "DISK-4"
                    : "VOL-6";
            throw new Found(Violation.of(property, "after " + after + " the engine counts members " + got
                    + " failed; the model " + want + (sectorErrors ? " (sector errors per member: "
                    + model.sectorErrors() + "; one bad sector must not cost a member)" : "")), Optional.empty());
        }
    }

    /**
     * Reads blocks and checks them against the model. Where the model is {@link VolumeState#lossy()}, a block may
     * fail to read instead ({@link txstack.spi.disk.DeviceException}), for at most {@link
     * VolumeState#lossBound()} distinct blocks over the run; a whole-range read that fails is retried block by block
     * to find which.
     */
    private void checkReads(long first, int count) {
        String property = readProperty();
        List<Bytes> read;
        try {
            read = VolumeCheck.readBlocks(service, first, count, setup.sectorSizeBytes(), model.lossy());
        } catch (VolumeCheck.ReadFailure e) {
            throw new Found(Violation.of(property, e.getMessage()), Optional.empty());
        }
        for (int i = 0; i < count; i++) {
            Bytes got = read.get(i);
            if (got == null) {
                lostBlocks.add(first + i);
                if (lostBlocks.size() > model.lossBound()) {
                    throw new Found(Violation.of("DISK-4", lostBlocks.size() + " blocks do not read " + lostBlocks
                            + "; the sector errors " + model.sectorErrors() + " with members " + model.members()
                            + " explain at most " + model.lossBound()), Optional.empty());
                }
                continue;
            }
            Bytes want = model.read(first + i);
            if (!got.equals(want)) {
                throw new Found(new Violation(property, "block " + (first + i) + " reads wrong data",
                        "expected: " + VolumeCheck.describe(want) + "\nobserved: " + VolumeCheck.describe(got)
                                + "\nmembers: " + model.members() + " (engine: failed " + service.failedMembers()
                                + ")"), Optional.empty());
            }
        }
        context.stats().checked(property);
        if (model.liveSectorErrors() > 0) {
            context.stats().checked("DISK-4");
        }
    }

    /** The requirement a wrong read breaks, by what the volume went through. */
    private String readProperty() {
        if (model.liveSectorErrors() > 0) {
            return setup.layout() == VolumeLayout.MIRROR ? "DISK-4" : "VOL-6";
        }
        if (model.unavailableMembers() > 0) {
            return setup.layout() == VolumeLayout.MIRROR ? "VOL-2" : "VOL-6";
        }
        if (rebuiltOnce) {
            return "VOL-7";
        }
        return setup.layout() == VolumeLayout.MIRROR ? "VOL-1" : "VOL-5";
    }

    private String property(VolumeStep step) {
        return switch (step) {
            case VolumeStep.Rebuild r -> "VOL-7";
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

    /** The crash point of {@code disk} at journal entry {@code entry}: after its last operation up to there. */
    static CrashPoint pointAt(List<MemberDisk.Entry> journal, MemberDisk disk, int entry, boolean during) {
        MemberDisk.Entry at = journal.get(entry);
        if (at.disk() == disk) {
            return during ? disk.disk.crashPointDuring(at.opIndex()) : disk.disk.crashPointAfter(at.opIndex());
        }
        for (int e = entry - 1; e >= 0; e--) {
            if (journal.get(e).disk() == disk) {
                return disk.disk.crashPointAfter(journal.get(e).opIndex());
            }
        }
        return disk.disk.crashPointAfter(disk.startOpCount - 1);
    }
}
