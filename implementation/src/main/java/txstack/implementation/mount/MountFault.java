package txstack.implementation.mount;

/**
 * Deliberately broken behaviours of the mount manager and what it drives ({@link MountPaths}, {@link Hsm}), for the
 * tests and the conformance suite to prove their checks bite (STYLE 10). Held by a {@link MountManager} opened with
 * the package-private {@code open}; reached from outside only through the test fixture {@code BrokenMounts}.
 */
enum MountFault {
    /** The real behaviour. */
    CORRECT,
    /**
     * Every registry value of a database update (a new entry's volume name, letter and counter; a moved letter's old
     * value deleted and new one written) is its own plain durable registry call, not one KTM transaction. A crash
     * between two leaves the database torn: a volume with neither its old letter nor its new one, or a name without
     * the counter that counts it (MNT-1 broken; a crash test sees a database neither before nor after).
     */
    DATABASE_OUTSIDE_TRANSACTION,
    /**
     * A recall deletes the HSM reparse point (flushed) before the data is written back and flushed, and then deletes
     * the copy. A crash between leaves an online file showing its empty (or stale) bytes, and once the copy is
     * deleted the data is lost (MNT-7 broken: "never other data", then "never neither").
     */
    POINT_REMOVED_BEFORE_DATA_DURABLE,
    /**
     * The walk counts no bound on reparses: a path through more than {@link MountManager#REPARSES_MAX} mount points
     * resolves instead of failing with {@link TooManyReparsesException} (MNT-6 broken). Nothing hangs: every reparse
     * consumes a component of a finite path.
     */
    UNBOUNDED_REPARSES,
    /**
     * A new volume's letter is chosen among the letters no <em>present</em> volume has, so it may get the letter the
     * database gives an absent volume (its suggested letter, or the first one from C). The letter's registry value
     * then names the new volume, so the absent volume loses its letter (after a restart, or in the namespace when it
     * comes back) while this manager shows the letter on both (MNT-2, MNT-3 broken).
     */
    ABSENT_VOLUMES_LETTER_REUSED,
    /** Migration empties the file before the copy is in the store: a crash between loses the data (MNT-7). */
    EMPTY_BEFORE_COPY,
    /** Recall deletes the store's copy before the data is back in the file: a crash between loses the data (MNT-7). */
    DELETE_COPY_FIRST
}
