package txstack.conformance.volume;

import txstack.conformance.rig.RigDisk;
import txstack.spi.volume.VolumeService;

/** One step of a volume workload. Immutable; {@code toString} is what traces and reports show. */
public sealed interface VolumeStep {

    /**
     * Writes {@code blockCount} blocks from {@code firstBlock}; block contents derive from {@code tag}. The engine gets
     * them at {@code bufferOffset} of a larger array ({@link PlacedBuffer}), of which it must change nothing.
     */
    record Write(long firstBlock, int blockCount, boolean forceUnitAccess, int tag, int bufferOffset)
            implements VolumeStep {
        /** A write from the start of an array. */
        public Write(long firstBlock, int blockCount, boolean forceUnitAccess, int tag) {
            this(firstBlock, blockCount, forceUnitAccess, tag, 0);
        }

        @Override
        public String toString() {
            return "write blocks " + firstBlock + ".." + (firstBlock + blockCount - 1) + (forceUnitAccess ? " fua"
                    : "") + " tag=" + Integer.toHexString(tag) + (bufferOffset > 0 ? " from byte " + bufferOffset
                    + " of its array" : "");
        }
    }

    record Flush() implements VolumeStep {
        @Override
        public String toString() {
            return "flush";
        }
    }

    /**
     * Reads {@code blockCount} blocks from {@code firstBlock} into a larger array at {@code bufferOffset}; the bytes
     * around them must stay as they were ({@link PlacedBuffer}).
     */
    record Read(long firstBlock, int blockCount, int bufferOffset) implements VolumeStep {
        /** A read to the start of an array. */
        public Read(long firstBlock, int blockCount) {
            this(firstBlock, blockCount, 0);
        }

        @Override
        public String toString() {
            return "read blocks " + firstBlock + ".." + (firstBlock + blockCount - 1) + (bufferOffset > 0
                    ? " into byte " + bufferOffset + " of its array" : "");
        }
    }

    /** A member fails (DISK-4); its device never answers again (unless it comes back as a stale replacement). */
    record FailMember(int member) implements VolumeStep {
        @Override
        public String toString() {
            return "fail member " + member;
        }
    }

    /**
     * Member {@code member}'s disk dies and the volume is not told (DISK-4): it stops answering, and the engine learns
     * of it from its own I/O. A read of every block, a write of {@code blockCount} blocks from {@code firstBlock} (a
     * whole stripe, so every member takes part) and a flush follow at once; or, with {@code writeFirst}, a write of
     * one block first (a RAID-5 may need the dead member's sectors for that block's parity, a mirror writes to it),
     * then the read of every block and the flush. While the layout tolerates the loss all must succeed (the reads
     * with the blocks the model holds), and the engine must count the member failed from then on, as if {@link
     * VolumeService#failMember} had been called (VOL-2 for a mirror, VOL-6 for RAID-5).
     */
    record MemberDies(int member, long firstBlock, int blockCount, int tag, boolean writeFirst) implements VolumeStep {
        @Override
        public String toString() {
            String write = "write blocks " + firstBlock + ".." + (firstBlock + blockCount - 1) + " tag="
                    + Integer.toHexString(tag);
            return "member " + member + "'s disk dies unannounced; " + (writeFirst ? write + ", read all"
                    : "read all, " + write) + ", flush";
        }
    }

    /**
     * Member {@code member} fails (DISK-4, announced as {@link FailMember}) when the volume has already lost as many
     * members as its layout tolerates: the volume is lost. {@code failMember} may return or throw {@link
     * txstack.spi.volume.VolumeFailedException}; from then on a read, a write and a flush must each be refused with
     * {@link txstack.spi.volume.VolumeFailedException}, never served from what is left (no data, no acknowledged write
     * the volume cannot keep), and {@link VolumeService#failedMembers()} must count every member lost. The workload
     * ends here: a lost volume serves nothing, and a crash inside the failure must leave an assembly that refuses.
     */
    record LoseVolume(int member) implements VolumeStep {
        @Override
        public String toString() {
            return "member " + member + " fails, one more than the layout tolerates: the volume is lost";
        }
    }

    /**
     * Failed member {@code member} is replaced by a blank disk and rebuilt (VOL-7) when the volume has already lost as
     * many members as its layout tolerates, and the disk of the first member in the volume the rebuild reads dies at
     * that read: the classic second failure during a rebuild, which loses the volume. {@code replaceMember} may return
     * or throw {@link txstack.spi.volume.VolumeFailedException}; from then on a read, a write and a flush must each be
     * refused with it, and {@link VolumeService#failedMembers()} must count every member lost, the one being rebuilt
     * among them. The workload ends here; a crash inside the rebuild leaves the partly rebuilt replacement among the
     * disks, and an assembly of them must refuse. (An engine that reads no member during the rebuild loses none: the
     * rebuild must then complete.)
     */
    record LoseVolumeInRebuild(int member) implements VolumeStep {
        @Override
        public String toString() {
            return "rebuild member " + member + " onto a blank disk with no redundancy left, the first member it reads "
                    + "dying at that read: the volume is lost";
        }
    }

    /**
     * A failed member is replaced and rebuilt (VOL-7): by a blank disk, or by its own old (stale) disk. With {@code
     * survivorDies}, where the layout tolerates one more loss, the disk of the first member in the volume the rebuild
     * reads dies at that read: the engine must go on from the others, and finish the rebuild. With a {@code
     * replacementDeath}, the replacement's disk dies during the rebuild, at the write or flush to it that names (its
     * first write or flush, its first flush, or its first write after a flush): {@code replaceMember} must fail, the
     * member stay failed and every block read as before; then a second, blank replacement is rebuilt. Null: the
     * replacement survives.
     */
    record Rebuild(int member, boolean staleDisk, boolean survivorDies, RigDisk.WriteDeath replacementDeath)
            implements VolumeStep {
        /** A rebuild during which every other member survives. */
        Rebuild(int member, boolean staleDisk) {
            this(member, staleDisk, false, null);
        }

        /** A rebuild whose replacement survives. */
        Rebuild(int member, boolean staleDisk, boolean survivorDies) {
            this(member, staleDisk, survivorDies, null);
        }

        /** True if the replacement's disk dies during the rebuild ({@link #replacementDeath}). */
        boolean replacementDies() {
            return replacementDeath != null;
        }

        @Override
        public String toString() {
            return "rebuild member " + member + (staleDisk ? " onto its old, stale disk" : " onto a blank disk")
                    + (survivorDies ? ", the first member it reads dying at that read (where the layout tolerates it)"
                    : "") + (replacementDies() ? ", the replacement's disk dying at " + replacementDeath.text()
                    + " (then a second, blank replacement)" : "");
        }
    }

    /**
     * A sector of a member in the volume stops reading (DISK-4, a latent sector error) until it is written again.
     * {@code memberSector} is a sector of the member device (the label's, data, or unused: the suite does not know the
     * engine's layout).
     */
    record LoseSector(int member, long memberSector) implements VolumeStep {
        @Override
        public String toString() {
            return "sector " + memberSector + " of member " + member + " becomes unreadable";
        }
    }

    /**
     * The power fails on every member and the volume is assembled again; the workload goes on in the new session
     * (life after assembly). The image the power loss leaves is drawn from {@code image}. With {@code missingMember >=
     * 0} that member's disk is missing at this assembly (the volume starts without it); its disk stays at hand and
     * comes back, stale, at every later assembly, where it must be left out until a rebuild resyncs it (VOL-7). Right
     * after the assembly the suite scrubs the members at rest: each member in turn is left out of a new assembly of
     * the disks as the assembly left them, and every block must read as the assembled volume returned it (VOL-8).
     */
    record PowerCycle(int missingMember, int image) implements VolumeStep {
        @Override
        public String toString() {
            return "power cycle" + (missingMember >= 0 ? ", member " + missingMember + " missing at assembly" : "")
                    + " image=" + Integer.toHexString(image);
        }
    }

    /**
     * The volume is shut down cleanly ({@link VolumeService#close}) and assembled again at once from the same disks,
     * with no power loss (the devices keep their caches). With {@code missingMember >= 0} that member's disk is left
     * out of the assembly, and comes back, stale, at the later ones until a rebuild resyncs it (VOL-7); the disks of
     * members that failed come back, stale, too. A power loss inside the close may leave what one inside a flush
     * leaves; once the close returned, every write must be durable and the assembly must start, even a RAID-5 without
     * a member: a clean volume has no torn stripe to fear (VOL-8). The members are scrubbed at rest after it.
     */
    record Close(int missingMember) implements VolumeStep {
        @Override
        public String toString() {
            return "close cleanly, assemble again" + (missingMember >= 0 ? " without member " + missingMember : "");
        }
    }
}
