package txstack.model.mount;

/** Why an operation of the mount contract failed ("Operations"); an operation that fails changes nothing. */
public enum MountErrorKind {
    /** Not {@code X:\...} or {@code \??\Volume{GUID}\...}, an empty component, a bad char, {@code .} or {@code ..}. */
    INVALID_PATH,
    /** A letter that is not {@code A..Z}. */
    INVALID_LETTER,
    /** No volume has the letter (in the database). */
    NO_SUCH_LETTER,
    /** No volume has the identity or volume name (in the database). */
    NO_SUCH_VOLUME,
    /** The volume is known but not present. */
    VOLUME_NOT_PRESENT,
    /** Another volume has the letter (present or not). */
    LETTER_IN_USE,
    NOT_FOUND,
    NOT_A_DIRECTORY,
    IS_A_DIRECTORY,
    EXISTS,
    NOT_EMPTY,
    /** Tag 0, a reparse point on a root, or a mount point's data that is not a volume name. */
    INVALID_ARGUMENT,
    /** Reparse data over 16,384 bytes (MNT-5). */
    REPARSE_DATA_TOO_LARGE,
    /** The node has a reparse point of another tag. */
    REPARSE_TAG_MISMATCH,
    NOT_A_REPARSE_POINT,
    /** A file to migrate already has a reparse point. */
    HAS_REPARSE_POINT,
    /** Resolution met a reparse point whose tag has no owner here. */
    REPARSE_TAG_NOT_HANDLED,
    /** Resolution needed more than {@link MountState#REPARSES_MAX} reparses (MNT-6). */
    TOO_MANY_REPARSES,
    /** An offline file's key names no copy in the offline store (MNT-7). */
    OFFLINE_DATA_MISSING
}
