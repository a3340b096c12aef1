package txstack.implementation.volume;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.DeviceClosedException;
import txstack.implementation.disk.DiskException;
import txstack.implementation.disk.UnreadableSectorException;

/**
 * A volume: a {@link BlockDevice} over member block devices, so every layer above runs on it unchanged. Created by
 * {@link Volumes#create} and assembled again after a restart by {@link Volumes#assemble}.
 *
 * <p>This class holds what every layout shares: the members (a failed one is dropped, {@code null}), the label
 * every member carries ({@link LabelCodec}) with its generation and failed-member mask, the dirty-region bitmap
 * behind the resync after an unclean shutdown, and the online rebuild of a replacement (VOL-7). Subclasses map
 * volume sectors to member sectors. Member sectors 0 and 1 hold two copies of the label; data starts at member
 * sector 2.
 *
 * <p>Thread-safe: writes, flushes, rebuild steps and membership changes hold one lock; a subclass may serve reads
 * without it (the mirror does, to balance them by outstanding I/O).
 */
public abstract sealed class Volume implements BlockDevice permits StripedVolume, MirrorVolume, Raid5Volume {
    /** The first of the label's two copies: member sectors 0 and 1, so one unreadable sector never hides it. */
    static final long LABEL_SECTOR = 0;
    static final int LABEL_COPIES = 2;
    static final long DATA_START_SECTOR = LABEL_SECTOR + LABEL_COPIES;
    /** Lost sectors named one by one in {@link #assemblyNotes()}; the rest are counted. */
    private static final int LOST_SECTOR_NOTES_MAX = 16;

    final ReentrantLock lock = new ReentrantLock();
    final VolumeFault fault;
    final int sectorSizeBytes;
    final int memberCount;
    final int unitSectors;
    final long memberDataSectors;
    /** Member sectors a rebuild step copies while holding the lock: {@link VolumeOptions#rebuildStepUnits()} units. */
    private final long rebuildStepSectors;
    /** Sectors a copy between members moves at once ({@link VolumeOptions#copyBufferSectors()}). */
    final int copyBufferSectors;
    private final MemberLabel geometry;
    private final byte[] dirtyBitmap;
    /** Index = member; {@code null}: failed. Replaced, never modified, so readers may use a snapshot. */
    private volatile BlockDevice[] members;
    private long generation;
    private int failedMask;
    /** Members missing when this volume was assembled (not failed in the newest label); for a broken variant. */
    private int absentMask;
    private int rebuildMember = -1;
    /** Member data sectors below which the rebuilding member is in sync. */
    private volatile long rebuildCursorSectors;
    private volatile boolean failed;
    private volatile boolean closed;
    /** True while assembly resynchronises dirty regions: a RAID-5's parity there may be torn. */
    private boolean resyncing;
    /** Unreadable member sectors rebuilt from redundancy and rewritten so far. */
    private long sectorsRepaired;
    /** Member data sectors the resync found unreadable on every member and left so (a mirror; DISK-4). */
    private final TreeSet<Long> lostAtResync = new TreeSet<>();
    /** What assembly left out, and why; set once by {@link Volumes#assemble}. */
    List<String> assemblyNotes = List.of();
    /** The last write not yet issued, its caller's array kept ({@link VolumeFault#WRITE_ARRAY_KEPT} only). */
    private KeptWrite keptWrite;

    Volume(MemberLabel label, BlockDevice[] members, VolumeOptions options, VolumeFault fault) {
        this.geometry = label;
        this.fault = fault;
        this.sectorSizeBytes = label.sectorSizeBytes();
        this.memberCount = label.memberCount();
        this.unitSectors = label.stripeUnitSectors();
        this.memberDataSectors = label.memberDataSectors();
        this.rebuildStepSectors = (long) unitSectors * options.rebuildStepUnits();
        this.copyBufferSectors = options.copyBufferSectors();
        this.dirtyBitmap = new byte[LabelCodec.bitmapBytes(label.regionCount())];
        this.members = members.clone();
        this.generation = label.generation();
        int mask = label.failedMask();
        for (int i = 0; i < members.length; i++) {
            if (members[i] == null) {
                mask |= 1 << i;
            }
        }
        this.failedMask = mask;
        this.absentMask = mask & ~label.failedMask();
    }

    // ---- what a subclass implements ----

    /** Reads whole sectors from volume sector {@code first} into {@code dst[dstOffset, dstOffset + lengthBytes)}. */
    abstract void readSectors(long first, byte[] dst, int dstOffset, int lengthBytes);

    /**
     * Writes whole sectors at volume sector {@code first} from {@code src[srcOffset, srcOffset + lengthBytes)}; the
     * lock is held. The bytes may be read more than once (each mirror member; the parity, then the data).
     */
    abstract void writeSectors(long first, byte[] src, int srcOffset, int lengthBytes, boolean forceUnitAccess);

    /** Makes the members agree again over one dirty region (after an unclean shutdown); the lock is held. */
    abstract void resyncRegion(long memberOffset, long sectors);

    /** Writes the content member {@code member} must hold at {@code [memberOffset, +sectors)}; the lock is held. */
    abstract void rebuildRange(int member, long memberOffset, long sectors);

    /**
     * Puts into {@code dst} what member {@code member} holds at member data sector {@code memberSector}, computed from
     * the other members (VOL-6) with single-sector reads that do not repair; false if they cannot tell (no redundancy
     * left, or another of the sectors needed is unreadable too). The lock is held.
     */
    abstract boolean sectorFromRedundancy(int member, long memberSector, byte[] dst, int offset);

    // ---- BlockDevice ----

    @Override
    public int sectorSizeBytes() {
        return sectorSizeBytes;
    }

    @Override
    public void read(long firstSector, ByteBuffer dst) {
        checkUsable();
        checkTransfer(firstSector, dst);
        issueKeptWrite();
        if (dst.hasArray()) { // straight into the caller's array: no copy
            readSectors(firstSector, dst.array(), arrayIndex(dst), dst.remaining());
            dst.position(dst.limit());
        } else {
            byte[] bytes = new byte[dst.remaining()];
            readSectors(firstSector, bytes, 0, bytes.length);
            dst.put(bytes);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>A heap buffer is written from its array in place, with no copy: it must not change until this returns (as
     * a buffer under a device's DMA must not). A volume reads it more than once: once per mirror member; for RAID-5
     * once for the parity and once for the data, which would disagree if it changed in between.
     */
    @Override
    public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
        lock.lock();
        try {
            checkUsable();
            checkTransfer(firstSector, src);
            issueKeptWrite();
            if (fault == VolumeFault.WRITE_ARRAY_KEPT && src.hasArray() && !forceUnitAccess) {
                keptWrite = new KeptWrite(firstSector, src.array(), arrayIndex(src), src.remaining());
                src.position(src.limit());
            } else if (src.hasArray()) {
                writeSectors(firstSector, src.array(), arrayIndex(src), src.remaining(), forceUnitAccess);
                src.position(src.limit());
            } else {
                byte[] bytes = new byte[src.remaining()];
                src.get(bytes);
                writeSectors(firstSector, bytes, 0, bytes.length, forceUnitAccess);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A write the volume took but has not issued yet: the caller's array, by reference. For a broken variant. */
    private record KeptWrite(long firstSector, byte[] array, int offset, int lengthBytes) {
    }

    /** Issues the write {@link VolumeFault#WRITE_ARRAY_KEPT} kept, from its array as it is now; else nothing. */
    private void issueKeptWrite() {
        if (fault != VolumeFault.WRITE_ARRAY_KEPT) {
            return;
        }
        lock.lock();
        try {
            KeptWrite kept = keptWrite;
            keptWrite = null;
            if (kept != null && !failed) {
                writeSectors(kept.firstSector(), kept.array(), kept.offset(), kept.lengthBytes(), false);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Where a heap buffer's remaining bytes start in its array. */
    private int arrayIndex(ByteBuffer buffer) {
        return fault == VolumeFault.BUFFER_POSITION_IGNORED ? 0 : buffer.arrayOffset() + buffer.position();
    }

    @Override
    public void flush() {
        lock.lock();
        try {
            checkUsable();
            issueKeptWrite();
            flushMembers();
        } finally {
            lock.unlock();
        }
    }

    /** Flushes the members and marks the labels clean; a failed volume only releases its members. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (!failed) {
                issueKeptWrite();
                boolean cleanFirst = fault == VolumeFault.CLEAN_BEFORE_DURABLE;
                if (cleanFirst) {
                    Arrays.fill(dirtyBitmap, (byte) 0);
                    writeLabels(false);
                }
                flushMembers();
                if (!cleanFirst) {
                    Arrays.fill(dirtyBitmap, (byte) 0);
                    writeLabels(false);
                }
            }
            closed = true;
            for (BlockDevice member : members) {
                if (member != null) {
                    member.close();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- state, for tests and the conformance adapter ----

    public Layout layout() {
        return geometry.layout();
    }

    public long volumeId() {
        return geometry.volumeId();
    }

    public int memberCount() {
        return memberCount;
    }

    /** The label generation in memory: bumped by every assembly and membership change. */
    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Bit {@code i}: member {@code i} is failed or still rebuilding. */
    public int failedMask() {
        lock.lock();
        try {
            return failedMask;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The devices a degraded assembly left out, one line each with the reason (an unreadable or missing label, a
     * stale member), then the sectors the resync after a crash found lost (unreadable on every member, so reads of
     * them fail with {@link UnreadableDataException} until they are written again); empty for a created volume or a
     * complete assembly that lost nothing.
     */
    public List<String> assemblyNotes() {
        return assemblyNotes;
    }

    /** Unreadable member sectors (DISK-4) computed from the other members and rewritten so far (VOL-6). */
    public long sectorsRepaired() {
        lock.lock();
        try {
            return sectorsRepaired;
        } finally {
            lock.unlock();
        }
    }

    /** True once more members are lost than the layout tolerates. */
    public boolean isFailed() {
        return failed;
    }

    /**
     * Takes member {@code index} out of the volume, as if it had failed (an administrator pulling a disk): the
     * survivors' labels record it, and it rejoins only through {@link #replaceMember}.
     */
    public void removeMember(int index) {
        lock.lock();
        try {
            checkUsable();
            issueKeptWrite();
            if (index < 0 || index >= memberCount || members[index] == null) {
                throw new IllegalArgumentException("no such member in the volume: member=" + index + " failedMask=0x"
                        + Integer.toHexString(failedMask));
            }
            memberFailed(index, "remove", null);
        } finally {
            lock.unlock();
        }
    }

    // ---- members ----

    final BlockDevice member(int index) {
        return members[index];
    }

    /** True if {@code index} holds valid data over {@code [memberOffset, +sectors)}. */
    final boolean inSync(int index, long memberOffset, long sectors) {
        BlockDevice device = members[index];
        if (device == null) {
            return false;
        }
        return index != rebuildMember || memberOffset + sectors <= rebuildCursorSectors;
    }

    /**
     * Reads member data sectors; false (the member now dropped) if the member failed. An unreadable sector (DISK-4)
     * does not drop the member: the range is read again sector by sector, and each sector that does not read is
     * computed from the other members and written back, which lets the drive remap it ({@link #repairSector}).
     *
     * @throws UnreadableDataException if a sector is unreadable and the volume has no redundancy left for it
     */
    final boolean readMember(int index, long memberOffset, byte[] dst, int offset, int lengthBytes) {
        BlockDevice device = members[index];
        if (device == null) {
            return false;
        }
        try {
            device.read(DATA_START_SECTOR + memberOffset, ByteBuffer.wrap(dst, offset, lengthBytes));
            return true;
        } catch (UnreadableSectorException e) {
            return readAroundUnreadable(index, memberOffset, dst, offset, lengthBytes, e);
        } catch (DiskException e) {
            if (fault == VolumeFault.MEMBER_ERROR_PASSED_ON) {
                throw e;
            }
            memberFailed(index, "read", e);
            return false;
        }
    }

    private boolean readAroundUnreadable(int index, long memberOffset, byte[] dst, int offset, int lengthBytes,
                                         UnreadableSectorException first) {
        if (fault == VolumeFault.DROP_MEMBER_ON_SECTOR_ERROR) {
            memberFailed(index, "read", first);
            return false;
        }
        for (int i = 0; i < lengthBytes / sectorSizeBytes; i++) {
            BlockDevice device = members[index];
            if (device == null) {
                return false;
            }
            int at = offset + i * sectorSizeBytes;
            try {
                device.read(DATA_START_SECTOR + memberOffset + i, ByteBuffer.wrap(dst, at, sectorSizeBytes));
            } catch (UnreadableSectorException e) {
                if (!repairSector(index, memberOffset + i, dst, at, e)) {
                    return false;
                }
            } catch (DiskException e) {
                memberFailed(index, "read", e);
                return false;
            }
        }
        return true;
    }

    /**
     * One unreadable member sector: computes it from the other members under the lock (so no write slips in between)
     * and rewrites it. False if the member failed on the rewrite (it is dropped then, and {@code dst} holds the
     * right data all the same).
     *
     * @throws UnreadableDataException if the other members cannot tell what it held (VOL-6 with no redundancy left)
     * @throws VolumeFailedException   during the resync after a crash, for a RAID-5: the stripe may be torn, so its
     *                                 parity cannot be trusted; the volume fails to start, as a dirty degraded one does
     */
    private boolean repairSector(int index, long memberSector, byte[] dst, int at, UnreadableSectorException cause) {
        lock.lock();
        try {
            if (resyncing && layout() == Layout.RAID5) {
                failed = true;
                throw new VolumeFailedException("dirty RAID-5 with an unreadable sector: volumeId="
                        + LabelCodec.hex(volumeId()) + " member=" + index + " memberSector=" + memberSector + " (an "
                        + "unclean shutdown may have torn the stripe, so its parity cannot rebuild the sector)", cause);
            }
            if (!sectorFromRedundancy(index, memberSector, dst, at)) {
                throw new UnreadableDataException("data lost: volumeId=" + LabelCodec.hex(volumeId()) + " member="
                        + index + " memberSector=" + memberSector + " failedMask=0x" + Integer.toHexString(failedMask)
                        + " (the sector is unreadable and no redundancy is left for it)", cause);
            }
            sectorsRepaired++;
            return writeMember(index, memberSector, dst, at, sectorSizeBytes, false);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One member data sector read directly, for {@link #sectorFromRedundancy}: false if it is unreadable, out of sync
     * or its member failed (dropped then), never a repair.
     */
    final boolean readOneSector(int index, long memberSector, byte[] dst, int offset) {
        BlockDevice device = members[index];
        if (device == null || !inSync(index, memberSector, 1)) {
            return false;
        }
        try {
            device.read(DATA_START_SECTOR + memberSector, ByteBuffer.wrap(dst, offset, sectorSizeBytes));
            return true;
        } catch (UnreadableSectorException e) {
            return false;
        } catch (DiskException e) {
            memberFailed(index, "read", e);
            return false;
        }
    }

    /** Writes member data sectors; false (the member now dropped) if it failed. */
    final boolean writeMember(int index, long memberOffset, byte[] src, int offset, int lengthBytes,
                              boolean forceUnitAccess) {
        BlockDevice device = members[index];
        if (device == null) {
            return false;
        }
        try {
            device.write(DATA_START_SECTOR + memberOffset, ByteBuffer.wrap(src, offset, lengthBytes),
                    forceUnitAccess);
            return true;
        } catch (DiskException e) {
            if (fault == VolumeFault.MEMBER_ERROR_PASSED_ON) {
                throw e;
            }
            memberFailed(index, "write", e);
            return false;
        }
    }

    /**
     * Drops a member that failed (DISK-4) and records it in the survivors' labels, so it can never rejoin as if
     * current (VOL-2, VOL-6). Throws {@link VolumeFailedException} if that is more than the layout tolerates.
     */
    final void memberFailed(int index, String operation, DiskException cause) {
        lock.lock();
        try {
            BlockDevice[] next = members.clone();
            if (next[index] == null) {
                return;
            }
            next[index] = null;
            members = next;
            failedMask |= 1 << index;
            if (index == rebuildMember) {
                rebuildMember = -1;
            }
            int tolerance = layout().tolerance(memberCount);
            int counted = fault == VolumeFault.REBUILD_COUNTS_REPLACEMENT && rebuildMember >= 0
                    ? failedMask & ~(1 << rebuildMember) : failedMask;
            if (Integer.bitCount(counted) > tolerance && fault != VolumeFault.LOST_VOLUME_SERVES) {
                failed = true;
                throw new VolumeFailedException("volume failed: volumeId=" + LabelCodec.hex(volumeId()) + " layout="
                        + layout() + " failedMask=0x" + Integer.toHexString(failedMask) + " tolerance=" + tolerance
                        + " lastFailed=" + index + " operation=" + operation, cause);
            }
            generation++;
            writeLabels(true);
        } finally {
            lock.unlock();
        }
    }

    final void flushMembers() {
        BlockDevice[] snapshot = members;
        for (int i = 0; i < snapshot.length; i++) {
            if (snapshot[i] != null) {
                try {
                    snapshot[i].flush();
                } catch (DiskException e) {
                    if (fault == VolumeFault.MEMBER_ERROR_PASSED_ON) {
                        throw e;
                    }
                    memberFailed(i, "flush", e);
                }
            }
        }
    }

    /** Writes the label, force-unit-access, to every member in the volume (not to one still rebuilding). */
    final void writeLabels(boolean open) {
        BlockDevice[] snapshot = members;
        for (int i = 0; i < snapshot.length; i++) {
            if (snapshot[i] != null && (failedMask & (1 << i)) == 0) {
                try {
                    snapshot[i].write(LABEL_SECTOR, labelCopies(label(i, open)), true);
                } catch (DiskException e) {
                    memberFailed(i, "writeLabel", e);
                    return; // memberFailed rewrote the labels of the rest
                }
            }
        }
    }

    /**
     * Both copies of a label, for one write: the write may tear between them (DISK-3), which leaves each copy old or
     * new and valid on its own, and assembly takes the newer ({@link Volumes#readLabel}).
     */
    static ByteBuffer labelCopies(MemberLabel label) {
        ByteBuffer one = LabelCodec.encode(label);
        ByteBuffer both = ByteBuffer.allocate(one.remaining() * LABEL_COPIES);
        for (int i = 0; i < LABEL_COPIES; i++) {
            both.put(one.duplicate());
        }
        return both.flip();
    }

    final MemberLabel label(int index, boolean open) {
        int recorded = fault == VolumeFault.ABSENT_MEMBER_NOT_RECORDED ? failedMask & ~absentMask : failedMask;
        return new MemberLabel(sectorSizeBytes, geometry.volumeId(), geometry.layout(), memberCount, index,
                unitSectors, memberDataSectors, generation, recorded, open, geometry.regionSectors(),
                geometry.regionCount(), dirtyBitmap.clone());
    }

    // ---- the dirty-region bitmap (VOL-8, and the mirror resync) ----

    /** True if this layout keeps a dirty-region bitmap under this fault. */
    private boolean tracksDirtyRegions() {
        return switch (layout()) {
            case SIMPLE, STRIPED -> false;
            case MIRROR -> fault != VolumeFault.MIRROR_RESYNC_SKIPPED;
            case RAID5 -> fault != VolumeFault.NO_WRITE_HOLE_PROTECTION;
        };
    }

    /**
     * Makes the regions over {@code [memberOffset, +sectors)} dirty in every label, durably, before the caller writes
     * there: after a crash, assembly resynchronises exactly the regions a write may have left inconsistent.
     */
    final void markDirty(long memberOffset, long sectors) {
        if (!tracksDirtyRegions()) {
            return;
        }
        boolean changed = false;
        long regionSectors = geometry.regionSectors();
        for (long r = memberOffset / regionSectors; r <= (memberOffset + sectors - 1) / regionSectors; r++) {
            int bit = 1 << (r & 7);
            if ((dirtyBitmap[(int) (r >>> 3)] & bit) == 0) {
                dirtyBitmap[(int) (r >>> 3)] |= (byte) bit;
                changed = true;
            }
        }
        if (changed) {
            writeLabels(true);
        }
    }

    /**
     * Assembly's last step: resynchronises the regions {@code dirty} names (an unclean shutdown), then starts a new
     * generation with a clean bitmap. A RAID-5 that is dirty and degraded cannot tell which stripes a write tore, so
     * it refuses to start rather than reconstruct garbage.
     *
     * @return a note for each sector the resync found lost ({@link #sectorLostAtResync}), for {@link
     *         #assemblyNotes()}
     */
    final List<String> recover(MemberLabel dirty) {
        lock.lock();
        try {
            boolean anyDirty = false;
            for (int r = 0; r < dirty.regionCount() && tracksDirtyRegions(); r++) {
                anyDirty |= dirty.dirty(r);
            }
            if (anyDirty && layout() == Layout.RAID5 && failedMask != 0) {
                failed = true;
                throw new VolumeFailedException("dirty degraded RAID-5: volumeId=" + LabelCodec.hex(volumeId())
                        + " failedMask=0x" + Integer.toHexString(failedMask) + " (an unclean shutdown then a member"
                        + " loss: torn stripes cannot be reconstructed)");
            }
            long regionSectors = dirty.regionSectors();
            resyncing = true;
            try {
                for (int r = 0; r < dirty.regionCount() && anyDirty && !resyncLeftToReads(); r++) {
                    if (dirty.dirty(r)) {
                        long offset = r * regionSectors;
                        long sectors = Math.min(regionSectors, memberDataSectors - offset);
                        resyncRegion(offset, fault == VolumeFault.RESYNC_FIRST_UNIT_OF_REGION
                                ? Math.min(unitSectors, sectors) : sectors);
                    }
                }
            } finally {
                resyncing = false;
            }
            flushMembers();
            generation++;
            writeLabels(true);
            return lostSectorNotes();
        } finally {
            lock.unlock();
        }
    }

    /** True while the assembly's resync runs ({@link #recover}). The lock is held. */
    final boolean resyncing() {
        return resyncing;
    }

    /** True under the broken variant that leaves the resync to reads ({@link VolumeFault#RESYNC_LEFT_TO_READS}). */
    final boolean resyncLeftToReads() {
        return fault == VolumeFault.RESYNC_LEFT_TO_READS;
    }

    /**
     * The resync met member data sector {@code memberSector} unreadable with no redundancy left for it (DISK-4): it
     * stays unreadable, reads of it fail, and the resync goes on with the rest, so one lost sector never takes the
     * volume down. The lock is held.
     */
    final void sectorLostAtResync(long memberSector, UnreadableDataException cause) {
        if (!resyncing) {
            throw cause;
        }
        lostAtResync.add(memberSector);
    }

    private List<String> lostSectorNotes() {
        List<String> notes = new ArrayList<>();
        for (long sector : lostAtResync) {
            if (notes.size() == LOST_SECTOR_NOTES_MAX) {
                notes.add("data lost at resync: " + (lostAtResync.size() - LOST_SECTOR_NOTES_MAX) + " more sectors");
                break;
            }
            notes.add("data lost at resync: volumeId=" + LabelCodec.hex(volumeId()) + " memberSector=" + sector
                    + " (unreadable on every member; reads of it fail until it is written again)");
        }
        return notes;
    }

    // ---- rebuild (VOL-7) ----

    /**
     * Puts {@code device} in failed member {@code index}'s place and rebuilds it online: step by step under the lock,
     * so reads and writes go on between steps; writes below the rebuild cursor reach the replacement too. The
     * replacement gets its label, and counts, only when it is complete; a crash before leaves it failed.
     *
     * @throws RebuildFailedException if the replacement fails under the rebuild, or a survivor's sector it needs does
     *                                not read and nothing else holds it: the member stays failed, the volume goes on
     *                                as before, and a later call with another replacement starts over
     */
    public void replaceMember(int index, BlockDevice device) {
        lock.lock();
        try {
            checkUsable();
            issueKeptWrite();
            if (fault != VolumeFault.REPLACEMENT_NOT_CHECKED) {
                checkReplacement(index, device);
            }
            if (fault == VolumeFault.REBUILD_TRUSTS_STALE_MEMBER && carriesOurLabel(index, device)) {
                installRebuilt(index, device);
                return;
            }
            BlockDevice[] next = members.clone();
            next[index] = device;
            rebuildCursorSectors = 0;
            rebuildMember = index;
            members = next;
        } finally {
            lock.unlock();
        }
        for (long offset = 0; offset < memberDataSectors; offset += rebuildStepSectors) {
            lock.lock();
            try {
                checkUsable();
                if (rebuildMember != index) {
                    replacementLost(new RebuildFailedException("rebuild aborted: volumeId=" + LabelCodec.hex(volumeId())
                            + " member=" + index + " cursorSectors=" + offset + " (the replacement failed)", null),
                            false);
                    return;
                }
                long sectors = Math.min(rebuildStepSectors, memberDataSectors - offset);
                try {
                    rebuildRange(index, fault == VolumeFault.REBUILD_STEPS_FROM_START ? 0 : offset, sectors);
                } catch (UnreadableDataException e) {
                    abandonRebuild(index);
                    throw new RebuildFailedException("rebuild aborted: volumeId=" + LabelCodec.hex(volumeId())
                            + " member=" + index + " cursorSectors=" + offset + " (a survivor's sector is unreadable "
                            + "and nothing else holds it: the replacement stays out of the volume)", e);
                }
                rebuildCursorSectors = offset + sectors;
            } finally {
                lock.unlock();
            }
        }
        lock.lock();
        try {
            // A close since the last step is no failure of the replacement: nothing to install, no label to write.
            checkUsable();
            try {
                device.flush();
                installRebuilt(index, device);
            } catch (DiskException e) {
                memberFailed(index, "rebuildFlush", e);
                replacementLost(new RebuildFailedException("rebuild failed: volumeId=" + LabelCodec.hex(volumeId())
                        + " member=" + index, e), true);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The replacement failed during its rebuild and left the volume again, still counted failed: the caller learns it
     * from {@code e}, unless the broken variant {@link VolumeFault#REPLACEMENT_LOSS_SWALLOWED} keeps it quiet, or,
     * where the replacement failed {@code late} (at its flush or at its label's write), {@link
     * VolumeFault#REPLACEMENT_LATE_LOSS_SWALLOWED}.
     */
    private void replacementLost(RebuildFailedException e, boolean late) {
        boolean swallowed = fault == VolumeFault.REPLACEMENT_LOSS_SWALLOWED
                || (late && fault == VolumeFault.REPLACEMENT_LATE_LOSS_SWALLOWED);
        if (!swallowed) {
            throw e;
        }
    }

    /** The replacement leaves again, still counted failed; the lock is held. */
    private void abandonRebuild(int index) {
        BlockDevice[] next = members.clone();
        next[index] = null;
        members = next;
        rebuildMember = -1;
    }

    private void checkReplacement(int index, BlockDevice device) {
        if (index < 0 || index >= memberCount || members[index] != null || (failedMask & (1 << index)) == 0) {
            throw new IllegalArgumentException("member is not failed: member=" + index + " failedMask=0x"
                    + Integer.toHexString(failedMask));
        }
        if (device.sectorSizeBytes() != sectorSizeBytes
                || device.sectorCount() < DATA_START_SECTOR + memberDataSectors) {
            throw new IllegalArgumentException("replacement too small: sectorSizeBytes=" + device.sectorSizeBytes()
                    + " sectorCount=" + device.sectorCount() + " needSectorSizeBytes=" + sectorSizeBytes
                    + " needSectorCount=" + (DATA_START_SECTOR + memberDataSectors));
        }
    }

    private boolean carriesOurLabel(int index, BlockDevice device) {
        try {
            MemberLabel label = Volumes.readLabel(device, index);
            return label.volumeId() == volumeId() && label.memberIndex() == index;
        } catch (VolumeException | DiskException e) {
            return false;
        }
    }

    /**
     * The replacement's label goes first: once any survivor's label counts it in, it has a label of its own, so a
     * crash in between never leaves a member the newest label wants and assembly cannot find.
     */
    private void installRebuilt(int index, BlockDevice device) {
        BlockDevice[] next = members.clone();
        next[index] = device;
        members = next;
        rebuildMember = -1;
        failedMask &= ~(1 << index);
        absentMask &= ~(1 << index);
        generation++;
        try {
            device.write(LABEL_SECTOR, labelCopies(label(index, true)), true);
        } catch (DiskException e) {
            memberFailed(index, "writeLabel", e);
            // Dropped again before any survivor counted it in; the caller learns it as it does a failed flush.
            replacementLost(new RebuildFailedException("rebuild failed: volumeId=" + LabelCodec.hex(volumeId())
                    + " member=" + index + " (the replacement's label did not write)", e), true);
            return;
        }
        writeLabels(true);
    }

    // ---- checks ----

    final void checkUsable() {
        if (closed) {
            throw new DeviceClosedException("volume is closed: volumeId=" + LabelCodec.hex(volumeId()));
        }
        if (failed) {
            throw new VolumeFailedException("volume failed: volumeId=" + LabelCodec.hex(volumeId()) + " failedMask=0x"
                    + Integer.toHexString(failedMask));
        }
    }

    private void checkTransfer(long firstSector, ByteBuffer buffer) {
        int lengthBytes = buffer.remaining();
        if (fault == VolumeFault.PARTIAL_SECTOR_TRUNCATED && lengthBytes % sectorSizeBytes != 0) {
            lengthBytes -= lengthBytes % sectorSizeBytes;
            buffer.limit(buffer.position() + lengthBytes);
            if (lengthBytes == 0) {
                return; // nothing left to move: the transfer does nothing and returns
            }
        }
        if (lengthBytes == 0 || lengthBytes % sectorSizeBytes != 0) {
            throw new IllegalArgumentException("buffer is not a whole number of sectors: remainingBytes="
                    + lengthBytes + " sectorSizeBytes=" + sectorSizeBytes);
        }
        long sectors = lengthBytes / sectorSizeBytes;
        if (firstSector < 0 || firstSector > sectorCount() - sectors) {
            throw new IndexOutOfBoundsException("sectors out of volume: firstSector=" + firstSector + " sectors="
                    + sectors + " volumeSectorCount=" + sectorCount());
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[volumeId=" + LabelCodec.hex(volumeId()) + ", memberCount=" + memberCount
                + ", sectorCount=" + sectorCount() + ", failedMask=0x" + Integer.toHexString(failedMask) + "]";
    }
}
