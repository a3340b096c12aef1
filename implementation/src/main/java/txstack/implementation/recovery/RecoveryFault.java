package txstack.implementation.recovery;

/**
 * A deliberately broken behaviour of the recovery layer, for the conformance suite to prove its checks bite (STYLE
 * 10). Package private on purpose: the public {@link RecoverableStore#format} and {@link RecoverableStore#open}
 * always pass {@link #CORRECT}; only the package-private overloads take another value, and only the test fixtures
 * (the {@code txstack-implementation} artifact with classifier {@code tests}) reach them. Never use one for data you
 * want back.
 */
enum RecoveryFault {
    /** The real thing. */
    CORRECT,
    /**
     * Broken on purpose; never use. Pages are written back without flushing the log first (REC-3): a crash can leave
     * a loser's change on disk with no record to undo it.
     */
    WAL_OFF,
    /**
     * Broken on purpose; never use. Undo writes no compensation record (REC-6): the undone bytes are never redone, so
     * a rollback or a restart undo cut short by a crash is lost while the transaction counts as finished.
     */
    NO_CLR,
    /**
     * Broken on purpose; never use. Redo starts at the checkpoint's begin record instead of the oldest recovery LSN of
     * the dirty-page table (REC-5): committed changes logged before the checkpoint on pages not yet written are lost.
     */
    REDO_FROM_WRONG_POINT,
    /**
     * Broken on purpose; never use. A checkpoint moves the log's start to its begin record, past records of dirty
     * pages and active transactions that recovery still needs (REC-7).
     */
    START_PAST_NEEDED,
    /**
     * Broken on purpose; never use. Analysis starts at the end-checkpoint record instead of its begin record: changes
     * logged while the checkpoint was taken are missing from the tables it rebuilds.
     */
    ANALYSIS_FROM_END_CHECKPOINT,
    /**
     * Broken on purpose; never use. Analysis ignores the checkpoint's transaction table: a loser whose records all
     * precede the checkpoint is never undone (REC-6).
     */
    IGNORE_CHECKPOINT_TX_TABLE
}
