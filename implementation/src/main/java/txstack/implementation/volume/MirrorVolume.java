package txstack.implementation.volume;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

import txstack.implementation.disk.BlockDevice;

/**
 * A mirrored volume (VOL-1, VOL-2): volume sector {@code s} is member data sector {@code s} on every member.
 *
 * <p>Writes go to every member in order, under the volume lock. Reads take no lock: each goes to the in-sync member
 * with the fewest reads outstanding, the lowest index on a tie, so a lightly loaded mirror reads mostly from member
 * 0 and a busy one spreads its reads (VOL-1). A member that fails a read or a write is dropped and the I/O goes on
 * with the others (VOL-2).
 *
 * <p>After an unclean shutdown the members may disagree on blocks written just before it; assembly copies every
 * dirty region from the lowest in-sync member to the others, so every later read, from any member, sees the same
 * value.
 */
public final class MirrorVolume extends Volume {
    private final AtomicIntegerArray outstanding;
    private final AtomicLongArray reads;

    MirrorVolume(MemberLabel label, BlockDevice[] members, VolumeOptions options, VolumeFault fault) {
        super(label, members, options, fault);
        this.outstanding = new AtomicIntegerArray(memberCount);
        this.reads = new AtomicLongArray(memberCount);
    }

    @Override
    public long sectorCount() {
        return memberDataSectors;
    }

    /** Reads served by member {@code index} so far (a measure of read balancing). */
    public long readsServed(int index) {
        return reads.get(index);
    }

    @Override
    void readSectors(long first, byte[] dst, int dstOffset, int lengthBytes) {
        long sectors = lengthBytes / sectorSizeBytes;
        for (int attempt = 0; attempt <= memberCount; attempt++) {
            checkUsable();
            int chosen = leastLoaded(first, sectors);
            if (chosen < 0) {
                break;
            }
            outstanding.incrementAndGet(chosen);
            try {
                if (readMember(chosen, first, dst, dstOffset, lengthBytes)) {
                    reads.incrementAndGet(chosen);
                    copyReadToOthers(chosen, first, dst, dstOffset, lengthBytes);
                    return;
                }
            } finally {
                outstanding.decrementAndGet(chosen);
            }
        }
        checkUsable();
        throw new VolumeFailedException("no in-sync mirror member: volumeId=" + LabelCodec.hex(volumeId())
                + " firstSector=" + first + " failedMask=0x" + Integer.toHexString(failedMask()));
    }

    /**
     * Under the broken variant that leaves the resync to reads: what was read goes to the other members too, durably
     * (force-unit-access), so what was once read stays consistent through any later crash.
     */
    private void copyReadToOthers(int source, long first, byte[] data, int offset, int lengthBytes) {
        if (!resyncLeftToReads() || failedMask() != 0) {
            return;
        }
        lock.lock();
        try {
            for (int i = 0; i < memberCount; i++) {
                if (i != source) {
                    writeMember(i, first, data, offset, lengthBytes, true);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private int leastLoaded(long first, long sectors) {
        int chosen = -1;
        for (int i = 0; i < memberCount; i++) {
            if (inSync(i, first, sectors) && (chosen < 0 || outstanding.get(i) < outstanding.get(chosen))) {
                chosen = i;
            }
        }
        return chosen;
    }

    @Override
    void writeSectors(long first, byte[] src, int srcOffset, int lengthBytes, boolean forceUnitAccess) {
        markDirty(first, lengthBytes / sectorSizeBytes);
        for (int i = 0; i < memberCount; i++) {
            // A rebuilding member gets every write: what lies past its cursor is copied again anyway.
            writeMember(i, first, src, srcOffset, lengthBytes, forceUnitAccess);
        }
        checkUsable();
    }

    /**
     * Copies the region from the lowest in-sync member to the others. A sector no member can read (DISK-4 beyond the
     * redundancy) is left as it is, unreadable on every member, and recorded: later reads of exactly that sector fail
     * with {@link UnreadableDataException}, the rest of the region is copied and the volume starts.
     */
    @Override
    void resyncRegion(long memberOffset, long sectors) {
        int source = -1;
        for (int i = 0; i < memberCount && source < 0; i++) {
            source = inSync(i, memberOffset, sectors) ? i : -1;
        }
        for (int target = source + 1; target < memberCount; target++) {
            if (inSync(target, memberOffset, sectors)) {
                try {
                    copy(source, target, memberOffset, sectors);
                } catch (UnreadableDataException e) {
                    if (fault == VolumeFault.RESYNC_GIVES_UP_AT_LOST_SECTOR) {
                        continue;
                    }
                    copySectorBySector(target, memberOffset, sectors);
                }
            }
        }
    }

    /**
     * The resync's copy when a sector of the range is lost on every member: one sector at a time, from the lowest
     * in-sync member other than {@code target}, leaving each lost sector as it is (unreadable everywhere) rather than
     * writing a guess over it.
     */
    private void copySectorBySector(int target, long memberOffset, long sectors) {
        byte[] sector = new byte[sectorSizeBytes];
        for (long s = memberOffset; s < memberOffset + sectors; s++) {
            try {
                // A member that fails the read is dropped (or the volume fails): at most memberCount attempts.
                boolean read = false;
                for (int attempt = 0; attempt < memberCount && !read; attempt++) {
                    if (lastCopyLeft(target, s, memberOffset + sectors - s)) {
                        return;
                    }
                    read = readMember(firstInSync(target, s, 1), s, sector, 0, sectorSizeBytes);
                }
                if (read) {
                    writeMember(target, s, sector, 0, sectorSizeBytes, false);
                }
            } catch (UnreadableDataException e) {
                sectorLostAtResync(s, e);
            }
        }
    }

    @Override
    void rebuildRange(int member, long memberOffset, long sectors) {
        for (int source = 0; source < memberCount; source++) {
            if (source != member && inSync(source, memberOffset, sectors)) {
                copy(source, member, memberOffset, sectors);
                return;
            }
        }
        checkUsable();
    }

    /** Any other in-sync member holds the same sector. */
    @Override
    boolean sectorFromRedundancy(int member, long memberSector, byte[] dst, int offset) {
        for (int i = 0; i < memberCount; i++) {
            if (i != member && readOneSector(i, memberSector, dst, offset)) {
                return true;
            }
        }
        return false;
    }

    private void copy(int source, int target, long memberOffset, long sectors) {
        // Sized to the range: a resync copies one dirty region at a time, often a few sectors.
        byte[] buffer = new byte[(int) Math.min(copyBufferSectors, sectors) * sectorSizeBytes];
        for (long done = 0; done < sectors; done += copyBufferSectors) {
            int lengthBytes = (int) Math.min(copyBufferSectors, sectors - done) * sectorSizeBytes;
            if (!readMember(source, memberOffset + done, buffer, 0, lengthBytes)) {
                if (fault == VolumeFault.REBUILD_SOURCE_LOSS_IGNORED) {
                    continue;
                }
                if (fault == VolumeFault.RESYNC_SOURCE_LOSS_FAILS_VOLUME && resyncing()) {
                    throw new VolumeFailedException("resync source lost: volumeId=" + LabelCodec.hex(volumeId())
                            + " member=" + source + " memberOffset=" + (memberOffset + done));
                }
                if (lastCopyLeft(target, memberOffset + done, sectors - done)) {
                    return;
                }
                copy(firstInSync(target, memberOffset, sectors), target, memberOffset + done, sectors - done);
                return;
            }
            writeMember(target, memberOffset + done, buffer, 0, lengthBytes, false);
        }
    }

    /**
     * True if {@code target} is in sync over the range and no other member is: the copy's sources are all gone, and
     * what the target holds is the last copy of the range. In a resync that is one of the contents a crash may leave
     * (each sector old or new, VOL-2), so the copy stops there and the volume goes on with it; a rebuilding target
     * is never in sync over what it has yet to copy, so a rebuild that loses its sources still fails.
     */
    private boolean lastCopyLeft(int target, long memberOffset, long sectors) {
        if (!inSync(target, memberOffset, sectors)) {
            return false;
        }
        for (int i = 0; i < memberCount; i++) {
            if (i != target && inSync(i, memberOffset, sectors)) {
                return false;
            }
        }
        return true;
    }

    private int firstInSync(int except, long memberOffset, long sectors) {
        for (int i = 0; i < memberCount; i++) {
            if (i != except && inSync(i, memberOffset, sectors)) {
                return i;
            }
        }
        checkUsable();
        throw new VolumeFailedException("no in-sync mirror member to copy from: volumeId="
                + LabelCodec.hex(volumeId()) + " memberOffset=" + memberOffset);
    }
}
