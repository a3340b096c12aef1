package txstack.implementation.volume;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.DiskException;

/**
 * Creates volumes on members, blank or used (their data zeroed), and assembles them again from their labels after a
 * restart.
 */
public final class Volumes {
    /** Bytes zeroed per member write when a volume is created. */
    private static final int ZERO_CHUNK_BYTES = 256 << 10;
    private static final SecureRandom IDS = new SecureRandom();

    private Volumes() {
    }

    /**
     * Creates a volume over {@code devices} (member {@code i} is {@code devices.get(i)}): zeroes every member's data
     * area, so a RAID-5's parity is consistent from the start, then writes the labels. The volume reads as zeros.
     */
    public static Volume create(Layout layout, List<BlockDevice> devices, VolumeOptions options) {
        return create(layout, devices, options, VolumeFault.CORRECT);
    }

    /** {@link #create(Layout, List, VolumeOptions)} with a deliberately broken behaviour; for the test fixtures. */
    static Volume create(Layout layout, List<BlockDevice> devices, VolumeOptions options, VolumeFault fault) {
        Objects.requireNonNull(fault, "fault");
        int memberCount = devices.size();
        int fewest = fault == VolumeFault.TOO_FEW_MEMBERS_ACCEPTED ? 1 : layout.minMembers();
        if (memberCount < fewest || memberCount > LabelCodec.MAX_MEMBERS
                || (layout == Layout.SIMPLE && memberCount != 1)) {
            throw new IllegalArgumentException("wrong member count: layout=" + layout + " memberCount="
                    + memberCount + " min=" + layout.minMembers() + " max=" + LabelCodec.MAX_MEMBERS);
        }
        int sectorSizeBytes = devices.getFirst().sectorSizeBytes();
        long smallest = Long.MAX_VALUE;
        for (BlockDevice device : devices) {
            if (device.sectorSizeBytes() != sectorSizeBytes) {
                throw new IllegalArgumentException("members differ in sector size: sectorSizeBytes="
                        + device.sectorSizeBytes() + " expected=" + sectorSizeBytes);
            }
            smallest = Math.min(smallest, device.sectorCount());
        }
        int unit = options.stripeUnitSectors();
        long dataSectors = (smallest - Volume.DATA_START_SECTOR) / unit * unit;
        if (dataSectors <= 0) {
            throw new IllegalArgumentException("members too small: sectorCount=" + smallest + " stripeUnitSectors="
                    + unit);
        }
        long perRegion = (dataSectors + options.regionsMax() - 1) / options.regionsMax();
        int regionSectors = (int) ((perRegion + unit - 1) / unit * unit);
        int regionCount = (int) ((dataSectors + regionSectors - 1) / regionSectors);
        long volumeId = IDS.nextLong();
        MemberLabel label = new MemberLabel(sectorSizeBytes, volumeId, layout, memberCount, 0, unit, dataSectors, 1,
                0, true, regionSectors, regionCount, new byte[LabelCodec.bitmapBytes(regionCount)]);
        for (BlockDevice device : devices) {
            if (fault != VolumeFault.CREATE_KEEPS_OLD_DATA) {
                zeroData(device, dataSectors);
            }
        }
        Volume volume = newVolume(label, devices.toArray(BlockDevice[]::new), options, fault);
        volume.lock.lock();
        try {
            volume.writeLabels(true);
        } finally {
            volume.lock.unlock();
        }
        return volume;
    }

    private static void zeroData(BlockDevice device, long dataSectors) {
        int sectorSizeBytes = device.sectorSizeBytes();
        byte[] zeros = new byte[Math.min(ZERO_CHUNK_BYTES, (int) Math.min(Integer.MAX_VALUE,
                dataSectors * sectorSizeBytes))];
        int chunkSectors = zeros.length / sectorSizeBytes;
        for (long done = 0; done < dataSectors; done += chunkSectors) {
            int sectors = (int) Math.min(chunkSectors, dataSectors - done);
            device.write(Volume.DATA_START_SECTOR + done, ByteBuffer.wrap(zeros, 0, sectors * sectorSizeBytes),
                    false);
        }
        device.flush();
    }

    private static Volume newVolume(MemberLabel label, BlockDevice[] members, VolumeOptions options,
                                    VolumeFault fault) {
        return switch (label.layout()) {
            case SIMPLE, STRIPED -> new StripedVolume(label, members, options, fault);
            case MIRROR -> new MirrorVolume(label, members, options, fault);
            case RAID5 -> new Raid5Volume(label, members, options, fault);
        };
    }

    /**
     * Assembles a volume from its members, in any order, by their labels; the first device with a label names the
     * volume. Refuses, each with its own exception: a device with no valid label ({@link CorruptLabelException}) or
     * whose label cannot be read ({@link MemberMissingException}), a member of another volume or geometry ({@link
     * ForeignMemberException}), two devices for one slot ({@link DuplicateMemberException}), a member the newest label
     * counts as failed ({@link StaleMemberException}), an absent member ({@link MemberMissingException}), and more
     * members lost than tolerated ({@link VolumeFailedException}). After an unclean shutdown it resynchronises the
     * dirty regions before it returns; a mirror sector the resync finds unreadable on every member is lost, alone
     * (reads of it fail with {@link UnreadableDataException}), and noted in {@link Volume#assemblyNotes()}.
     *
     * <p>With {@link VolumeOptions#allowDegraded()}, a device whose label is unreadable (DISK-4) or missing (a blank
     * replacement whose rebuild a crash interrupted) and a stale member are left out instead, each with a line in
     * {@link Volume#assemblyNotes()}, and the volume starts without them if it tolerates their loss. A foreign or
     * duplicated member is refused either way: it means the wrong disks were given.
     */
    public static Volume assemble(List<BlockDevice> devices, VolumeOptions options) {
        return assemble(devices, options, VolumeFault.CORRECT);
    }

    /** {@link #assemble(List, VolumeOptions)} with a deliberately broken behaviour, for the test fixtures only. */
    static Volume assemble(List<BlockDevice> devices, VolumeOptions options, VolumeFault fault) {
        Objects.requireNonNull(fault, "fault");
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no devices to assemble");
        }
        List<String> notes = new ArrayList<>();
        MemberLabel[] labels = new MemberLabel[devices.size()];
        MemberLabel first = null;
        for (int i = 0; i < labels.length; i++) {
            try {
                labels[i] = readLabel(devices.get(i), i, fault);
                first = first == null ? labels[i] : first;
            } catch (MemberMissingException | CorruptLabelException e) {
                if (!options.allowDegraded()) {
                    throw e;
                }
                notes.add("left out: " + e.getMessage());
            }
        }
        if (first == null) {
            throw new MemberMissingException("no device carries a readable volume label: devices=" + devices.size()
                    + " (" + String.join("; ", notes) + ")");
        }
        MemberLabel newest = first;
        BlockDevice[] members = new BlockDevice[first.memberCount()];
        MemberLabel[] bySlot = new MemberLabel[first.memberCount()];
        for (int i = 0; i < labels.length; i++) {
            MemberLabel label = labels[i];
            if (label == null) {
                continue;
            }
            if (!label.sameGeometry(first) && !(fault == VolumeFault.FOREIGN_MEMBER_ACCEPTED
                    && label.withVolumeId(first.volumeId()).sameGeometry(first))) {
                throw new ForeignMemberException("foreign member: device=" + i + " volumeId="
                        + LabelCodec.hex(label.volumeId()) + " expectedVolumeId=" + LabelCodec.hex(first.volumeId())
                        + " label=" + label + " expected=" + first);
            }
            BlockDevice device = devices.get(i);
            if (device.sectorSizeBytes() != label.sectorSizeBytes()
                    || device.sectorCount() < Volume.DATA_START_SECTOR + label.memberDataSectors()) {
                throw new ForeignMemberException("device does not fit its label: device=" + i + " sectorSizeBytes="
                        + device.sectorSizeBytes() + " sectorCount=" + device.sectorCount() + " label=" + label);
            }
            if (bySlot[label.memberIndex()] != null && fault != VolumeFault.DUPLICATE_MEMBER_ACCEPTED) {
                throw new DuplicateMemberException("duplicate member: volumeId=" + LabelCodec.hex(label.volumeId())
                        + " memberIndex=" + label.memberIndex() + " device=" + i + " generation="
                        + label.generation() + " otherGeneration=" + bySlot[label.memberIndex()].generation());
            }
            bySlot[label.memberIndex()] = label;
            boolean inOrderGiven = fault == VolumeFault.MEMBERS_TAKEN_IN_ORDER_GIVEN
                    && devices.size() == first.memberCount();
            members[inOrderGiven ? i : label.memberIndex()] = devices.get(i);
            newest = label.generation() > newest.generation() ? label : newest;
        }
        checkMembers(newest, bySlot, options, notes, fault);
        byte[] dirty = new byte[LabelCodec.bitmapBytes(newest.regionCount())];
        boolean open = false;
        for (int slot = 0; slot < bySlot.length; slot++) {
            if (bySlot[slot] == null || (newest.failedMask() & (1 << slot)) != 0) {
                members[slot] = null;
                continue;
            }
            open |= bySlot[slot].open();
            for (int b = 0; b < dirty.length; b++) {
                dirty[b] |= bySlot[slot].dirtyBitmap()[b];
            }
        }
        Volume volume = newVolume(newest, members, options, fault);
        MemberLabel toResync = new MemberLabel(newest.sectorSizeBytes(), newest.volumeId(), newest.layout(),
                newest.memberCount(), 0, newest.stripeUnitSectors(), newest.memberDataSectors(), newest.generation(),
                newest.failedMask(), open, newest.regionSectors(), newest.regionCount(),
                open ? dirty : new byte[dirty.length]);
        notes.addAll(volume.recover(toResync));
        volume.assemblyNotes = List.copyOf(notes);
        return volume;
    }

    /** Stale, missing and too many lost members, judged by the newest label. */
    private static void checkMembers(MemberLabel newest, MemberLabel[] bySlot, VolumeOptions options,
                                     List<String> notes, VolumeFault fault) {
        int lostMask = newest.failedMask();
        for (int slot = 0; slot < bySlot.length; slot++) {
            boolean failedInNewest = (newest.failedMask() & (1 << slot)) != 0;
            MemberLabel label = bySlot[slot];
            if (label != null && failedInNewest) {
                String stale = "stale member: volumeId=" + LabelCodec.hex(newest.volumeId()) + " memberIndex=" + slot
                        + " generation=" + label.generation() + " newestGeneration=" + newest.generation()
                        + " (failed in the newest label; replace it to rebuild)";
                if (!options.allowDegraded()) {
                    throw new StaleMemberException(stale);
                }
                notes.add("left out: " + stale);
            }
            if (label == null && !failedInNewest) {
                if (!options.allowDegraded()) {
                    throw new MemberMissingException("member missing: volumeId=" + LabelCodec.hex(newest.volumeId())
                            + " memberIndex=" + slot + " memberCount=" + newest.memberCount() + " generation="
                            + newest.generation());
                }
                lostMask |= 1 << slot;
            }
        }
        int tolerance = fault == VolumeFault.DEGRADED_ASSEMBLY_REFUSED ? 0
                : newest.layout().tolerance(newest.memberCount());
        if (Integer.bitCount(lostMask) > tolerance) {
            throw new VolumeFailedException("too many members lost: volumeId=" + LabelCodec.hex(newest.volumeId())
                    + " layout=" + newest.layout() + " lostMask=0x" + Integer.toHexString(lostMask) + " tolerance="
                    + tolerance);
        }
    }

    /**
     * The label of {@code device}, the {@code index}-th device given to assembly: the newer of its two copies that
     * reads and decodes, so one unreadable or corrupt label sector (DISK-4) costs nothing.
     *
     * @throws MemberMissingException if neither copy reads
     * @throws CorruptLabelException  if no copy that reads holds a valid label
     */
    public static MemberLabel readLabel(BlockDevice device, int index) {
        return readLabel(device, index, VolumeFault.CORRECT);
    }

    private static MemberLabel readLabel(BlockDevice device, int index, VolumeFault fault) {
        MemberLabel newest = null;
        DiskException unreadable = null;
        CorruptLabelException corrupt = null;
        int copies = fault == VolumeFault.LABEL_FIRST_COPY_ONLY ? 1 : Volume.LABEL_COPIES;
        for (int copy = 0; copy < copies; copy++) {
            ByteBuffer sector = ByteBuffer.allocate(device.sectorSizeBytes());
            try {
                device.read(Volume.LABEL_SECTOR + copy, sector);
            } catch (DiskException e) {
                unreadable = e;
                continue;
            }
            try {
                MemberLabel label = LabelCodec.decode(sector.flip());
                newest = newest == null || label.generation() > newest.generation() ? label : newest;
            } catch (CorruptLabelException e) {
                corrupt = e;
            }
        }
        if (newest != null) {
            return newest;
        }
        if (corrupt != null) {
            throw new CorruptLabelException("no valid label: device=" + index + " " + corrupt.getMessage(), corrupt);
        }
        throw new MemberMissingException("cannot read label: device=" + index, unreadable);
    }
}
