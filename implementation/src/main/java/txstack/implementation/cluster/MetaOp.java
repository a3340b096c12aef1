package txstack.implementation.cluster;

/** The metadata operations a node asks of the coordinator (CSV-3). */
public enum MetaOp {
    /** The file exists, empty, owned by the coordinator until it migrates it. */
    CREATE,
    /** The file no longer exists; its epoch is raised so its last owner can no longer write it. */
    DELETE,
    /** The file's size changes (bounded by its region on the disk). */
    RESIZE
}
