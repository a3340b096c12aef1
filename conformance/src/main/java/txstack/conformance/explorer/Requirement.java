package txstack.conformance.explorer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The requirements of {@code docs/requirements.md}, one constant per ID in the catalogue's order, each with the
 * catalogue's one-line text. Suites name the property they check and reports print it through this type, never
 * through a string literal, so an ID that is not in the catalogue does not compile.
 *
 * <p>{@code RequirementCatalogueTest} keeps the two in step: every ID of the catalogue is a constant here, every
 * constant is in the catalogue with the same text, and every ID cited anywhere in the repository is in both.
 * Adding a requirement means adding it to both in the same commit; an ID is never reused or renumbered.
 */
public enum Requirement {
    DISK_1("A disk is a fixed array of sectors of one size (512 B or 4 KiB); reads and writes cover whole sectors."),
    DISK_2("Writes can linger in a volatile cache until a flush completes; a force-unit-access write is durable on "
            + "return."),
    DISK_3("A power loss leaves every sector with its durable content or one later write to it, never a mix of two."),
    DISK_4("A disk may fail an I/O, lose a sector or corrupt data silently; software detects bad data, never returns "
            + "it."),

    VOL_1("A mirror writes each block to both halves and may serve a read from either, choosing by load."),
    VOL_2("A mirror with one failed half keeps reading and writing through the other and loses no data."),
    VOL_3("RAID-5 takes three or more equal partitions on distinct disks; each stripe's parity is the XOR of its "
            + "data."),
    VOL_4("The parity unit moves to another disk from one stripe to the next, so writes do not pile up on one disk."),
    VOL_5("A write updates, along with the data, the parity bytes covering the data bytes it changed."),
    VOL_6("A missing or unreadable unit is the XOR of the rest of its stripe; a degraded volume still reads and "
            + "writes."),
    VOL_7("A new disk that replaces a failed one is filled from the surviving members."),
    VOL_8("A crash between data and parity writes never yields wrong data later, even after a disk fails."),

    MNT_1("The mount manager remembers, persistently, which drive letters and volume names it gave to which volume."),
    MNT_2("A volume found in the database gets its old letter back, so assignments outlive reboots and upgrades."),
    MNT_3("A new volume gets the suggested letter, else the first free, else none; every volume has a Volume{GUID} "
            + "name."),
    MNT_4("A directory can be a mount point: its reparse point leads to another volume, reached with no drive letter."),
    MNT_5("A reparse point is data under a fixed header with its owner's tag, on a file or directory; at most 16 KiB."),
    MNT_6("An open that crosses a reparse point gets a reparse status; the tag's owner redirects it and it is "
            + "reissued."),
    MNT_7("Hierarchical storage: a reparse point marks a file whose data went offline; opening it recalls the data."),

    LFS_1("A log file consists of a restart area and a logging area that its clients may treat as endless."),
    LFS_2("Two copies of the restart area keep the client's state, such as recovery's starting point; one may be "
            + "lost."),
    LFS_3("Records are named by LSNs that only grow, also when the circular logging area wraps; LSNs never run out."),
    LFS_4("Open or format; append (giving the LSN); read forward and backward; flush to an LSN; advance the start."),
    LFS_5("Wrapping never destroys a record at or after the start; a full log says so and the client moves the start."),
    LFS_6("After a crash, the log reads back what was written, in order, at least to the last flush; no bad record."),

    REC_1("The file system first writes a change to the volume's metadata, with redo and undo data, to the cached "
            + "log."),
    REC_2("Only then does it change the volume's pages in the cache."),
    REC_3("Write-ahead rule: a changed page goes to disk only after the log is flushed through the record for it."),
    REC_4("After a crash, recovery starts by itself when the volume is first used."),
    REC_5("Redo reads the log forward and reapplies every logged change that may be missing from the disk."),
    REC_6("Undo reads the log backward and rolls back every transaction not committed before the crash."),
    REC_7("Checkpoints advance the log's start past records no longer needed; recovery never needs one before it."),

    KTM_1("File and registry calls take a transaction; it commits all of its changes durably or rolls all of them "
            + "back."),
    KTM_2("Four objects: transactions, enlistments, resource managers that own data, transaction managers with a log."),
    KTM_3("TxF and TxR are resource managers with the usual calls plus a transaction; others can add their own."),
    KTM_4("Commit is two-phase over the enlisted resource managers; one that cannot prepare rolls it back everywhere."),
    KTM_5("After a crash, every resource manager settles a transaction alike: prepared as the TM logged, others "
            + "abort."),
    KTM_6("The DTC, a coordinator in user mode, can add further resource managers to a transaction."),
    KTM_7("Uncommitted changes stay invisible to others; two transactions never change one file or key at once."),

    CSV_1("Cluster nodes share one volume; one node, the coordinator, owns its namespace (the file-system metadata)."),
    CSV_2("A node may own single files; the owner reads and writes their data on the shared disk directly."),
    CSV_3("Other nodes send the coordinator their metadata changes (create, delete, resize, timestamps) as requests."),
    CSV_4("Live migration moves only the ownership of the VM's files; the namespace owner stays, nothing is "
            + "remounted."),
    CSV_5("The old owner flushes the file's dirty data before handing it over; the new owner then sees all its "
            + "writes."),
    CSV_6("One node at a time writes a file's data; once a node loses ownership, its writes no longer land."),
    CSV_7("A node's failure loses only its unflushed data; a coordinator's failure moves the namespace elsewhere.");

    private static final Map<String, Requirement> BY_ID = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Requirement::id, Function.identity()));
    private static final List<String> PREFIXES = Arrays.stream(values()).map(Requirement::prefix).distinct().toList();

    private final String id;
    private final String text;

    Requirement(String text) {
        this.id = name().replace('_', '-');
        this.text = text;
    }

    /** The ID as the catalogue and every citation spell it, e.g. {@code LFS-6}. */
    public String id() {
        return id;
    }

    /** The catalogue's one-line statement of the requirement, without its extension mark or explanation. */
    public String text() {
        return text;
    }

    /** The layer's prefix, e.g. {@code LFS} for {@code LFS-6}. */
    public String prefix() {
        return id.substring(0, id.indexOf('-'));
    }

    /**
     * The requirement with this ID.
     *
     * @throws IllegalArgumentException if the catalogue has no such ID
     */
    public static Requirement byId(String id) {
        Requirement requirement = BY_ID.get(id);
        if (requirement == null) {
            throw new IllegalArgumentException("unknown requirement id=" + id + " (known prefixes: "
                    + String.join(", ", prefixes()) + "; the catalogue is docs/requirements.md)");
        }
        return requirement;
    }

    /** The layers' prefixes in catalogue order: DISK, VOL, MNT, LFS, REC, KTM, CSV. */
    public static List<String> prefixes() {
        return PREFIXES;
    }

    /** The ID, so that a requirement prints as reports and logs cite it. */
    @Override
    public String toString() {
        return id;
    }
}
