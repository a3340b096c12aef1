package txstack.model.mount;

/**
 * Reparse tags (MNT-5): 32 bits naming the owner of a reparse point, with the documented flag bits. The low 16 bits
 * are the owner's number; bit 31 marks a tag of Microsoft's, bit 29 a name surrogate (the point stands for another
 * named entity, as a mount point stands for a volume), bit 28 a tag that may sit on a directory with entries.
 */
public final class ReparseTags {
    /** Bit 31: the tag is Microsoft's. */
    public static final int MICROSOFT_BIT = 1 << 31;
    /** Bit 29: the reparse point stands for another named entity. */
    public static final int NAME_SURROGATE_BIT = 1 << 29;
    /** Bit 28: the reparse point may be set on a directory that has entries. */
    public static final int DIRECTORY_BIT = 1 << 28;

    /** A mount point (MNT-4): Microsoft's, a name surrogate; its data names the target volume. */
    public static final int MOUNT_POINT = 0xA0000003;
    /** Hierarchical storage management (MNT-7): Microsoft's; its data is the offline store's key. */
    public static final int HSM = 0xC0000004;

    private ReparseTags() {
    }

    public static boolean isMicrosoft(int tag) {
        return (tag & MICROSOFT_BIT) != 0;
    }

    public static boolean isNameSurrogate(int tag) {
        return (tag & NAME_SURROGATE_BIT) != 0;
    }

    public static boolean isDirectory(int tag) {
        return (tag & DIRECTORY_BIT) != 0;
    }

    /** {@code 0xA0000003}, for messages. */
    public static String hex(int tag) {
        return String.format("0x%08X", tag);
    }
}
