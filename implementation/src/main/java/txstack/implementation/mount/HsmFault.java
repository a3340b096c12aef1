package txstack.implementation.mount;

/**
 * Deliberately broken behaviours of {@link Hsm}, for the crash tests to prove their checks bite (STYLE 10). Reached
 * only through the package-private constructor.
 */
enum HsmFault {
    /** The real HSM. */
    CORRECT,
    /** Migration empties the file before the copy is in the store: a crash between loses the data. */
    EMPTY_BEFORE_COPY,
    /** Recall deletes the store's copy before the data is back in the file: a crash between loses the data. */
    DELETE_COPY_FIRST
}
