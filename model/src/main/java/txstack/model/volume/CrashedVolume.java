package txstack.model.volume;

import static txstack.model.ModelException.require;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import txstack.model.Bytes;
import txstack.model.ModelException;

/**
 * A volume after a power loss, before it is assembled again. What assembly may return is explicit:
 * <ul>
 *   <li>if more members are lost than tolerated, it reports the volume failed ({@link #mustReportFailed()});</li>
 *   <li>else every block holds one of its {@link #blockOutcomes()} (DISK-3 for the volume as a whole), chosen
 *       independently per block, and keeps it: a later read from another half or a reconstruction after a member
 *       failure returns the same value (VOL-8, the write hole);</li>
 *   <li>a RAID-5 that crashed degraded, or lost a member between the crash and its assembly, may refuse to start
 *       instead ({@link #mayReportFailed()}): it cannot tell which of its stripes were written half-way (md's "dirty
 *       degraded array"). After a clean shutdown ({@link #clean()}, {@link VolumeState#shutDown()}) no stripe can be
 *       torn, so a degraded RAID-5 must start (md assembles a clean degraded array). A RAID-5 with an unreadable
 *       sector (DISK-4) on a member may refuse either way: the stripe around it may be torn, or its row lost once
 *       a member is. It must never return a value outside the block's outcomes;</li>
 *   <li>with sector errors beyond the redundancy left ({@link VolumeState#lossy()}), reads of at most {@link
 *       #lossBound()} distinct blocks may fail instead of returning a value;</li>
 *   <li>a member is never dropped for one unreadable sector; one with two or more may be, at assembly (they may have
 *       taken every copy of the engine's own record of it), while the layout tolerates it; beyond that, assembly may
 *       refuse to start ({@link #memberOutcomes()}, {@link #mayReportFailed()}).</li>
 * </ul>
 * A replacement that was rebuilding may come back failed (its rebuild starts over) or, if the completion of its
 * rebuild was in flight, healthy ({@link #memberOutcomes()}).
 *
 * @param before             the state at the power loss, including any write in flight as volatile
 * @param lostBeforeRecovery members that failed after the crash, before the volume was assembled again
 * @param clean              true if the volume was shut down cleanly (its close returned) rather than crashed: every
 *                           block is durable and the members agree, so nothing is left to resync
 */
public record CrashedVolume(VolumeState before, List<Integer> lostBeforeRecovery, boolean clean) {
    private static final Set<MemberState> FAILED_OR_HEALTHY = Set.of(MemberState.FAILED, MemberState.HEALTHY);
    /** Unreadable sectors a member may be dropped for at assembly (one never costs a member). */
    public static final int SECTOR_ERRORS_TO_DROP = 2;

    public CrashedVolume {
        lostBeforeRecovery = List.copyOf(lostBeforeRecovery);
        if (clean && !before.blocks().stream().allMatch(b -> b.crashValues().size() == 1)) {
            throw new ModelException("a clean shutdown with a block not yet durable: flush before it");
        }
    }

    /** A power loss (not a clean shutdown). */
    public CrashedVolume(VolumeState before, List<Integer> lostBeforeRecovery) {
        this(before, lostBeforeRecovery, false);
    }

    /** A member fails before the volume is assembled again; a clean shutdown stays clean. */
    public CrashedVolume failMember(int member) {
        List<Integer> lost = new ArrayList<>(lostBeforeRecovery);
        lost.add(member);
        return new CrashedVolume(before.failMember(member), lost, clean);
    }

    /**
     * A sector of healthy member {@code member} stops reading before the volume is assembled again (a latent sector
     * error found at start-up, DISK-4): to assembly it is one more unreadable sector on that member.
     */
    public CrashedVolume loseSector(int member) {
        return new CrashedVolume(before.loseSector(member), lostBeforeRecovery, clean);
    }

    /** Per block, the set of values assembly may return (DISK-3); the volume's outcomes are their product. */
    public List<Set<Bytes>> blockOutcomes() {
        List<Block> blocks = before.blocks();
        List<Set<Bytes>> outcomes = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            outcomes.add(b.crashValues());
        }
        return Collections.unmodifiableList(outcomes);
    }

    /** True if more members are lost than the layout tolerates: assembly must report the volume failed. */
    public boolean mustReportFailed() {
        return before.failed();
    }

    /** True if assembly may report the volume failed (see the class comment). */
    public boolean mayReportFailed() {
        return mustReportFailed() || (before.layout().kind() == VolumeLayout.Kind.RAID5
                && ((!clean && before.unavailableMembers() > 0) || before.liveSectorErrors() > 0))
                || before.unavailableMembers() + membersWithDroppableErrors() > before.layout().tolerance();
    }

    /**
     * Healthy members with {@value #SECTOR_ERRORS_TO_DROP} or more unreadable sectors: an engine may be unable to tell
     * them for its own (its record of them lost), so with the members already lost they may be more than the layout
     * tolerates, and assembly may refuse.
     */
    private int membersWithDroppableErrors() {
        int n = 0;
        for (int i = 0; i < before.members().size(); i++) {
            n += hasDroppableErrors(i) ? 1 : 0;
        }
        return n;
    }

    /** True if member {@code i} is healthy with {@value #SECTOR_ERRORS_TO_DROP} or more unreadable sectors. */
    private boolean hasDroppableErrors(int i) {
        return before.members().get(i) == MemberState.HEALTHY && before.sectorErrors().get(i) >= SECTOR_ERRORS_TO_DROP;
    }

    /** The most distinct blocks whose reads may fail after assembly (DISK-4; see {@link VolumeState#lossBound()}). */
    public int lossBound() {
        return before.lossBound();
    }

    /** True if block {@code block} may hold {@code value} after assembly; a block the volume lacks is refused. */
    public boolean allows(long block, Bytes value) {
        if (block < 0 || block >= before.blocks().size()) {
            throw new ModelException("no such block: block=" + block + " blockCount=" + before.blocks().size());
        }
        return !mustReportFailed() && before.blocks().get((int) block).crashValues().contains(value);
    }

    /** True if the volume may return exactly these block values after assembly. */
    public boolean allows(List<Bytes> observed) {
        List<Block> blocks = before.blocks();
        if (mustReportFailed() || observed.size() != blocks.size()) {
            return false;
        }
        for (int i = 0; i < blocks.size(); i++) {
            if (!blocks.get(i).crashValues().contains(observed.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Per member, the states it may have after assembly: a rebuilding one is failed, or healthy if it completed. A
     * healthy one stays healthy, unless {@value #SECTOR_ERRORS_TO_DROP} or more of its sectors stopped reading and
     * the layout tolerates one more member lost: the contract keeps a member for one bad sector, and an engine's own
     * record of a member (a label, however many copies it keeps) may be among two (DISK-4).
     */
    public List<Set<MemberState>> memberOutcomes() {
        List<MemberState> members = before.members();
        boolean oneMoreTolerated = before.unavailableMembers() + 1 <= before.layout().tolerance();
        List<Set<MemberState>> outcomes = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            MemberState m = members.get(i);
            boolean mayDrop = oneMoreTolerated && hasDroppableErrors(i);
            outcomes.add(m == MemberState.REBUILDING || mayDrop ? FAILED_OR_HEALTHY : Set.of(m));
        }
        return Collections.unmodifiableList(outcomes);
    }

    /**
     * True if {@code members} (each one {@link #memberOutcomes()} allows) drop healthy members for their sector
     * errors and leave more members out than the layout tolerates: each may be dropped alone, not all together.
     */
    public boolean droppedBeyondTolerance(List<MemberState> members) {
        int dropped = 0;
        int unavailable = 0;
        for (int i = 0; i < members.size(); i++) {
            dropped += members.get(i) != MemberState.HEALTHY && before.members().get(i) == MemberState.HEALTHY ? 1 : 0;
            unavailable += members.get(i) != MemberState.HEALTHY ? 1 : 0;
        }
        return dropped > 0 && unavailable > before.layout().tolerance();
    }

    /** Spec-style {@code Recover} with a given outcome: the running volume, every block durable, rebuilds restarted. */
    public VolumeState recover(List<Bytes> observed) {
        List<MemberState> members = new ArrayList<>(before.members().size());
        for (MemberState m : before.members()) {
            members.add(m == MemberState.REBUILDING ? MemberState.FAILED : m);
        }
        return recover(observed, members);
    }

    /**
     * {@code Recover} with given block values and member states, each one {@link #memberOutcomes()} allows. A {@code
     * null} value is a block whose read failed (DISK-4), at most {@link #lossBound()} of them; the model does not know
     * what such a block holds, so it keeps the value the block had at the crash, and checks after this one must not
     * read it (a lost block stays lost or returns one of its outcomes).
     */
    public VolumeState recover(List<Bytes> observed, List<MemberState> members) {
        int lost = 0;
        for (Bytes value : observed) {
            lost += value == null ? 1 : 0;
        }
        if (lost > lossBound()) {
            throw new ModelException("more blocks lost than sector errors explain: lost=" + lost + " lossBound="
                    + lossBound());
        }
        List<Bytes> known = new ArrayList<>(observed);
        for (int i = 0; i < known.size(); i++) {
            if (known.get(i) == null && i < before.blocks().size()) {
                known.set(i, before.blocks().get(i).current());
            }
        }
        require(allows(known), () -> "not an allowed recovery: blocks=" + known.size());
        List<Set<MemberState>> allowed = memberOutcomes();
        require(members.size() == allowed.size(), () -> "members=" + members.size() + " memberCount=" + allowed.size());
        if (droppedBeyondTolerance(members)) {
            throw new ModelException("members dropped for sector errors beyond the layout's tolerance: members="
                    + members + " tolerance=" + before.layout().tolerance());
        }
        for (int i = 0; i < members.size(); i++) {
            if (!allowed.get(i).contains(members.get(i))) {
                throw new ModelException("not an allowed member state: member=" + i + " state=" + members.get(i)
                        + " allowed=" + allowed.get(i));
            }
        }
        List<Block> blocks = new ArrayList<>(known.size());
        for (Bytes value : known) {
            blocks.add(Block.durable(value));
        }
        return new VolumeState(before.layout(), before.blockBytes(), blocks, members, before.sectorErrors());
    }

    /**
     * This crash state as a crash inside its own assembly, or right after that returned, leaves it: no longer clean.
     * The assembly starts a session, and an engine may record that in its members before it writes a block (a label
     * marked open), so a degraded RAID-5 may refuse to start again, as after any crash; every block still holds what
     * it held.
     */
    public CrashedVolume reopened() {
        return clean ? new CrashedVolume(before, lostBeforeRecovery, false) : this;
    }
}
