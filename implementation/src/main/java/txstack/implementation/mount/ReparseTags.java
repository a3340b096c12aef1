package txstack.implementation.mount;

/**
 * The reparse tags this layer owns and the tag bits (MNT-5): bit 31 marks a tag of Microsoft's, bit 29 a name
 * surrogate, bit 28 a tag allowed on a directory with entries.
 */
public final class ReparseTags {
    /** Bit 28: the reparse point may be set on a directory that has entries. */
    public static final int DIRECTORY_BIT = 1 << 28;
    /** A mount point (MNT-4): on a directory, its data the target's volume name in UTF-16LE. */
    public static final int MOUNT_POINT = 0xA0000003;
    /** Hierarchical storage management (MNT-7): on an offline file, its data the offline store's key in UTF-16LE. */
    public static final int HSM = 0xC0000004;
    /** The largest reparse data, in bytes (MNT-5). */
    public static final int DATA_BYTES_MAX = 16_384;

    private ReparseTags() {
    }

    /** {@code 0xA0000003}, for messages. */
    public static String hex(int tag) {
        return String.format("0x%08X", tag);
    }
}
