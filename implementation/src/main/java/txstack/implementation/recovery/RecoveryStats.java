package txstack.implementation.recovery;

/**
 * What the last restart recovery did; all zero after {@link RecoverableStore#format}.
 *
 * @param recordsAnalysed log records analysis read (from the checkpoint's begin record to the end of the log)
 * @param recordsRedone   update and compensation records redo applied to a page (REC-5)
 * @param updatesUndone   updates of losers undo rolled back (REC-6)
 * @param clrsWritten     compensation records undo wrote, one per update undone
 * @param losers          transactions neither committed nor ended at the crash, rolled back by undo
 */
public record RecoveryStats(long recordsAnalysed, long recordsRedone, long updatesUndone, long clrsWritten,
                            int losers) {

    static final RecoveryStats NONE = new RecoveryStats(0, 0, 0, 0, 0);
}
