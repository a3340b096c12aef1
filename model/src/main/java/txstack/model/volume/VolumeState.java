package txstack.model.volume;

import static txstack.model.ModelException.require;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import txstack.model.Bytes;
import txstack.model.ModelException;

/**
 * A running volume: its blocks and its members. Immutable: every action returns a new state.
 *
 * <p>What it says, in one line per requirement:
 * <ul>
 *   <li>a write is seen by every later read; it is durable after a flush, or at once with force-unit-access
 *       (DISK-2); until then a crash may keep or lose it, block by block (DISK-3, {@link CrashedVolume});</li>
 *   <li>a member failure changes no block while the volume tolerates it (VOL-2, VOL-6); a volume with more members
 *       failed or rebuilding than {@link VolumeLayout#tolerance()} is {@link #failed()} and serves nothing;</li>
 *   <li>a replacement is rebuilt without changing any block (VOL-7), and counts as failed until it completes;</li>
 *   <li>an unreadable member sector (DISK-4, a latent sector error) changes no block while the volume has redundancy
 *       left for it: every read still returns the block's value (VOL-6); once members failed plus sectors lost
 *       exceed the tolerance, a read may fail instead, for at most {@link #lossBound()} distinct blocks, and must
 *       never return a wrong value (DISK-4: detect, do not return, bad data).</li>
 * </ul>
 *
 * @param layout     the members and how many may fail
 * @param blockBytes the size of every block
 * @param blocks     the volume's blocks, index = block number
 * @param members    each member's state, index = member number
 * @param sectorErrors per member, its sectors made unreadable while it was in the volume (the engine may have
 *                     repaired some: the model does not know which sector holds what, so it counts them all); a
 *                     member's count starts again at 0 when a rebuild rewrites it
 */
public record VolumeState(VolumeLayout layout, int blockBytes, List<Block> blocks, List<MemberState> members,
                          List<Integer> sectorErrors) {

    public VolumeState {
        blocks = List.copyOf(blocks);
        members = List.copyOf(members);
        sectorErrors = List.copyOf(sectorErrors);
        // Checked with ifs: the fields are reassigned above, so a lambda could not build the messages lazily.
        if (blockBytes <= 0 || blocks.isEmpty()) {
            throw new ModelException("blockBytes=" + blockBytes + " blocks=" + blocks.size());
        }
        if (sectorErrors.size() != members.size() || !allNonNegative(sectorErrors)) {
            throw new ModelException("sectorErrors=" + sectorErrors + " memberCount=" + members.size());
        }
        if (members.size() != layout.memberCount()) {
            throw new ModelException("members=" + members.size() + " memberCount=" + layout.memberCount());
        }
    }

    /** A freshly created volume: every block zero and durable, every member healthy. */
    public static VolumeState created(VolumeLayout layout, int blockCount, int blockBytes) {
        require(blockCount > 0 && blockBytes > 0, () -> "blockCount=" + blockCount + " blockBytes=" + blockBytes);
        Block zero = Block.durable(Bytes.of(new byte[blockBytes]));
        return new VolumeState(layout, blockBytes, Collections.nCopies(blockCount, zero),
                Collections.nCopies(layout.memberCount(), MemberState.HEALTHY),
                Collections.nCopies(layout.memberCount(), 0));
    }

    /** Members failed or rebuilding: those holding no data the volume can count on. */
    public int unavailableMembers() {
        int n = 0;
        for (MemberState m : members) {
            n += m == MemberState.HEALTHY ? 0 : 1;
        }
        return n;
    }

    private static boolean allNonNegative(List<Integer> counts) {
        for (int n : counts) {
            if (n < 0) {
                return false;
            }
        }
        return true;
    }

    /** True once more members are unavailable than the layout tolerates: the data is lost, nothing is served. */
    public boolean failed() {
        return unavailableMembers() > layout.tolerance();
    }

    /** Sector errors on the members in the volume: those on a failed or rebuilding member no longer matter. */
    public int liveSectorErrors() {
        int n = 0;
        for (int i = 0; i < members.size(); i++) {
            n += members.get(i) == MemberState.HEALTHY ? sectorErrors.get(i) : 0;
        }
        return n;
    }

    /**
     * True if some reads may fail for lack of redundancy: members unavailable plus live sector errors exceed the
     * tolerance (each sector error costs its row one unit of redundancy, and the model does not know which rows).
     */
    public boolean lossy() {
        return unavailableMembers() + liveSectorErrors() > layout.tolerance();
    }

    /** The most distinct blocks whose reads may fail (DISK-4): 0 unless {@link #lossy()}. */
    public int lossBound() {
        return lossy() ? liveSectorErrors() * layout.blocksPerSectorError() : 0;
    }

    public int blockCount() {
        return blocks.size();
    }

    // ---- actions ----

    /** Writes consecutive blocks; each is volatile until a flush unless {@code forceUnitAccess} (DISK-2). */
    public VolumeState write(long firstBlock, List<Bytes> values, boolean forceUnitAccess) {
        requireServing("write");
        require(!lossy(), "write after data loss: the model does not say which blocks a lost sector took");
        require(firstBlock >= 0 && firstBlock <= blocks.size() - values.size() && !values.isEmpty(), () ->
                "write out of volume: firstBlock=" + firstBlock + " blocks=" + values.size() + " blockCount="
                        + blocks.size());
        List<Block> next = new ArrayList<>(blocks);
        for (int i = 0; i < values.size(); i++) {
            Bytes value = values.get(i);
            require(value.length() == blockBytes, () -> "block size: lengthBytes=" + value.length() + " blockBytes="
                    + blockBytes);
            int index = (int) firstBlock + i;
            next.set(index, next.get(index).written(value, forceUnitAccess));
        }
        return new VolumeState(layout, blockBytes, next, members, sectorErrors);
    }

    /** A barrier: every block's current value becomes durable (DISK-2). */
    public VolumeState flush() {
        requireServing("flush");
        List<Block> next = blocks.stream().map(b -> Block.durable(b.current())).toList();
        return new VolumeState(layout, blockBytes, next, members, sectorErrors);
    }

    /** The block's value: the last one written, whatever members failed (VOL-2, VOL-6). */
    public Bytes read(long block) {
        requireServing("read");
        require(block >= 0 && block < blocks.size(), () -> "read out of volume: block=" + block);
        return blocks.get((int) block).current();
    }

    /** A member fails (DISK-4). Blocks do not change; the volume fails if it no longer tolerates its losses. */
    public VolumeState failMember(int member) {
        requireMember(member);
        require(members.get(member) != MemberState.FAILED, () -> "member already failed: member=" + member);
        return withMember(member, MemberState.FAILED);
    }

    /**
     * A sector of a member that is in the volume becomes unreadable (DISK-4, a latent sector error). No block changes;
     * while redundancy is left, the volume must go on returning every block (VOL-6).
     */
    public VolumeState loseSector(int member) {
        requireServing("loseSector");
        requireMember(member);
        require(members.get(member) == MemberState.HEALTHY, () -> "sector error on a member not in the volume: member="
                + member + " state=" + members.get(member));
        List<Integer> errors = new ArrayList<>(sectorErrors);
        errors.set(member, errors.get(member) + 1);
        return new VolumeState(layout, blockBytes, blocks, members, errors);
    }

    /** A replacement takes a failed member's place and starts rebuilding (VOL-7). */
    public VolumeState replaceMember(int member) {
        requireServing("replaceMember");
        require(!lossy(), "rebuild after data loss: the model does not say which blocks a lost sector took");
        requireMember(member);
        require(members.get(member) == MemberState.FAILED, () -> "member is not failed: member=" + member + " state="
                + members.get(member));
        return withMember(member, MemberState.REBUILDING);
    }

    /**
     * The rebuild of a replacement completes: the member is healthy again and no block changed; it was rewritten
     * whole, so its sector errors are gone.
     */
    public VolumeState completeRebuild(int member) {
        requireServing("completeRebuild");
        requireMember(member);
        require(members.get(member) == MemberState.REBUILDING, () -> "member is not rebuilding: member=" + member);
        List<Integer> errors = new ArrayList<>(sectorErrors);
        errors.set(member, 0);
        return new VolumeState(layout, blockBytes, blocks, members, errors).withMember(member, MemberState.HEALTHY);
    }

    /** Power loss: {@link CrashedVolume} lists what each block may hold afterwards. */
    public CrashedVolume crash() {
        return new CrashedVolume(this, List.of());
    }

    /**
     * A clean shutdown (the volume closed, every write flushed first): what the next assembly may return. Every block
     * holds its current value, and a degraded RAID-5 must start, since no stripe can be torn ({@link
     * CrashedVolume#clean()}).
     */
    public CrashedVolume shutDown() {
        return new CrashedVolume(flush(), List.of(), true);
    }

    /** A power loss while {@code inFlight} was under way: its writes may or may not have landed, block by block. */
    public CrashedVolume crashDuring(Operation inFlight) {
        return switch (inFlight) {
            case Operation.Write w -> write(w.firstBlock(), w.blocks(), false).crash();
            case Operation.Flush f -> crash();
            case Operation.Read r -> crash();
            case Operation.FailMember f -> failMember(f.member()).crash();
            case Operation.Rebuild r -> crash();
        };
    }

    private VolumeState withMember(int member, MemberState state) {
        List<MemberState> next = new ArrayList<>(members);
        next.set(member, state);
        return new VolumeState(layout, blockBytes, blocks, next, sectorErrors);
    }

    private void requireMember(int member) {
        require(member >= 0 && member < members.size(), () -> "no such member: member=" + member + " memberCount="
                + members.size());
    }

    private void requireServing(String action) {
        if (failed()) {
            throw new ModelException(action + " on a failed volume: unavailableMembers=" + unavailableMembers()
                    + " tolerance=" + layout.tolerance());
        }
    }
}
