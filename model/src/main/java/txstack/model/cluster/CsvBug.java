package txstack.model.cluster;

/**
 * The bugs of {@code CsvOwnership.tla} (its boolean constants), each switched on by {@link CsvBounds#bugs()}: a walk
 * of the model with one of them reaches a state that breaks the invariant named here, as the spec's must-fail model
 * ({@code MCCsv*.cfg}, listed in {@code manifest-csv.tsv}) does. Every model expected to pass has none.
 */
public enum CsvBug {
    /** CSV-5: Release drops dirty data instead of flushing it. */
    MIGRATE_WITHOUT_FLUSH("MigrateWithoutFlush", "NoLostWrite"),
    /** CSV-6: the disk accepts writes with a stale epoch. */
    DISK_IGNORES_EPOCH("DiskIgnoresEpoch", "StaleWritesFenced"),
    /** CSV-6: the owner acks a flush by its token, not by the disk's answer. */
    ACK_REFUSED_FLUSH("AckRefusedFlush", "NoLostWrite"),
    /** CSV-3: a non-coordinator applies its metadata change itself. */
    NON_COORD_APPLIES("NonCoordApplies", "OnlyCoordinatorChangesMetadata"),
    /** CSV-3: the coordinator applies a duplicated request again. */
    NO_DEDUP("NoDedup", "AppliedOnce"),
    /** CSV-3: the coordinator acks a request when it issues the log append. */
    ACK_BEFORE_DURABLE("AckBeforeDurable", "AckedApplied"),
    /** CSV-7: the namespace log accepts an append of a deposed coordinator. */
    LOG_IGNORES_TERM("LogIgnoresTerm", "OnlyCoordinatorChangesMetadata"),
    /** CSV-4: Handoff also moves the namespace to the target. */
    MIGRATION_MOVES_NAMESPACE("MigrationMovesNamespace", "MigrationKeepsNamespace");

    private final String specName;
    private final String breaks;

    CsvBug(String specName, String breaks) {
        this.specName = specName;
        this.breaks = breaks;
    }

    /** The spec constant's name. */
    public String specName() {
        return specName;
    }

    /** The invariant the spec's must-fail model for this bug violates. */
    public String breaks() {
        return breaks;
    }
}
