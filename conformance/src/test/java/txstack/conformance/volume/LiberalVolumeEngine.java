package txstack.conformance.volume;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import txstack.conformance.engines.SpiBlockDevice;
import txstack.conformance.engines.TxstackVolumeEngine;
import txstack.implementation.disk.DiskException;
import txstack.implementation.volume.Layout;
import txstack.implementation.volume.MemberLabel;
import txstack.implementation.volume.VolumeException;
import txstack.implementation.volume.Volumes;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.DeviceException;
import txstack.spi.disk.Devices;
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeFailedException;
import txstack.spi.volume.VolumeLayout;
import txstack.spi.volume.VolumeService;

/**
 * A correct volume engine that takes the liberties the SPI grants an assembly, which txstack never takes (it refuses
 * only past the tolerance, and drops a member only when both copies of its label are unreadable): the txstack engine, with an assembly that first reads every label and every sector of the disks it is given and then, by
 * {@link Liberty}, refuses to start or drops members where the contract ({@link VolumeEngine#assemble}) lets it. The
 * suite must pass it: each liberty the suite's oracle wrongly denied would be a false alarm on an outside engine that
 * took it (md refuses a dirty degraded RAID-5 by default).
 */
final class LiberalVolumeEngine implements VolumeEngine {
    /** A liberty of assembly, each one the contract grants. */
    enum Liberty {
        /** A RAID-5 that was not shut down cleanly refuses to start with a member missing or failed. */
        REFUSE_DIRTY_DEGRADED,
        /** A RAID-5 refuses to start with an unreadable sector on a member it would use. */
        REFUSE_SECTOR_ERRORS,
        /**
         * A member with two or more unreadable sectors is dropped (counted failed) while the layout tolerates it with
         * the members already out, and assembly refuses where it does not.
         */
        DROP_MEMBERS
    }

    private final TxstackVolumeEngine delegate = new TxstackVolumeEngine();
    private final Set<Liberty> liberties;
    /** True to refuse a dirty degraded mirror as well: not a liberty, and the suite must catch it. */
    private final boolean mirrorsToo;
    private final Map<Taken, LongAdder> taken = new ConcurrentHashMap<>();

    /** What an assembly did with a liberty. */
    enum Taken {
        REFUSED_DIRTY_DEGRADED, REFUSED_SECTOR_ERRORS, DROPPED_A_MEMBER, REFUSED_DROPPABLE_MEMBERS
    }

    LiberalVolumeEngine(Set<Liberty> liberties) {
        this(liberties, false);
    }

    private LiberalVolumeEngine(Set<Liberty> liberties, boolean mirrorsToo) {
        this.liberties = liberties.isEmpty() ? EnumSet.noneOf(Liberty.class) : EnumSet.copyOf(liberties);
        this.mirrorsToo = mirrorsToo;
        for (Taken t : Taken.values()) {
            taken.put(t, new LongAdder());
        }
    }

    /**
     * An engine that takes {@link Liberty#REFUSE_DIRTY_DEGRADED} on a mirror too, where the contract does not grant it:
     * each member of a mirror holds every block, so no stripe can be torn, and a mirror with a member out after a crash
     * must start. Broken on purpose: the suite must catch it.
     */
    static LiberalVolumeEngine refusingDirtyDegradedMirrors() {
        return new LiberalVolumeEngine(EnumSet.of(Liberty.REFUSE_DIRTY_DEGRADED), true);
    }

    /** How many times assembly did {@code what}, shrinking runs included. */
    long taken(Taken what) {
        return taken.get(what).sum();
    }

    @Override
    public String name() {
        return "liberal" + liberties + (mirrorsToo ? "-on-mirrors-too" : "");
    }

    @Override
    public VolumeService create(VolumeLayout layout, Devices members) {
        return delegate.create(layout, members);
    }

    @Override
    public VolumeService assemble(Devices present) {
        List<BlockDevice> devices = present.presentMembers();
        List<MemberLabel> labels = new ArrayList<>(devices.size());
        MemberLabel first = null;
        for (int i = 0; i < devices.size(); i++) {
            MemberLabel label = labelOf(devices.get(i), i);
            labels.add(label);
            first = first == null ? label : first;
        }
        if (first == null) {
            return delegate.assemble(present); // nothing to go by: txstack's own refusal
        }
        MemberLabel newest = first;
        for (MemberLabel label : labels) {
            if (label != null && label.volumeId() == first.volumeId() && label.generation() > newest.generation()) {
                newest = label;
            }
        }
        // The members the newest label counts in, each by the one device that holds it; any doubt (another volume,
        // two devices for a slot): no liberty, txstack decides.
        Set<Integer> covered = new HashSet<>();
        boolean open = false;
        int withErrors = 0;
        List<Integer> droppable = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            MemberLabel label = labels.get(i);
            if (label == null) {
                continue;
            }
            if (label.volumeId() != newest.volumeId() || label.memberCount() != newest.memberCount()) {
                return delegate.assemble(present);
            }
            if ((newest.failedMask() & (1 << label.memberIndex())) != 0) {
                continue; // stale: left out either way
            }
            if (!covered.add(label.memberIndex())) {
                return delegate.assemble(present);
            }
            int unreadable = unreadableSectors(devices.get(i));
            if (unreadable < 0) {
                covered.remove(label.memberIndex()); // its disk is dead: the member is missing
                continue;
            }
            open |= label.open();
            withErrors += unreadable > 0 ? 1 : 0;
            if (unreadable >= 2) {
                droppable.add(label.memberIndex());
            }
        }
        boolean raid5 = newest.layout() == Layout.RAID5;
        int unavailable = newest.memberCount() - covered.size();
        int tolerance = newest.layout().tolerance(newest.memberCount());
        if (liberties.contains(Liberty.REFUSE_DIRTY_DEGRADED) && (raid5 || mirrorsToo) && open && unavailable > 0) {
            taken.get(Taken.REFUSED_DIRTY_DEGRADED).increment();
            throw new VolumeFailedException("dirty degraded " + newest.layout() + ": not shut down cleanly, " + unavailable
                    + " member(s) out; a stripe written at the crash may be torn");
        }
        if (liberties.contains(Liberty.REFUSE_SECTOR_ERRORS) && raid5 && withErrors > 0) {
            taken.get(Taken.REFUSED_SECTOR_ERRORS).increment();
            throw new VolumeFailedException("RAID-5 with unreadable sectors on " + withErrors + " member(s)");
        }
        if (liberties.contains(Liberty.DROP_MEMBERS) && !droppable.isEmpty()
                && unavailable + droppable.size() > tolerance) {
            taken.get(Taken.REFUSED_DROPPABLE_MEMBERS).increment();
            throw new VolumeFailedException("members " + droppable + " have two or more unreadable sectors each, and "
                    + unavailable + " member(s) are out: more than the layout tolerates (" + tolerance + ")");
        }
        VolumeService volume = delegate.assemble(present);
        if (liberties.contains(Liberty.DROP_MEMBERS)) {
            for (int member : droppable) {
                if (!volume.failedMembers().contains(member)) {
                    taken.get(Taken.DROPPED_A_MEMBER).increment();
                    volume.failMember(member);
                }
            }
        }
        return volume;
    }

    /** The txstack label {@code device} holds, or null if none reads (missing, corrupt, blank, dead). */
    private static MemberLabel labelOf(BlockDevice device, int index) {
        try {
            return Volumes.readLabel(new SpiBlockDevice(device), index);
        } catch (VolumeException | DiskException e) {
            return null;
        }
    }

    /** The sectors of {@code device} that do not read, or -1 if the disk itself is dead. */
    private static int unreadableSectors(BlockDevice device) {
        byte[] sector = new byte[device.sectorSizeBytes()];
        int unreadable = 0;
        for (long s = 0; s < device.sectorCount(); s++) {
            try {
                device.read(s, sector, 0, sector.length);
            } catch (txstack.spi.disk.UnreadableSectorException e) {
                unreadable++;
            } catch (DeviceException e) {
                return -1;
            }
        }
        return unreadable;
    }
}
