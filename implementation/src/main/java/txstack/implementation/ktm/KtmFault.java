package txstack.implementation.ktm;

/**
 * Deliberately broken behaviours of the transaction manager, for the transaction suite to prove its checks bite
 * (STYLE 10). Reached only through the test fixture {@code BrokenKtm}.
 */
enum KtmFault {
    /** The real transaction manager. */
    CORRECT,
    /** Only the first enlisted resource manager is asked to prepare before the COMMIT record is written. */
    COMMIT_BEFORE_PREPARED,
    /** The COMMIT record is appended but not forced before the resource managers are told to commit. */
    DECISION_NOT_FORCED,
    /** The END record is written and forced before the resource managers are told to commit. */
    FORGET_EARLY,
    /**
     * A resource manager's vote is not looked at: a refusal to prepare counts as prepared, so the transaction commits
     * where it must roll back everywhere (KTM-4). Only a resource manager that refuses shows it.
     */
    VOTE_IGNORED
}
