package txstack.implementation.cluster;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The namespace of a cluster shared volume as the coordinator keeps it (CSV-1, CSV-3): the file table and the ids
 * of the metadata requests applied so far, in order (the dedup log, durable with the table so that a request applied before
 * a crash of the coordinator is never applied again). Written whole, as one record, at the start of the
 * {@link FencedDisk} by {@link #encode}, read back and checked by {@link #decode}. Little-endian:
 *
 * <pre>
 *  0         4         6           8          16              20         24
 *  +---------+---------+-----------+----------+---------------+----------+---------------------------
 *  | magic   | version | fileCount | term     | appliedCount  | reserved | fileCount x file entry (24 B)
 *  | u32     | u16 = 1 | u16       | u64      | u32           | u32 = 0  |
 *  +---------+---------+-----------+----------+---------------+----------+---------------------------
 *  file entry: flags u8 (bit 0: exists) | 3 zero bytes | owner i32 | epoch u64 | sizeBytes u64
 *  then appliedCount x request id (u64, {@link RequestId#packed()}), then CRC32C u32 of every byte before it.
 * </pre>
 */
public final class Namespace {
    /** Bound on the applied requests the namespace remembers (CSV-3 dedup); one more is a clear error. */
    public static final int APPLIED_MAX = 1024;
    public static final int MAGIC = 0x4E565343; // "CSVN" little-endian
    public static final short VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int FILE_COUNT_OFFSET = VERSION_OFFSET + Short.BYTES;
    static final int TERM_OFFSET = FILE_COUNT_OFFSET + Short.BYTES;
    static final int APPLIED_COUNT_OFFSET = TERM_OFFSET + Long.BYTES;
    static final int RESERVED_OFFSET = APPLIED_COUNT_OFFSET + Integer.BYTES;
    static final int HEADER_BYTES = RESERVED_OFFSET + Integer.BYTES;
    static final int ENTRY_BYTES = 1 + 3 + Integer.BYTES + Long.BYTES + Long.BYTES;
    static final int CRC_BYTES = Integer.BYTES;

    private final FileEntry[] files;
    private final List<RequestId> applied = new ArrayList<>();
    private long term;

    /** An empty namespace of {@code fileCount} absent files, in {@code term}. */
    public Namespace(int fileCount, long term) {
        if (fileCount <= 0 || fileCount > FencedDisk.FILES_MAX) {
            throw new ClusterLimitException("invalid file count: fileCount=" + fileCount
                    + " max=" + FencedDisk.FILES_MAX);
        }
        this.files = new FileEntry[fileCount];
        Arrays.fill(files, FileEntry.ABSENT);
        this.term = term;
    }

    /** The largest record of {@code fileCount} files: the room the disk keeps for it. */
    public static int maxRecordBytes(int fileCount) {
        return HEADER_BYTES + fileCount * ENTRY_BYTES + APPLIED_MAX * Long.BYTES + CRC_BYTES;
    }

    public int fileCount() {
        return files.length;
    }

    public long term() {
        return term;
    }

    public FileEntry file(int file) {
        return files[checkFile(file)];
    }

    public void setFile(int file, FileEntry entry) {
        files[checkFile(file)] = entry;
    }

    public boolean isApplied(RequestId id) {
        return applied.contains(id);
    }

    /** The applied request ids, oldest first. */
    public List<RequestId> applied() {
        return List.copyOf(applied);
    }

    /**
     * Appends {@code id} to the applied log; beyond {@link #APPLIED_MAX} entries it is a {@link
     * ClusterLimitException}. The caller deduplicates (CSV-3): the log is what was applied, duplicates included.
     */
    public void markApplied(RequestId id) {
        if (applied.size() >= APPLIED_MAX) {
            throw new ClusterLimitException("too many applied requests: max=" + APPLIED_MAX + " id=" + id);
        }
        applied.add(id);
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + files.length * ENTRY_BYTES + applied.size() * Long.BYTES
                + CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putShort(VERSION).putShort((short) files.length).putLong(term).putInt(applied.size())
                .putInt(0);
        for (FileEntry e : files) {
            b.put((byte) (e.exists() ? 1 : 0)).put((byte) 0).putShort((short) 0).putInt(e.owner()).putLong(e.epoch())
                    .putLong(e.sizeBytes());
        }
        applied.forEach(id -> b.putLong(id.packed()));
        b.putInt(crc(b.array(), b.position()));
        return b.array();
    }

    /** Reads a record back from {@code region} (the disk's namespace region) and checks every field and the CRC. */
    public static Namespace decode(byte[] region) {
        ByteBuffer b = ByteBuffer.wrap(region).order(ByteOrder.LITTLE_ENDIAN);
        check(region.length >= HEADER_BYTES, "truncated header: lengthBytes=" + region.length);
        int magic = b.getInt(MAGIC_OFFSET);
        check(magic == MAGIC, "bad magic: expected=0x" + hex(MAGIC) + " read=0x" + hex(magic));
        short version = b.getShort(VERSION_OFFSET);
        check(version == VERSION, "bad version: expected=" + VERSION + " read=" + version);
        int fileCount = Short.toUnsignedInt(b.getShort(FILE_COUNT_OFFSET));
        int appliedCount = b.getInt(APPLIED_COUNT_OFFSET);
        check(fileCount > 0 && fileCount <= FencedDisk.FILES_MAX && appliedCount >= 0 && appliedCount <= APPLIED_MAX,
                "bad counts: fileCount=" + fileCount + " appliedCount=" + appliedCount);
        int crcOffset = HEADER_BYTES + fileCount * ENTRY_BYTES + appliedCount * Long.BYTES;
        check(crcOffset + CRC_BYTES <= region.length, "truncated record: crcOffset=0x" + Integer.toHexString(crcOffset)
                + " lengthBytes=" + region.length);
        int calculated = crc(region, crcOffset);
        int read = b.getInt(crcOffset);
        check(calculated == read, "crc32c mismatch: offset=0x" + Integer.toHexString(crcOffset)
                + " calculated=0x" + hex(calculated) + " read=0x" + hex(read));
        Namespace ns = new Namespace(fileCount, b.getLong(TERM_OFFSET));
        b.position(HEADER_BYTES);
        for (int f = 0; f < fileCount; f++) {
            int flags = b.get();
            b.position(b.position() + 3);
            int owner = b.getInt();
            long epoch = b.getLong();
            ns.files[f] = new FileEntry((flags & 1) != 0, b.getLong(), owner, epoch);
        }
        for (int i = 0; i < appliedCount; i++) {
            ns.markApplied(RequestId.unpack(b.getLong()));
        }
        return ns;
    }

    /** A copy in {@code newTerm}: what a new coordinator writes back after recovering the namespace (CSV-7). */
    public Namespace withTerm(long newTerm) {
        Namespace c = copy();
        c.term = newTerm;
        return c;
    }

    /** A copy, for a caller that must not see later changes. */
    public Namespace copy() {
        Namespace c = new Namespace(files.length, term);
        System.arraycopy(files, 0, c.files, 0, files.length);
        c.applied.addAll(applied);
        return c;
    }

    private int checkFile(int file) {
        if (file < 0 || file >= files.length) {
            throw new IllegalArgumentException("no such file: file=" + file + " fileCount=" + files.length);
        }
        return file;
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static String hex(int value) {
        return HexFormat.of().withUpperCase().toHexDigits(value);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new CorruptNamespaceException(message);
        }
    }
}
