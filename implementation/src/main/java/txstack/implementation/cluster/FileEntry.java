package txstack.implementation.cluster;

/**
 * One file of the namespace table (CSV-1): whether it exists, its size, its owner node ({@link #NO_OWNER} if none)
 * and its ownership epoch (the value the coordinator last fenced it with, 0 if never).
 */
public record FileEntry(boolean exists, long sizeBytes, int owner, long epoch) {
    public static final int NO_OWNER = -1;
    public static final FileEntry ABSENT = new FileEntry(false, 0, NO_OWNER, 0);

    public FileEntry {
        if (sizeBytes < 0 || epoch < 0 || owner < NO_OWNER) {
            throw new IllegalArgumentException("invalid file entry: sizeBytes=" + sizeBytes + " owner=" + owner
                    + " epoch=" + epoch);
        }
    }
}
