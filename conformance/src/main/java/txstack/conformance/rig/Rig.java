package txstack.conformance.rig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import txstack.conformance.disk.CrashImage;
import txstack.conformance.disk.SimulatedDisk;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.Devices;

/**
 * The disks one run of a suite sits on: named {@link RigDisk}s grouped in failure domains (a machine, a cluster node,
 * a shared disk), and one journal of every device operation of every disk in the order issued. A {@link CrashCut}
 * is a power loss at one point of the journal in some domains: each disk there keeps, per sector, its last durable
 * content or the content of one write issued to it since (DISK-3); the other domains keep everything.
 *
 * <p>The members of a volume are one domain; a log on its own disk is its own domain. A network between parties can
 * later be one more source of journal entries. A rig belongs to one run: its methods are for the run's thread, except
 * that the device operations of its disks may come from client threads an engine or a suite starts. Each of those
 * runs under the rig's monitor together with its journal entry, after passing the rig's {@link DeviceGate} if one is
 * set, so the journal's order is the order the device saw.
 */
public final class Rig {
    /** Default limit on the bytes of written data all disks of a rig record. */
    public static final long RECORDED_BYTES_MAX_DEFAULT = SimulatedDisk.RECORDED_BYTES_MAX_DEFAULT;
    /** The most disks one rig holds. */
    public static final int DISKS_MAX = Devices.DEVICES_MAX;

    /** Operation {@code opIndex} of {@code disk}: the {@code index}-th of the whole rig. */
    public record Entry(int index, RigDisk disk, int opIndex) {
        @Override
        public String toString() {
            return "#" + index + " (" + disk.name() + " " + disk.simulated().op(opIndex) + ")";
        }
    }

    /** One disk to place in a rig: where it goes and what it holds. */
    public record Placement(String name, String domain, CrashImage image) {
    }

    private final Map<String, RigDisk> disks = new LinkedHashMap<>();
    /** The disks this rig was made from by {@link #of}, for {@link #reopen}. */
    private final List<Placement> placements = new ArrayList<>();
    private final List<Entry> journal = new ArrayList<>();
    private final long recordedBytesMax;
    /** Holds device writes and flushes back for a scheduler; null when none runs. */
    private volatile DeviceGate gate;

    public Rig() {
        this(RECORDED_BYTES_MAX_DEFAULT);
    }

    public Rig(long recordedBytesMax) {
        if (recordedBytesMax <= 0) {
            throw new IllegalArgumentException("recordedBytesMax=" + recordedBytesMax + " must be positive");
        }
        this.recordedBytesMax = recordedBytesMax;
    }

    /** A rig whose disks start from these images, with an empty journal (e.g. what a crash left). */
    public static Rig of(List<Placement> placements) {
        Rig rig = new Rig();
        for (Placement p : placements) {
            rig.add(p.name(), p.domain(), p.image());
        }
        rig.placements.addAll(placements);
        return rig;
    }

    /**
     * A new rig from the same images this one was made from by {@link #of} (what it held before anything ran on it),
     * leaving out the disks named in {@code leaveOut}: e.g. the same crash state with one disk lost.
     */
    public Rig reopen(Set<String> leaveOut) {
        if (placements.isEmpty()) {
            throw new IllegalStateException("this rig was not made from images: " + this);
        }
        return of(placements.stream().filter(p -> !leaveOut.contains(p.name())).toList());
    }

    /** Adds a blank disk. */
    public RigDisk addBlank(String name, String domain, int sectorSizeBytes, long sectorCount) {
        return add(name, domain, CrashImage.blank(sectorSizeBytes, sectorCount));
    }

    /** Adds a disk that holds {@code image} durably. */
    public RigDisk add(String name, String domain, CrashImage image) {
        if (name == null || name.isBlank() || domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("a disk needs a name and a domain: name=" + name + " domain=" + domain);
        }
        if (disks.containsKey(name)) {
            throw new IllegalArgumentException("a disk of this name is in the rig already: name=" + name);
        }
        if (disks.size() >= DISKS_MAX) {
            throw new IllegalArgumentException("too many disks: max=" + DISKS_MAX);
        }
        RigDisk disk = new RigDisk(this, name, domain, new SimulatedDisk(image, recordedBytesMax));
        disks.put(name, disk);
        return disk;
    }

    /**
     * Puts a new disk holding {@code image} where disk {@code name} was (same domain): a replacement. The old disk
     * leaves the rig; its journal entries stay.
     */
    public RigDisk replace(String name, CrashImage image) {
        RigDisk old = disk(name);
        RigDisk disk = new RigDisk(this, name, old.domain(), new SimulatedDisk(image, recordedBytesMax));
        disks.put(name, disk);
        return disk;
    }

    /** Puts {@code disk}, which left this rig earlier (e.g. a failed disk), back under its name. */
    public void putBack(RigDisk disk) {
        if (disk.rig() != this) {
            throw new IllegalArgumentException("disk " + disk.name() + " is not of this rig");
        }
        disks.put(disk.name(), disk);
    }

    /** The disk under {@code name}. */
    public RigDisk disk(String name) {
        RigDisk d = disks.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no disk named '" + name + "' in the rig: disks=" + disks.keySet());
        }
        return d;
    }

    /** The disks in the rig now, in the order they were added. */
    public List<RigDisk> disks() {
        return List.copyOf(disks.values());
    }

    /** The failure domains, in the order their first disk was added. */
    public Set<String> domains() {
        Set<String> out = new LinkedHashSet<>();
        disks.values().forEach(d -> out.add(d.domain()));
        return out;
    }

    /** Every disk in the rig, under its name as role: what an engine is handed. */
    public Devices devices() {
        Map<String, BlockDevice> byRole = new LinkedHashMap<>();
        disks.forEach(byRole::put);
        return Devices.of(byRole);
    }

    /** Operations issued so far are not the workload's: never crash points (e.g. creating a volume). */
    public void markStart() {
        disks.values().forEach(RigDisk::markStart);
        journal.clear();
    }

    /** The journal: every write and flush of every disk, oldest first (a read-only view). */
    public List<Entry> journal() {
        return Collections.unmodifiableList(journal);
    }

    /** Number of journal entries. */
    public int size() {
        return journal.size();
    }

    /** Number of journal entries, read under the monitor device operations hold: for a client thread. */
    public synchronized int sizeFromClient() {
        return journal.size();
    }

    /** Sets the gate every device write and flush passes before it is issued; null takes it away. */
    public void gate(DeviceGate gate) {
        this.gate = gate;
    }

    DeviceGate gate() {
        return gate;
    }

    public Entry entry(int index) {
        return journal.get(index);
    }

    /** Power lost at {@code moment} in {@code losing} domains (all domains if empty), on the working disks. */
    public CrashCut cut(Moment moment, Set<String> losing) {
        return cut(moment, losing, false);
    }

    /**
     * Power lost at {@code moment} in {@code losing} domains (all domains if empty); with {@code evenFailed} also on
     * disks that failed since (e.g. a crash inside a recovery, judged on the disks as the recovery found them).
     */
    public CrashCut cut(Moment moment, Set<String> losing, boolean evenFailed) {
        if (moment.entry() < -1 || moment.entry() >= journal.size() || (moment.during() && moment.entry() < 0)) {
            throw new IllegalArgumentException("no such journal entry: entry=" + moment.entry() + " size="
                    + journal.size());
        }
        Set<String> domains = losing.isEmpty() ? domains() : losing;
        List<RigDisk> present = disks.values().stream().filter(d -> evenFailed || !d.failed()).toList();
        return CrashCut.at(this, moment, domains, present);
    }

    /**
     * Every distinct moment of power loss in {@code losing} domains over journal entries {@code [from, to)}: during
     * each force-unit-access write and after each operation of a disk there that is present and working now
     * (during any other operation is the same as after the one before it).
     */
    public List<Moment> moments(int from, int to, Set<String> losing) {
        return moments(from, to, losing, false);
    }

    /** {@link #moments(int, int, Set)}, with {@code evenFailed} also on disks that failed since. */
    public List<Moment> moments(int from, int to, Set<String> losing, boolean evenFailed) {
        Set<String> domains = losing.isEmpty() ? domains() : losing;
        List<Moment> out = new ArrayList<>();
        for (int e = Math.max(0, from); e < Math.min(to, journal.size()); e++) {
            Entry entry = journal.get(e);
            boolean inRig = disks.get(entry.disk().name()) == entry.disk();
            if (!domains.contains(entry.disk().domain()) || !inRig || (!evenFailed && entry.disk().failed())) {
                continue;
            }
            if (entry.disk().isForceUnitAccessWrite(entry.opIndex())) {
                out.add(new Moment(e, true));
            }
            out.add(new Moment(e, false));
        }
        return out;
    }

    /** True if {@code disk} is in the rig now and working. */
    public boolean isPresent(RigDisk disk) {
        return disks.get(disk.name()) == disk && !disk.failed();
    }

    void recorded(RigDisk disk, int opCountBefore) {
        for (int i = opCountBefore; i < disk.simulated().opCount(); i++) {
            journal.add(new Entry(journal.size(), disk, i));
        }
    }

    @Override
    public String toString() {
        return "Rig[disks=" + disks.keySet() + " domains=" + domains() + " journal=" + journal.size() + "]";
    }
}
