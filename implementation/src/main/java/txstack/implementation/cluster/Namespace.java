package txstack.implementation.cluster;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The namespace of a cluster shared volume as the coordinator keeps it (CSV-1, CSV-3): the file table, and what it
 * takes to apply each metadata request once (the dedup, durable with the table so that a request applied before a
 * crash of the coordinator is never applied again). A request id is (node, incarnation, seq), and a node has at most
 * {@link Node#PENDING_MAX} requests unacknowledged, so per node one <i>session</i> is enough: its latest incarnation,
 * the highest seq below which every request of it was applied, and which of the next {@link #WINDOW} seqs were. A
 * request of an older incarnation than its node's session is stale: its sender has restarted and no longer waits for
 * it, and it is never applied. Beside that, the last {@link #APPLIED_MAX} ids applied, in order, for reports and
 * checks: a volume applies any number of requests in its life. Written whole, as one record, by {@link #encode}, read
 * back and checked by {@link #decode}. Little-endian:
 *
 * <pre>
 *  0         4         6           8          16             20             22      24
 *  +---------+---------+-----------+----------+--------------+--------------+-------+--------------------------
 *  | magic   | version | fileCount | term     | appliedCount | sessionCount | 0 u16 | fileCount x file entry (24 B)
 *  | u32     | u16 = 2 | u16       | u64      | u32          | u16          |       |
 *  +---------+---------+-----------+----------+--------------+--------------+-------+--------------------------
 *  file entry: flags u8 (bit 0: exists) | 3 zero bytes | owner i32 | epoch u64 | sizeBytes u64
 *  session (32 B): node u16 | incarnation u16 | 0 u32 | floor i64 (every seq below it applied) | window 2 x u64
 *                  (bit i of word i / 64: seq floor + i applied)
 *  then sessionCount sessions, appliedCount x request id (u64, {@link RequestId#packed()}), oldest first,
 *  then CRC32C u32 of every byte before it.
 * </pre>
 */
public final class Namespace {
    /** The most recent applied request ids the namespace lists ({@link #applied()}); older ones slide out. */
    public static final int APPLIED_MAX = 1024;
    /** Bound on sessions: one per node. */
    public static final int SESSIONS_MAX = FencedDisk.NODES_MAX;
    /** Seqs past a session's floor it can tell apart: more than a node's requests in flight and its own changes. */
    public static final int WINDOW = 128;
    public static final int MAGIC = 0x4E565343; // "CSVN" little-endian
    public static final short VERSION = 2;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int FILE_COUNT_OFFSET = VERSION_OFFSET + Short.BYTES;
    static final int TERM_OFFSET = FILE_COUNT_OFFSET + Short.BYTES;
    static final int APPLIED_COUNT_OFFSET = TERM_OFFSET + Long.BYTES;
    static final int SESSION_COUNT_OFFSET = APPLIED_COUNT_OFFSET + Integer.BYTES;
    static final int HEADER_BYTES = SESSION_COUNT_OFFSET + Short.BYTES + Short.BYTES;
    static final int ENTRY_BYTES = 1 + 3 + Integer.BYTES + Long.BYTES + Long.BYTES;
    static final int SESSION_BYTES = Short.BYTES + Short.BYTES + Integer.BYTES + Long.BYTES + 2 * Long.BYTES;
    static final int CRC_BYTES = Integer.BYTES;

    /** What the namespace knows of a request. */
    public enum Status {
        /** Not applied: apply it. */
        NEW,
        /** Applied before: ack it again. */
        APPLIED,
        /** Of an incarnation its node left, or too far ahead of what was applied: never applied, not acked. */
        STALE
    }

    /** One node's dedup state: its latest incarnation, every seq below {@code floor} applied, and the window. */
    private static final class Session {
        final int node;
        int incarnation;
        long floor;
        final long[] window = new long[WINDOW / Long.SIZE];

        Session(int node, int incarnation) {
            this.node = node;
            this.incarnation = incarnation;
        }

        Session copy() {
            Session c = new Session(node, incarnation);
            c.floor = floor;
            System.arraycopy(window, 0, c.window, 0, window.length);
            return c;
        }

        boolean has(long seq) {
            long i = seq - floor;
            return i < 0 || (window[(int) (i / Long.SIZE)] & 1L << (i % Long.SIZE)) != 0;
        }

        void add(long seq) {
            long i = seq - floor;
            window[(int) (i / Long.SIZE)] |= 1L << (i % Long.SIZE);
            while ((window[0] & 1L) != 0) { // slide past every seq applied from the floor on
                for (int w = 0; w < window.length; w++) {
                    long carry = w + 1 < window.length ? window[w + 1] & 1L : 0;
                    window[w] = window[w] >>> 1 | carry << (Long.SIZE - 1);
                }
                floor++;
            }
        }
    }

    private final FileEntry[] files;
    private final java.util.TreeMap<Integer, Session> sessions = new java.util.TreeMap<>();
    private final java.util.ArrayDeque<RequestId> applied = new java.util.ArrayDeque<>();
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
        return HEADER_BYTES + fileCount * ENTRY_BYTES + SESSIONS_MAX * SESSION_BYTES + APPLIED_MAX * Long.BYTES
                + CRC_BYTES;
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

    /** CSV-3: whether request {@code id} was applied, is new, or is stale (never to be applied). */
    public Status status(RequestId id) {
        Session s = sessions.get(id.node());
        if (s == null || id.incarnation() > s.incarnation) {
            return Status.NEW;
        }
        if (id.incarnation() < s.incarnation || id.seq() >= s.floor + WINDOW) {
            return Status.STALE;
        }
        return s.has(id.seq()) ? Status.APPLIED : Status.NEW;
    }

    public boolean isApplied(RequestId id) {
        return status(id) == Status.APPLIED;
    }

    /** The most recent applied request ids (at most {@link #APPLIED_MAX}), oldest first. */
    public List<RequestId> applied() {
        return List.copyOf(applied);
    }

    /**
     * Records that request {@code id} was applied (the caller deduplicates with {@link #status}: the recent list is
     * what was applied, duplicates included). A request of a newer incarnation opens its node's session anew.
     * Throws {@link ClusterLimitException} for a stale id, or a node beyond {@link #SESSIONS_MAX} sessions.
     */
    public void markApplied(RequestId id) {
        Session s = sessions.get(id.node());
        if (s == null || id.incarnation() > s.incarnation) {
            if (s == null && sessions.size() >= SESSIONS_MAX) {
                throw new ClusterLimitException("too many nodes with requests: max=" + SESSIONS_MAX + " id=" + id);
            }
            s = new Session(id.node(), id.incarnation());
            sessions.put(id.node(), s);
        }
        if (id.incarnation() < s.incarnation || id.seq() >= s.floor + WINDOW) {
            throw new ClusterLimitException("stale request: id=" + id + " session incarnation=" + s.incarnation
                    + " floor=" + s.floor + " window=" + WINDOW);
        }
        if (!s.has(id.seq())) {
            s.add(id.seq());
        }
        if (applied.size() >= APPLIED_MAX) {
            applied.removeFirst();
        }
        applied.addLast(id);
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + files.length * ENTRY_BYTES + sessions.size() * SESSION_BYTES
                + applied.size() * Long.BYTES + CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putShort(VERSION).putShort((short) files.length).putLong(term).putInt(applied.size())
                .putShort((short) sessions.size()).putShort((short) 0);
        for (FileEntry e : files) {
            b.put((byte) (e.exists() ? 1 : 0)).put((byte) 0).putShort((short) 0).putInt(e.owner()).putLong(e.epoch())
                    .putLong(e.sizeBytes());
        }
        for (Session s : sessions.values()) {
            b.putShort((short) s.node).putShort((short) s.incarnation).putInt(0).putLong(s.floor);
            for (long w : s.window) {
                b.putLong(w);
            }
        }
        applied.forEach(id -> b.putLong(id.packed()));
        b.putInt(OnDisk.crc32c(b.array(), 0, b.position()));
        return b.array();
    }

    /** Reads a record back from {@code region} (the disk's namespace region) and checks every field and the CRC. */
    public static Namespace decode(byte[] region) {
        ByteBuffer b = ByteBuffer.wrap(region).order(ByteOrder.LITTLE_ENDIAN);
        OnDisk.check(region.length >= HEADER_BYTES, "truncated header: lengthBytes=" + region.length);
        int magic = b.getInt(MAGIC_OFFSET);
        OnDisk.check(magic == MAGIC, "bad magic: expected=0x" + OnDisk.hex(MAGIC) + " read=0x" + OnDisk.hex(magic));
        short version = b.getShort(VERSION_OFFSET);
        OnDisk.check(version == VERSION, "bad version: expected=" + VERSION + " read=" + version);
        int fileCount = Short.toUnsignedInt(b.getShort(FILE_COUNT_OFFSET));
        int appliedCount = b.getInt(APPLIED_COUNT_OFFSET);
        int sessionCount = Short.toUnsignedInt(b.getShort(SESSION_COUNT_OFFSET));
        OnDisk.check(fileCount > 0 && fileCount <= FencedDisk.FILES_MAX && appliedCount >= 0 && appliedCount <= APPLIED_MAX
                && sessionCount <= SESSIONS_MAX, "bad counts: fileCount=" + fileCount + " appliedCount="
                + appliedCount + " sessionCount=" + sessionCount);
        int crcOffset = HEADER_BYTES + fileCount * ENTRY_BYTES + sessionCount * SESSION_BYTES
                + appliedCount * Long.BYTES;
        OnDisk.check(crcOffset + CRC_BYTES <= region.length, "truncated record: crcOffset=0x" + Integer.toHexString(crcOffset)
                + " lengthBytes=" + region.length);
        int calculated = OnDisk.crc32c(region, 0, crcOffset);
        int read = b.getInt(crcOffset);
        OnDisk.check(calculated == read, "crc32c mismatch: offset=0x" + Integer.toHexString(crcOffset)
                + " calculated=0x" + OnDisk.hex(calculated) + " read=0x" + OnDisk.hex(read));
        long term = b.getLong(TERM_OFFSET);
        OnDisk.check(term >= 0 && b.getShort(SESSION_COUNT_OFFSET + Short.BYTES) == 0, "bad header: term=" + term);
        Namespace ns = new Namespace(fileCount, term);
        b.position(HEADER_BYTES);
        for (int f = 0; f < fileCount; f++) {
            int at = b.position();
            int flags = b.get();
            int reserved = b.get() | b.getShort();
            int owner = b.getInt();
            long epoch = b.getLong();
            long sizeBytes = b.getLong();
            OnDisk.check((flags & ~1) == 0 && reserved == 0 && owner >= FileEntry.NO_OWNER && epoch >= 0 && sizeBytes >= 0,
                    "bad file entry: file=" + f + " offset=0x" + Integer.toHexString(at) + " flags=" + flags
                    + " owner=" + owner + " epoch=" + epoch + " sizeBytes=" + sizeBytes);
            ns.files[f] = new FileEntry((flags & 1) != 0, sizeBytes, owner, epoch);
        }
        int lastNode = -1;
        for (int i = 0; i < sessionCount; i++) {
            int at = b.position();
            Session s = new Session(Short.toUnsignedInt(b.getShort()), Short.toUnsignedInt(b.getShort()));
            int reserved = b.getInt();
            s.floor = b.getLong();
            for (int w = 0; w < s.window.length; w++) {
                s.window[w] = b.getLong();
            }
            // Canonical: sessions by node, the floor past every applied seq (bit 0 of the window clear).
            OnDisk.check(s.node > lastNode && reserved == 0 && s.floor >= 0 && s.floor <= RequestId.SEQ_MAX + 1
                    && (s.window[0] & 1L) == 0, "bad session: offset=0x" + Integer.toHexString(at) + " node=" + s.node
                    + " floor=" + s.floor);
            lastNode = s.node;
            ns.sessions.put(s.node, s);
        }
        for (int i = 0; i < appliedCount; i++) {
            ns.applied.addLast(RequestId.unpack(b.getLong()));
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
        sessions.forEach((node, s) -> c.sessions.put(node, s.copy()));
        c.applied.addAll(applied);
        return c;
    }

    private int checkFile(int file) {
        if (file < 0 || file >= files.length) {
            throw new IllegalArgumentException("no such file: file=" + file + " fileCount=" + files.length);
        }
        return file;
    }

}
