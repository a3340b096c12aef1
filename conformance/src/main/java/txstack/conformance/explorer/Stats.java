package txstack.conformance.explorer;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What an exploration did, counted across every workload; safe to update from several workers. */
public final class Stats {

    /** The layer-independent counts every report shows. */
    public enum Counter {
        WORKLOADS("workloads run"),
        STEPS("steps run"),
        DEVICE_OPS("device operations (writes and flushes)"),
        EXPLICIT_CRASHES("crashes inside workloads"),
        CRASH_POINTS("crash points explored"),
        CRASH_STATES("crash states checked"),
        RECOVERIES("recoveries checked"),
        RECOVERY_CRASH_STATES("crash states during recovery"),
        FAULT_STATES("crash states with an injected fault"),
        SECTOR_ERRORS("member sectors made unreadable", false),
        VOLUMES_OVER_EARLIER("volumes created over an earlier volume's members (every block written, closed)", false),
        VOLUMES_LOST("volumes lost (a member failed past the tolerance; every call then refused)", false),
        VOLUME_TRANSFERS_AT_OFFSET("reads and writes at an offset inside a larger array (the bytes around them "
                + "checked)", false),
        VOLUME_ARRAYS_REUSED("writes whose array the suite overwrote once the write returned", false),
        SURVIVORS_DIED_IN_REBUILD("member disks that died during another member's rebuild (the rebuild had to finish "
                + "from the others)", false),
        VOLUMES_LOST_IN_REBUILD("volumes lost by a member disk that died during a rebuild with no redundancy to spare "
                + "(every call then refused)", false),
        REPLACEMENTS_DIED_IN_REBUILD("replacement disks that died during their rebuild (replaceMember failed, the "
                + "member stayed failed, every block read as before, and a second replacement was rebuilt)", false),
        REPLACEMENTS_DIED_AFTER_THEIR_FIRST_WRITE("of which at their first flush or their first write after a flush, "
                + "not at their first write", false),
        SECTORS_LOST_WHILE_DOWN("assemblies of a crash state with a member sector that stopped reading while the volume "
                + "was down (no member may be dropped for it, no block lost while redundancy is left)", false),
        MEMBERS_DIED("member disks that died unannounced (the engine met it in reads, a write and a flush)", false),
        MEMBERS_DIED_IN_ASSEMBLY("assemblies of a crash state with a member disk dying during the assembly, at one of "
                + "the reads the first assembly of the state made of it (the engine must go on without it)", false),
        MEMBER_DEATHS_MET_BY_A_WRITE("of which met first by a write of one block (before the reads)", false),
        MEMBER_DEATHS_MET_IN_A_CALL("calls that met a dead member disk, after which the engine counted the member "
                + "failed at once", false),
        DEGRADED_PARTIAL_STRIPE_WRITES("writes to a RAID-5 with a member out that cover part of a stripe (its parity "
                + "computed with a data unit missing)", false),
        WRITES_AFTER_ASSEMBLY("writes after an assembly (a later session of the volume)", false),
        VOLUME_CLEAN_CLOSES("clean closes of a volume, then assembled again at once (some without a member)", false),
        MEMBERS_RETURNED("assemblies with a member back after a session without it", false),
        SCRUBS_AT_REST("scrub assemblies at rest (each member in turn left out, every block reread)", false),
        SCRUBS_PAST_REDUNDANCY("  ... right after an assembly of a crash state with a sector lost beyond the redundancy",
                false),
        WRONG_DISK_ASSEMBLIES("assemblies from wrong disks at rest (members in each other's roles, a foreign member, "
                + "an old copy of a member, a member's disk cut short)", false),
        WRONG_DISKS_REFUSED("  ... of which the engine refused (allowed for all but members in each other's roles)",
                false),
        FORMATS_OVER_EARLIER_LOG("formats over an earlier log", false),
        LFS_ARRAYS_REUSED("appends and restart-area writes whose array the client overwrote once the call returned",
                false),
        PROCESS_CRASHES("process crashes (the device kept its cache), then opened again", false),
        LOG_FULL_REPORTED("appends the engine refused as log full (allowed there)", false),
        LFS5_BOUNDARY_APPENDS("appends sized exactly to a log-full boundary (LFS-5)", false),
        DURABLE_SECTORS_UNREADABLE("durable log sectors made unreadable (recovery must fail or show the whole log)",
                false),
        DURABLE_SECTORS_UNREADABLE_REPORTED("  ... of which recovery (or a read after it) reported the damage", false),
        ROT_BEFORE_PROVEN_RECORDS("rotten sectors in crash images before records a later durable write proves durable "
                + "(recovery must fail or show them)", false),
        ROT_BEFORE_PROVEN_RECORDS_REPORTED("  ... of which recovery (or a read after it) reported the damage", false),
        LIVE_SECTORS_ROTTED("log sectors that rotted under the opened log (every read and scan must fail or be right)",
                false),
        LIVE_SECTORS_ROTTED_REPORTED("  ... of which a read or scan reported the damage", false),
        LOG_SCANS("scans (the long forward read of restart recovery), each as the model reads", false),
        CALLS_AFTER_CLOSE_REFUSED("calls after a clean close, refused", false),
        FORBIDDEN_CALLS_REFUSED("calls the SPI forbids (wrong LSNs, a record or client data too large, a negative "
                + "count), refused", false),
        VOLUME_FORBIDDEN_CALLS_REFUSED("calls the SPI forbids (sectors outside the volume, part of a sector, a member "
                + "failed or replaced that cannot be, a volume over too few members), refused", false),
        CLEAN_CLOSES("clean closes at a workload's end, then a power loss and opened again (every record appended there)",
                false),
        CONCURRENT_COMMITS("concurrent commits (clients on their own threads, each flushing its record)", false),
        CONCURRENT_CLIENT_FLUSHES("client flushes returned in concurrent commits (each must survive from then on)",
                false),
        CONCURRENT_COMMIT_DEVICE_ERRORS("concurrent commits whose flushes met a device error (a client that returned "
                + "must keep its record)", false),
        LIVE_DEVICE_ERRORS_RAISED("device errors on a live engine that it raised (then opened again)", false),
        LIVE_DEVICE_ERRORS_ABSORBED("device errors on a live engine that it got past (the step's result checked)",
                false),
        DAMAGE_REPORTED("damaged states reported as CORRUPT or IO_ERROR", false),
        DAMAGE_LOST_WORK("damaged states that lost work with the damaged sector", false),
        DAMAGE_IN_FILE_DATA("damaged states showing the flipped bit in a file", false);

        private final String label;
        private final boolean everySuite;

        Counter(String label) {
            this(label, true);
        }

        Counter(String label, boolean everySuite) {
            this.label = label;
            this.everySuite = everySuite;
        }

        public String label() {
            return label;
        }

        /** True if every suite counts it; false for one suite's own situations, reported only when they happened. */
        public boolean everySuite() {
            return everySuite;
        }
    }

    private final Map<Counter, LongAdder> counters = new EnumMap<>(Counter.class);
    private final Map<Requirement, LongAdder> propertyChecks = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> setups = new ConcurrentHashMap<>();

    public Stats() {
        for (Counter c : Counter.values()) {
            counters.put(c, new LongAdder());
        }
    }

    public void add(Counter counter, long amount) {
        counters.get(counter).add(amount);
    }

    public void increment(Counter counter) {
        counters.get(counter).increment();
    }

    public long get(Counter counter) {
        return counters.get(counter).sum();
    }

    /** One more check of {@code property} that held. */
    public void checked(Requirement property) {
        propertyChecks.computeIfAbsent(property, p -> new LongAdder()).increment();
    }

    /** Checks per property, in catalogue order. */
    public Map<Requirement, Long> propertyChecks() {
        Map<Requirement, Long> out = new TreeMap<>();
        propertyChecks.forEach((p, n) -> out.put(p, n.sum()));
        return out;
    }

    /** One more workload run on the setup named {@code label} (e.g. {@code 4096-byte sectors}). */
    public void ranOn(String label) {
        setups.computeIfAbsent(label, k -> new LongAdder()).increment();
    }

    /** Workloads per setup, by label, for runs that draw a setup per workload; empty otherwise. */
    public Map<String, Long> setups() {
        Map<String, Long> out = new TreeMap<>();
        setups.forEach((label, n) -> out.put(label, n.sum()));
        return out;
    }

    /** Adds every count of {@code other} to this. */
    public void addAll(Stats other) {
        for (Counter c : Counter.values()) {
            add(c, other.get(c));
        }
        other.propertyChecks.forEach((p, n) -> propertyChecks.computeIfAbsent(p, k -> new LongAdder()).add(n.sum()));
        other.setups.forEach((label, n) -> setups.computeIfAbsent(label, k -> new LongAdder()).add(n.sum()));
    }
}
