package txstack.conformance.volume;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import txstack.conformance.rig.RigDisk;

/**
 * Draws volume workloads: partial-, full- and cross-stripe writes (volatile or force-unit-access), flushes, reads,
 * unreadable member sectors, and member failures and rebuilds kept within what the layout tolerates; then, on top of
 * those steps, life after assembly: a power cycle at a drawn place, often followed at once by a second one with a
 * member missing (a clean RAID-5 may start without it), a rebuild of that member onto its own stale disk later, and
 * sometimes one more power cycle, so later sessions write, crash and assemble with a member back. One workload in
 * {@value #PAST_REDUNDANCY_ONE_IN} then ends with a sector lost beyond the redundancy under a write in flight, and
 * one in {@value #MEMBER_DIES_ONE_IN} has a member's disk die unannounced at a drawn place (rebuilt later), and one in
 * {@value #CLOSE_ONE_IN} a clean close at a drawn place, half of them assembled again without a member (rebuilt later
 * onto its stale disk), and one in {@value #LOST_ONE_IN} ends with members failing until the volume is lost; one in
 * {@value #LOST_IN_REBUILD_ONE_IN} of the others that end with no loss ends with members failing up to the tolerance
 * and a survivor dying during the rebuild of one of them, which loses the volume too. Half the rebuilds of a member
 * that failed lose a survivor's disk during the rebuild, where the layout tolerates it (a mirror of three members or
 * more), and one in {@value #REPLACEMENT_DIES_ONE_IN} of the others lose the replacement's disk (a second replacement
 * is then rebuilt): at its first write or flush, at its first flush, or at its first write after a flush, in turn.
 */
final class VolumeWorkloads {
    /** A safety net on workload length, whatever the options ask. */
    static final int STEPS_MAX = 1_000;

    /** Steps life after assembly adds to a workload, at most. */
    static final int LIFE_STEPS_MAX = 4;

    /** One workload in this many ends with a loss beyond the redundancy under a write in flight. */
    static final int PAST_REDUNDANCY_ONE_IN = 4;

    /** One workload in this many has a member's disk die unannounced, and rebuilds it later. */
    static final int MEMBER_DIES_ONE_IN = 4;

    /** One workload in this many closes the volume cleanly at a drawn place and assembles it again. */
    static final int CLOSE_ONE_IN = 3;

    /** One workload in this many ends with members failing, one more than the layout tolerates. */
    static final int LOST_ONE_IN = 5;

    /**
     * One workload in this many of those that do not end with a loss already (beyond the redundancy, or of the
     * volume) ends with members failing up to the tolerance, and a survivor dying during the rebuild of one of them.
     */
    static final int LOST_IN_REBUILD_ONE_IN = 3;
    /** One in this many rebuilds of a member failed in the workload (not losing a survivor) lose their replacement. */
    static final int REPLACEMENT_DIES_ONE_IN = 3;

    private final VolumeSetup setup;
    private final long blockCount;
    private final boolean lifeAfterAssembly;
    private final boolean lossPastRedundancy;
    private final boolean membersDie;
    private final boolean cleanCloses;
    private final boolean lostVolumes;
    private final boolean bufferOffsets;
    private final boolean survivorsDie;
    private final boolean lostInRebuild;
    private final boolean replacementsDie;
    private final boolean replacementsDieLater;

    VolumeWorkloads(VolumeSetup setup, long blockCount, VolumeSuite.Checks checks) {
        this.setup = setup;
        this.blockCount = blockCount;
        this.lifeAfterAssembly = checks.lifeAfterAssembly();
        this.lossPastRedundancy = checks.lossPastRedundancy();
        this.membersDie = checks.membersDie();
        this.cleanCloses = checks.cleanCloses();
        this.lostVolumes = checks.lostVolumes();
        this.bufferOffsets = checks.bufferOffsets();
        this.survivorsDie = checks.survivorsDie();
        this.lostInRebuild = checks.lostInRebuild();
        this.replacementsDie = checks.replacementsDie();
        this.replacementsDieLater = checks.replacementsDieLater();
    }

    /**
     * Where a dying replacement dies, by a rule that draws nothing ({@code position} is the member's index plus the
     * steps so far): in turn at its first write or flush, at its first flush, at its first write after a flush; only
     * the first without {@link VolumeSuite.Checks#replacementsDieLater()}.
     */
    private RigDisk.WriteDeath replacementDeath(int position) {
        if (!replacementsDieLater) {
            return RigDisk.WriteDeath.FIRST_WRITE_OR_FLUSH;
        }
        RigDisk.WriteDeath[] points = RigDisk.WriteDeath.values();
        return points[position / REPLACEMENT_DIES_ONE_IN % points.length];
    }

    List<VolumeStep> generate(RandomGenerator random, int stepsMax) {
        int steps = Math.min(stepsMax, STEPS_MAX);
        List<VolumeStep> out = new ArrayList<>(steps);
        int failed = -1;
        for (int i = 0; i < steps; i++) {
            int roll = random.nextInt(100);
            if (roll < 50) {
                out.add(placed(write(random)));
            } else if (roll < 62) {
                out.add(new VolumeStep.Flush());
            } else if (roll < 74) {
                long first = random.nextLong(blockCount);
                int count = (int) Math.min(blockCount - first, 1 + random.nextInt(8));
                out.add(new VolumeStep.Read(first, count, bufferOffset(first << 16 | count)));
            } else if (roll < 78 && i >= steps - Math.max(3, steps / 4)) {
                // Late in the workload only: past the redundancy left, writes and rebuilds stop (the model does
                // not say which blocks a lost sector took), so an early loss would idle the rest of the workload.
                out.add(new VolumeStep.LoseSector(random.nextInt(setup.memberCount()),
                        random.nextLong(setup.memberSectorCount())));
            } else if (roll >= 78 && roll < 90 && failed < 0) {
                failed = random.nextInt(setup.memberCount());
                out.add(new VolumeStep.FailMember(failed));
            } else if (failed >= 0) {
                // Where the layout tolerates two losses, every other one of these rebuilds loses a survivor too, and
                // one in REPLACEMENT_DIES_ONE_IN of the others its replacement, by rules that draw nothing: the other
                // steps stay as they were.
                boolean survivorDies = survivorsDie && setup.tolerance() >= 2 && (failed + out.size()) % 2 == 0;
                boolean replacementDies = replacementsDie && !survivorDies
                        && (failed + out.size()) % REPLACEMENT_DIES_ONE_IN == 1;
                out.add(new VolumeStep.Rebuild(failed, random.nextBoolean(), survivorDies,
                        replacementDies ? replacementDeath(failed + out.size()) : null));
                failed = -1;
            } else {
                out.add(write(random));
            }
        }
        if (lifeAfterAssembly && steps >= 2) {
            addLifeAfterAssembly(out, random); // drawn after the steps above, which stay as they were
        }
        boolean pastRedundancy = lossPastRedundancy && steps >= 2 && random.nextInt(PAST_REDUNDANCY_ONE_IN) == 0;
        if (pastRedundancy) {
            addLossPastRedundancy(out, random); // drawn after the steps above, which stay as they were
        }
        if (membersDie && steps >= 2 && random.nextInt(MEMBER_DIES_ONE_IN) == 0) {
            addMemberDeath(out, random); // drawn after the steps above, which stay as they were
        }
        if (cleanCloses && steps >= 2 && random.nextInt(CLOSE_ONE_IN) == 0) {
            // drawn last: the steps above stay as they were
            addCleanClose(out, random);
        }
        boolean lost = lostVolumes && steps >= 2 && random.nextInt(LOST_ONE_IN) == 0;
        if (lost) {
            addVolumeLoss(out, random); // drawn after the steps above, which stay as they were; and it ends them
        }
        if (lostInRebuild && steps >= 2 && !lost && !pastRedundancy && random.nextInt(LOST_IN_REBUILD_ONE_IN) == 0) {
            addLossInRebuild(out, random); // drawn last: the steps above stay as they were; and it ends them
        }
        return out;
    }

    /**
     * Inserts, at a drawn place, a member whose disk dies unannounced, met at once by a read of every block, a
     * whole-stripe write and a flush, or (half the time) by a write of one block of that stripe first, then the read
     * and the flush; and at a later drawn place the member's rebuild onto a blank disk. The write's tag chooses which
     * and the block, so the draws of every other step stay as they were.
     */
    private void addMemberDeath(List<VolumeStep> out, RandomGenerator random) {
        int member = random.nextInt(setup.memberCount());
        int stripe = setup.stripeDataBlocks();
        long first = random.nextLong(blockCount / stripe) * stripe;
        int at = random.nextInt(out.size() + 1);
        int tag = random.nextInt();
        boolean writeFirst = (tag & 1) != 0;
        out.add(at, writeFirst ? new VolumeStep.MemberDies(member, first + Integer.remainderUnsigned(tag >>> 1, stripe),
                1, tag, true) : new VolumeStep.MemberDies(member, first, stripe, tag, false));
        out.add(at + 1 + random.nextInt(out.size() - at), new VolumeStep.Rebuild(member, false));
    }

    /**
     * Appends a loss beyond the redundancy at one place under a write still in the members' caches: a write (not
     * force-unit-access), the same member sector made unreadable on as many members as the layout tolerates losing
     * and one more, so no member holds that row any more, then a flush, whose crash points may tear the write. The
     * assembly's resync must then copy around the lost row, and the rest of the volume still read alike from every
     * member (the scrub after such an assembly).
     */
    private void addLossPastRedundancy(List<VolumeStep> out, RandomGenerator random) {
        VolumeStep.Write w = write(random);
        out.add(new VolumeStep.Write(w.firstBlock(), w.blockCount(), false, w.tag()));
        int member = random.nextInt(setup.memberCount());
        long sector = random.nextLong(setup.memberSectorCount());
        for (int more = 0; more <= setup.tolerance(); more++) {
            out.add(new VolumeStep.LoseSector((member + more) % setup.memberCount(), sector));
        }
        out.add(new VolumeStep.Flush());
    }

    /**
     * Inserts a clean close at a drawn place; half of them leave a drawn member out of the assembly after it, and that
     * member is rebuilt onto its own stale disk at a later drawn place.
     */
    private void addCleanClose(List<VolumeStep> out, RandomGenerator random) {
        int at = random.nextInt(out.size() + 1);
        int missing = random.nextBoolean() ? random.nextInt(setup.memberCount()) : -1;
        out.add(at, new VolumeStep.Close(missing));
        if (missing >= 0) {
            out.add(at + 1 + random.nextInt(out.size() - at), new VolumeStep.Rebuild(missing, true));
        }
    }

    /**
     * Appends member failures in a drawn order: as many as the layout tolerates (one already failed and not rebuilt
     * makes one of these inapplicable), then one more, which loses the volume ({@link VolumeStep.LoseVolume}).
     */
    private void addVolumeLoss(List<VolumeStep> out, RandomGenerator random) {
        List<Integer> order = failUpToTolerance(out, random);
        out.add(new VolumeStep.LoseVolume(order.get(setup.tolerance())));
    }

    /**
     * Draws an order of all the members and appends the failure of as many of them, in that order, as the layout
     * tolerates; returns the order.
     */
    private List<Integer> failUpToTolerance(List<VolumeStep> out, RandomGenerator random) {
        List<Integer> order = new ArrayList<>();
        for (int m = 0; m < setup.memberCount(); m++) {
            order.add(random.nextInt(order.size() + 1), m);
        }
        for (int i = 0; i < setup.tolerance(); i++) {
            out.add(new VolumeStep.FailMember(order.get(i)));
        }
        return order;
    }

    /**
     * Appends member failures in a drawn order, as many as the layout tolerates, then the rebuild of the first of them
     * during which a survivor dies, which loses the volume ({@link VolumeStep.LoseVolumeInRebuild}).
     */
    private void addLossInRebuild(List<VolumeStep> out, RandomGenerator random) {
        List<Integer> order = failUpToTolerance(out, random);
        out.add(new VolumeStep.LoseVolumeInRebuild(order.get(0)));
    }

    /** Inserts power cycles (and a rebuild of a member missing at one) at drawn places. */
    private void addLifeAfterAssembly(List<VolumeStep> out, RandomGenerator random) {
        int at = 1 + random.nextInt(out.size());
        out.add(at++, new VolumeStep.PowerCycle(-1, random.nextInt()));
        if (random.nextInt(3) == 0) {
            return;
        }
        int missing = random.nextInt(setup.memberCount());
        out.add(at++, new VolumeStep.PowerCycle(missing, random.nextInt()));
        int back = at + random.nextInt(out.size() - at + 1);
        out.add(back, new VolumeStep.Rebuild(missing, true));
        if (random.nextBoolean()) {
            out.add(at + random.nextInt(out.size() - at + 1), new VolumeStep.PowerCycle(-1, random.nextInt()));
        }
    }

    /** The write at an offset inside a larger array, derived from its tag (no draw: the streams stay as they were). */
    private VolumeStep.Write placed(VolumeStep.Write w) {
        return new VolumeStep.Write(w.firstBlock(), w.blockCount(), w.forceUnitAccess(), w.tag(),
                bufferOffset(w.tag()));
    }

    /** Where a transfer keyed by {@code key} starts in its array; 0 without {@link VolumeSuite.Checks#bufferOffsets} */
    private int bufferOffset(long key) {
        return bufferOffsets ? PlacedBuffer.offsetFor(key) : 0;
    }

    private VolumeStep.Write write(RandomGenerator random) {
        int stripe = setup.stripeDataBlocks();
        long stripes = blockCount / stripe;
        boolean fua = random.nextInt(5) == 0;
        int tag = random.nextInt();
        int kind = random.nextInt(3);
        if (kind == 0) { // partial stripe: within one stripe, not all of it
            long s = random.nextLong(stripes);
            int count = 1 + random.nextInt(Math.max(1, stripe - 1));
            long first = s * stripe + random.nextInt(stripe - count + 1);
            return new VolumeStep.Write(first, count, fua, tag);
        }
        if (kind == 1) { // full stripe, aligned
            return new VolumeStep.Write(random.nextLong(stripes) * stripe, stripe, fua, tag);
        }
        // cross-stripe: starts inside one stripe and ends in the next
        long s = random.nextLong(Math.max(1, stripes - 1));
        long first = s * stripe + 1 + random.nextInt(Math.max(1, stripe - 1));
        int count = (int) Math.min(blockCount - first, stripe);
        return new VolumeStep.Write(first, Math.max(1, count), fua, tag);
    }

    /** Simpler versions of a step for the shrinker, simplest first. */
    static List<VolumeStep> simpler(VolumeStep step) {
        List<VolumeStep> out = new ArrayList<>();
        switch (step) {
            case VolumeStep.Write w -> {
                if (w.blockCount() > 1) {
                    out.add(new VolumeStep.Write(w.firstBlock(), 1, w.forceUnitAccess(), w.tag(), w.bufferOffset()));
                }
                if (w.forceUnitAccess()) {
                    out.add(new VolumeStep.Write(w.firstBlock(), w.blockCount(), false, w.tag(), w.bufferOffset()));
                }
                if (w.bufferOffset() > 0) {
                    out.add(new VolumeStep.Write(w.firstBlock(), w.blockCount(), w.forceUnitAccess(), w.tag()));
                }
            }
            case VolumeStep.Read r -> {
                if (r.blockCount() > 1) {
                    out.add(new VolumeStep.Read(r.firstBlock(), 1, r.bufferOffset()));
                }
                if (r.bufferOffset() > 0) {
                    out.add(new VolumeStep.Read(r.firstBlock(), r.blockCount()));
                }
            }
            case VolumeStep.Rebuild r -> {
                if (r.survivorDies() || r.replacementDies()) {
                    out.add(new VolumeStep.Rebuild(r.member(), r.staleDisk()));
                }
                if (r.staleDisk()) {
                    out.add(new VolumeStep.Rebuild(r.member(), false, r.survivorDies(), r.replacementDeath()));
                }
            }
            case VolumeStep.Flush f -> { }
            case VolumeStep.FailMember f -> { }
            case VolumeStep.MemberDies d -> { } // its write is a whole stripe or met first: the engine meets the death
            case VolumeStep.LoseSector l -> { }
            case VolumeStep.LoseVolume l -> { }
            case VolumeStep.LoseVolumeInRebuild l -> { }
            case VolumeStep.Close c -> {
                if (c.missingMember() >= 0) {
                    out.add(new VolumeStep.Close(-1));
                }
            }
            case VolumeStep.PowerCycle p -> {
                if (p.missingMember() >= 0) {
                    out.add(new VolumeStep.PowerCycle(-1, p.image()));
                }
                if (p.image() != 0) {
                    out.add(new VolumeStep.PowerCycle(p.missingMember(), 0));
                }
            }
        }
        return out;
    }
}
