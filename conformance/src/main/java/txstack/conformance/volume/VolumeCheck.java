package txstack.conformance.volume;

import java.util.ArrayList;
import txstack.spi.disk.Devices;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import txstack.conformance.disk.CrashPoint;
import txstack.conformance.disk.SimulatedDisk;
import txstack.conformance.explorer.CaseContext;
import txstack.conformance.explorer.Stats;
import txstack.conformance.explorer.Violation;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.DeviceException;
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
 * Where sector errors (DISK-4) leave some rows without redundancy, a block may fail to read instead, for at most
 * {@link CrashedVolume#lossBound()} blocks; a block that read once must not change, a lost one must stay lost or
 * return one of its outcomes.
 * Deterministic: the same state and keys give the same result, so the explorer can minimise a failing image.
 */
final class VolumeCheck {
    /** Crash points inside one assembly that a sweep checks (a seeded sample). */
    static final int SWEEP_POINTS_MAX = 4;
    /** Images per crash point inside an assembly. */
    static final int SWEEP_COMBINATIONS_MAX = 2;

    private final VolumeEngine engine;
    private final VolumeSetup setup;
    private final CaseContext context;
    private final long blockCount;

    VolumeCheck(VolumeEngine engine, VolumeSetup setup, CaseContext context, long blockCount) {
        this.engine = engine;
        this.setup = setup;
        this.context = context;
        this.blockCount = blockCount;
    }

    /**
     * @param sweep also cut the power during the first assembly, at a seeded sample of its device operations, and
     *              check the assembly after that (a crash during the resync must not open the write hole either)
     */
    Optional<Violation> check(List<MemberDisk> present, List<CrashPoint> points, int[][] choice,
                              CrashedVolume crashed, long[] keys, boolean sweep) {
        RandomGenerator random = context.random(keys);
        List<MemberDisk.Entry> assemblyJournal = new ArrayList<>();
        List<MemberDisk> disks = new ArrayList<>();
        for (int i = 0; i < present.size(); i++) {
            disks.add(new MemberDisk(present.get(i).slot, SimulatedDisk.fromImage(points.get(i).image(choice[i])),
                    sweep ? assemblyJournal : null));
        }
        int afterPick = random.nextInt(1 << 16);
        int[] assemblyOps = {0};
        Optional<Violation> v = assembleAndCheck(disks, crashed, afterPick, "", () -> assemblyOps[0] =
                assemblyJournal.size());
        if (v.isEmpty() && sweep) {
            v = crashDuringAssembly(disks, assemblyJournal.subList(0, assemblyOps[0]), crashed, random);
        }
        if (v.isPresent() || disks.size() < 2) {
            return v;
        }
        int lost = random.nextInt(disks.size());
        CrashedVolume lostBefore = crashed.failMember(disks.get(lost).slot);
        if (lostBefore.mustReportFailed()) {
            return Optional.empty();
        }
        List<MemberDisk> rest = new ArrayList<>();
        for (int i = 0; i < present.size(); i++) {
            if (i != lost) {
                rest.add(new MemberDisk(present.get(i).slot, SimulatedDisk.fromImage(points.get(i).image(choice[i])),
                        null));
            }
        }
        return assembleAndCheck(rest, lostBefore, afterPick, "member " + disks.get(lost).slot
                + " lost after the crash, before assembly: ", () -> { }).map(x -> new Violation("VOL-8", x.summary(),
                x.details()));
    }

    /**
     * Power lost again during the assembly of {@code disks} (whose operations {@code journal} lists): the blocks may
     * still hold only what the first crash allowed. At most {@link #SWEEP_POINTS_MAX} crash points, {@link
     * #SWEEP_COMBINATIONS_MAX} images each.
     */
    private Optional<Violation> crashDuringAssembly(List<MemberDisk> disks, List<MemberDisk.Entry> journal,
                                                    CrashedVolume crashed, RandomGenerator random) {
        List<Integer> entries = new ArrayList<>();
        for (int e = 0; e < journal.size(); e++) {
            entries.add(e);
        }
        while (entries.size() > SWEEP_POINTS_MAX) {
            entries.remove(random.nextInt(entries.size()));
        }
        for (int e : entries) {
            List<CrashPoint> points = new ArrayList<>();
            List<List<int[]>> choices = new ArrayList<>();
            for (MemberDisk d : disks) {
                CrashPoint p = VolumeRun.pointAt(journal, d, e, false);
                points.add(p);
                choices.add(context.recoveryImageChoices(p, random.nextLong(), d.slot));
            }
            List<int[][]> combinations = VolumeCrashes.combine(choices, random);
            for (int c = 0; c < Math.min(SWEEP_COMBINATIONS_MAX, combinations.size()); c++) {
                context.stats().increment(Stats.Counter.RECOVERY_CRASH_STATES);
                List<MemberDisk> again = new ArrayList<>();
                for (int i = 0; i < disks.size(); i++) {
                    again.add(new MemberDisk(disks.get(i).slot, SimulatedDisk.fromImage(points.get(i)
                            .image(combinations.get(c)[i])), null));
                }
                String where = "crash again after device operation #" + e + " of the assembly ("
                        + journal.get(e).disk() + " op " + journal.get(e).opIndex() + "): ";
                Optional<Violation> v = assembleAndCheck(again, crashed, random.nextInt(1 << 16), where, () -> { });
                if (v.isPresent()) {
                    String images = VolumeCrashes.describe(disks, points, combinations.get(c))
                            .replace("member ", "during assembly, member ");
                    return v.map(x -> x.withDetails(images));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Violation> assembleAndCheck(List<MemberDisk> disks, CrashedVolume crashed, int afterPick,
                                                 String prefix, Runnable assembled) {
        context.stats().increment(Stats.Counter.RECOVERIES);
        VolumeService volume;
        try {
            volume = engine.assemble(membersBySlot(disks));
            assembled.run();
        } catch (VolumeFailedException e) {
            if (crashed.mayReportFailed()) {
                context.stats().checked("VOL-8");
                return Optional.empty();
            }
            return Optional.of(Violation.of(orSectorProperty("DISK-3", crashed.before()), prefix
                    + "assembly refused a volume the model keeps: " + e.getMessage()));
        } catch (RuntimeException e) {
            return Optional.of(Violation.of(orSectorProperty("DISK-3", crashed.before()), prefix
                    + "assembly failed: " + e));
        }
        List<MemberState> members = new ArrayList<>();
        Set<Integer> failed = volume.failedMembers();
        for (int i = 0; i < setup.memberCount(); i++) {
            MemberState state = failed.contains(i) ? MemberState.FAILED : MemberState.HEALTHY;
            if (!crashed.memberOutcomes().get(i).contains(state)) {
                return Optional.of(Violation.of("VOL-7", prefix + "member " + i + " is " + state
                        + " after assembly; the model allows " + crashed.memberOutcomes().get(i)));
            }
            members.add(state);
        }
        List<Bytes> first;
        try {
            first = readBlocks(volume, 0, (int) blockCount, setup.sectorSizeBytes(), crashed.lossBound() > 0);
        } catch (ReadFailure e) {
            return Optional.of(Violation.of("DISK-3", prefix + "after assembly: " + e.getMessage()));
        }
        long lost = first.stream().filter(Objects::isNull).count();
        if (lost > crashed.lossBound()) {
            return Optional.of(Violation.of("DISK-4", prefix + lost + " blocks do not read after assembly; the "
                    + "sector errors explain at most " + crashed.lossBound()));
        }
        for (int b = 0; b < first.size(); b++) {
            if (first.get(b) != null && !crashed.allows(b, first.get(b))) {
                return Optional.of(new Violation("DISK-3", prefix + "block " + b + " holds a value no write left "
                        + "there", "observed: " + describe(first.get(b)) + "\nallowed: "
                        + crashed.blockOutcomes().get(b).stream().map(VolumeCheck::describe).toList()));
            }
        }
        context.stats().checked("DISK-3");
        if (crashed.before().liveSectorErrors() > 0) {
            context.stats().checked("DISK-4");
        }
        VolumeState recovered = crashed.recover(first, members);
        return failOneAndReread(disks, volume, recovered, crashed, first, afterPick, prefix);
    }

    /** The disks under their slots' roles ({@code member[slot]}). */
    private static Devices membersBySlot(List<MemberDisk> disks) {
        Map<String, BlockDevice> byRole = new LinkedHashMap<>();
        for (MemberDisk d : disks) {
            byRole.put(Devices.member(d.slot), d);
        }
        return Devices.of(byRole);
    }

    /** A member fails after assembly: the blocks must not change (VOL-8 for RAID-5, VOL-2 for a mirror). */
    private Optional<Violation> failOneAndReread(List<MemberDisk> disks, VolumeService volume,
                                                 VolumeState recovered, CrashedVolume crashed, List<Bytes> first,
                                                 int pick, String prefix) {
        if (recovered.unavailableMembers() + 1 > recovered.layout().tolerance()) {
            return Optional.empty();
        }
        List<MemberDisk> healthy = disks.stream()
                .filter(d -> recovered.members().get(d.slot) == MemberState.HEALTHY).toList();
        if (healthy.isEmpty()) {
            return Optional.empty();
        }
        MemberDisk victim = healthy.get(pick % healthy.size());
        String property = orSectorProperty(setup.layout() == VolumeLayout.MIRROR ? "VOL-2" : "VOL-8", recovered);
        int bound = recovered.failMember(victim.slot).lossBound();
        List<Bytes> again;
        try {
            volume.failMember(victim.slot);
            victim.kill();
            again = readBlocks(volume, 0, (int) blockCount, setup.sectorSizeBytes(), bound > 0);
        } catch (ReadFailure e) {
            return Optional.of(Violation.of(property, prefix + "after member " + victim.slot + " failed: "
                    + e.getMessage()));
        } catch (RuntimeException e) {
            return Optional.of(Violation.of(property, prefix + "after member " + victim.slot + " failed: " + e));
        }
        long lost = again.stream().filter(Objects::isNull).count();
        if (lost > bound) {
            return Optional.of(Violation.of("DISK-4", prefix + lost + " blocks do not read after member "
                    + victim.slot + " failed; the sector errors explain at most " + bound));
        }
        for (int b = 0; b < first.size(); b++) {
            if (again.get(b) == null) {
                continue;
            }
            if (first.get(b) == null ? !crashed.allows(b, again.get(b)) : !first.get(b).equals(again.get(b))) {
                return Optional.of(new Violation(property, prefix + "block " + b + " changed when member "
                        + victim.slot + " failed after assembly", "before: " + (first.get(b) == null
                        ? "unreadable" : describe(first.get(b))) + "\nafter:  " + describe(again.get(b))));
            }
        }
        context.stats().checked(property);
        return Optional.empty();
    }

    /**
     * The requirement a failure breaks: {@code otherwise}, unless a member has sector errors: then the failure is how
     * the volume handled them (VOL-6 for RAID-5, DISK-4 for a mirror).
     */
    private String orSectorProperty(String otherwise, VolumeState state) {
        if (state.liveSectorErrors() == 0) {
            return otherwise;
        }
        return setup.layout() == VolumeLayout.MIRROR ? "DISK-4" : "VOL-6";
    }

    /** A read the check cannot accept: any failure where nothing may be lost, or a failure other than DISK-4's. */
    static final class ReadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReadFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads {@code count} blocks from {@code first}: one read, and if it fails with {@link DeviceException} where
     * {@code mayLose}, one read per block to learn which blocks are lost ({@code null} in the result).
     *
     * @throws ReadFailure if a read fails otherwise
     */
    static List<Bytes> readBlocks(VolumeService volume, long first, int count, int blockBytes, boolean mayLose) {
        byte[] buffer = new byte[count * blockBytes];
        List<Bytes> out = new ArrayList<>(count);
        try {
            volume.read(first, buffer, 0, buffer.length);
            for (int b = 0; b < count; b++) {
                out.add(Bytes.of(Arrays.copyOfRange(buffer, b * blockBytes, (b + 1) * blockBytes)));
            }
            return out;
        } catch (DeviceException e) {
            if (!mayLose) {
                throw new ReadFailure("read of blocks " + first + ".." + (first + count - 1) + " failed: " + e);
            }
        } catch (RuntimeException e) {
            throw new ReadFailure("read of blocks " + first + ".." + (first + count - 1) + " failed: " + e);
        }
        byte[] one = new byte[blockBytes];
        for (int b = 0; b < count; b++) {
            try {
                volume.read(first + b, one, 0, blockBytes);
                out.add(Bytes.of(one.clone()));
            } catch (DeviceException e) {
                out.add(null);
            } catch (RuntimeException e) {
                throw new ReadFailure("read of block " + (first + b) + " failed: " + e);
            }
        }
        return out;
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
        boolean written = VolumeRun.content(tag, block, bytes.length).equals(value);
        return written ? "block " + block + " of write tag=" + Integer.toHexString(tag)
                : "garbage " + HexFormat.of().formatHex(bytes, 0, Math.min(16, bytes.length)) + "...";
    }
}
