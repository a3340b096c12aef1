package txstack.implementation.fs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.UnreadableSectorException;
import txstack.implementation.disk.DeviceSlice;
import txstack.implementation.lfs.CorruptLogException;
import txstack.implementation.lfs.LogOptions;
import txstack.implementation.recovery.CorruptStoreException;
import txstack.implementation.recovery.RecoverableStore;
import txstack.implementation.recovery.StoreFullException;
import txstack.implementation.recovery.StoreOptions;
import txstack.implementation.recovery.Transaction;

/**
 * An NTFS-style file system on one block device, keeping the file-system contract ({@code docs/file-system.md}).
 *
 * <h2>Regions</h2>
 * Sector 0 holds the {@link VolumeHeader}. Then the log of a {@link RecoverableStore}, then its data device (the
 * metadata region: one store page per sector, grouped into blocks, see {@link MetaBlocks}), then the cluster region
 * (file data, not logged). Metadata blocks: the cluster bitmap, then the block bitmap, then the root directory's
 * record; every other block is allocated from the block bitmap as a file record ({@link FileRecord}, its number the
 * block's), an index node ({@link IndexNode}) or reparse data.
 *
 * <h2>Crash safety</h2>
 * Every metadata operation is one store transaction committed lazily; {@link #flush} and {@link #flushVolume} flush
 * the device (file data durable), log the valid data lengths that advanced, then flush the log. File data goes straight
 * to its clusters; bytes at or past a file's valid data length (VDL) read as zeros, and the durable VDL only advances
 * after the device flush that made the bytes below it durable, so a crash never shows bytes never written to the file.
 * Freed clusters stay quarantined until the log is durable through the transaction that freed them.
 *
 * <p>Thread-safe: one lock around every operation.
 */
public final class FileSystem implements AutoCloseable {
    static final int TRANSACTIONS_MAX = 4;
    static final int REPARSE_DATA_MAX = FileRecord.REPARSE_DATA_MAX;
    private static final long LOG_SECTORS_DEFAULT_MAX_BYTES = 64L << 20;
    private static final int IO_CHUNK_BYTES = 64 << 10;
    private static final int EXTENTS_MIN = 8;

    final BlockDevice device;
    final VolumeHeader header;
    final FsFault fault;
    final RecoverableStore store;
    final MetaBlocks meta;
    final int clusterBitmapBlocks;
    final int blockBitmapBlocks;
    final int rootRecord;
    final int extentsMax;
    final int reparseBlocksMax;
    final int sectorsPerCluster;
    private final ReentrantLock lock = new ReentrantLock();
    final BitSet clusterUsed = new BitSet();
    final BitSet blockUsed = new BitSet();
    final BitSet quarantined = new BitSet();
    private final List<long[]> quarantine = new ArrayList<>();
    /** Volatile valid data lengths that are ahead of the durable ones, by record. */
    private final Map<Integer, Long> volatileVdl = new HashMap<>();
    private final DirectoryIndex index = new DirectoryIndex(this);
    private int blockHint;
    private boolean closed;

    private FileSystem(BlockDevice device, VolumeHeader header, FsFault fault, RecoverableStore store,
                       int pagesPerBlock, int updateBytesMax) {
        this.device = device;
        this.header = header;
        this.fault = fault;
        this.store = store;
        this.meta = new MetaBlocks(store, pagesPerBlock, updateBytesMax);
        int bitsPerBlock = meta.blockBytes() * 8;
        this.clusterBitmapBlocks = (int) Math.max(1, (header.clusterCount() + bitsPerBlock - 1) / bitsPerBlock);
        this.blockBitmapBlocks = Math.max(1, (meta.blockCount() + bitsPerBlock - 1) / bitsPerBlock);
        this.rootRecord = clusterBitmapBlocks + blockBitmapBlocks;
        this.reparseBlocksMax = (REPARSE_DATA_MAX + meta.blockBytes() - 1) / meta.blockBytes();
        this.extentsMax = Math.min(0xFFFF, FileRecord.extentsMax(meta.blockBytes(), header.nameLengthMax(),
                reparseBlocksMax));
        this.sectorsPerCluster = header.clusterBytes() / header.sectorSizeBytes();
    }

    /** Formats {@code volume} (which may hold garbage) with {@code options}; durable on return. */
    public static FileSystem format(BlockDevice volume, FsOptions options) {
        return format(volume, options, FsFault.CORRECT);
    }

    static FileSystem format(BlockDevice volume, FsOptions options, FsFault fault) {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(options, "options");
        VolumeHeader header = plan(volume, options);
        int sector = volume.sectorSizeBytes();
        // The old header goes first: a format a crash cuts short never mounts.
        volume.write(0, ByteBuffer.wrap(new byte[sector]), true);
        RecoverableStore store;
        try {
            store = RecoverableStore.format(logDevice(volume, header), metaDevice(volume, header),
                    storeOptions(volume, options));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device too small for the log: sectorCount=" + volume.sectorCount()
                    + " logSectors=" + header.logSectors() + " cause=" + e.getMessage(), e);
        }
        FileSystem fs = new FileSystem(volume, header, fault, store, pagesPerBlock(header), updateBytesMax(store));
        fs.checkGeometry();
        fs.initialize();
        volume.write(0, ByteBuffer.wrap(header.encode()), true);
        volume.flush();
        return fs;
    }

    /** Mounts a formatted volume: the store's restart recovery runs first (REC-4), then the bitmaps are loaded. */
    public static FileSystem mount(BlockDevice volume, FsOptions options) {
        return mount(volume, options, FsFault.CORRECT);
    }

    static FileSystem mount(BlockDevice volume, FsOptions options, FsFault fault) {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(options, "options");
        byte[] sector = new byte[volume.sectorSizeBytes()];
        volume.read(0, ByteBuffer.wrap(sector));
        VolumeHeader header = VolumeHeader.decode(sector, volume.sectorSizeBytes(), volume.sectorCount());
        RecoverableStore store;
        try {
            store = RecoverableStore.open(logDevice(volume, header), metaDevice(volume, header),
                    storeOptions(volume, options));
        } catch (CorruptStoreException | CorruptLogException e) {
            throw new CorruptVolumeException("volume's log or metadata is corrupt: " + e.getMessage(), e);
        }
        FileSystem fs = new FileSystem(volume, header, fault, store, pagesPerBlock(header), updateBytesMax(store));
        fs.loadBitmaps();
        return fs;
    }

    private static VolumeHeader plan(BlockDevice volume, FsOptions options) {
        int sector = volume.sectorSizeBytes();
        if (options.clusterBytes() < sector) {
            throw new IllegalArgumentException("clusterBytes below the sector size: clusterBytes="
                    + options.clusterBytes() + " sectorSizeBytes=" + sector);
        }
        long total = volume.sectorCount() - 1;
        long log = options.logSectors() > 0 ? options.logSectors()
                : Math.min(total / 4, LOG_SECTORS_DEFAULT_MAX_BYTES / sector);
        long metadata = options.metadataSectors() > 0 ? options.metadataSectors() : total / 4;
        int sectorsPerCluster = options.clusterBytes() / sector;
        long clusters = (total - log - metadata) / sectorsPerCluster;
        if (log < 16 || metadata < 8 || clusters < 1) {
            throw new IllegalArgumentException("device too small: sectorCount=" + volume.sectorCount()
                    + " logSectors=" + log + " metadataSectors=" + metadata + " clusterCount=" + clusters);
        }
        return new VolumeHeader(sector, volume.sectorCount(), 1, log, 1 + log, metadata, 1 + log + metadata,
                clusters, options.clusterBytes(), options.blockBytes(), options.nameLengthMax(),
                options.indexEntriesLimit());
    }

    private static BlockDevice logDevice(BlockDevice volume, VolumeHeader h) {
        return new DeviceSlice(volume, h.logFirstSector(), h.logSectors());
    }

    private static BlockDevice metaDevice(BlockDevice volume, VolumeHeader h) {
        return new DeviceSlice(volume, h.metadataFirstSector(), h.metadataSectors());
    }

    private static StoreOptions storeOptions(BlockDevice volume, FsOptions options) {
        int updateBytes = Math.min(StoreOptions.UPDATE_BYTES_LIMIT, volume.sectorSizeBytes() / 2);
        return new StoreOptions(options.cachePagesMax(), TRANSACTIONS_MAX, updateBytes,
                LogOptions.defaults().withFlushBatchMaxBytes(64 << 10));
    }

    private static int pagesPerBlock(VolumeHeader h) {
        return Math.max(1, h.blockBytes() / h.sectorSizeBytes());
    }

    private static int updateBytesMax(RecoverableStore store) {
        return Math.min(StoreOptions.UPDATE_BYTES_LIMIT, store.pageSizeBytes() / 2);
    }

    /** Index nodes must split into halves that fit, records must hold a full name, reparse list and some extents. */
    private void checkGeometry() {
        int nodeNeeds = IndexNode.ENTRIES_OFFSET + IndexNode.CRC_BYTES
                + 3 * IndexNode.entryBytesMax(header.nameLengthMax());
        if (meta.blockBytes() < nodeNeeds || extentsMax < EXTENTS_MIN || meta.blockCount() < rootRecord + 8) {
            throw new IllegalArgumentException("blocks too small or too few for the names: blockDataBytes="
                    + meta.blockBytes() + " indexNodeNeedsBytes=" + nodeNeeds + " extentsMax=" + extentsMax
                    + " blockCount=" + meta.blockCount() + " nameLengthMax=" + header.nameLengthMax());
        }
    }

    // Format and mount.

    private void initialize() {
        lock.lock();
        try {
            Op op = new Op(store.begin());
            setBlocks(op, 0, rootRecord + 2, true);
            int rootIndex = rootRecord + 1;
            writeNode(op, rootIndex, new IndexNode(true, rootRecord));
            FileRecord root = new FileRecord();
            root.directory = true;
            root.indexRoot = rootIndex;
            writeRecord(op, rootRecord, root);
            op.tx.commit();
        } finally {
            lock.unlock();
        }
    }

    private void loadBitmaps() {
        clusterUsed.or(diskBitmap(true));
        blockUsed.or(diskBitmap(false));
    }

    /** The cluster bitmap (or the block bitmap) as the store holds it. */
    BitSet diskBitmap(boolean ofClusters) {
        BitSet bits = new BitSet();
        int bitsPerBlock = meta.blockBytes() * 8;
        int first = ofClusters ? 0 : clusterBitmapBlocks;
        int count = ofClusters ? clusterBitmapBlocks : blockBitmapBlocks;
        long limit = ofClusters ? header.clusterCount() : meta.blockCount();
        for (int b = 0; b < count; b++) {
            loadBits(bits, meta.read(first + b), (long) b * bitsPerBlock, limit);
        }
        return bits;
    }

    private static void loadBits(BitSet bits, byte[] block, long base, long limit) {
        for (int i = 0; i < block.length; i++) {
            if (block[i] == 0) {
                continue;
            }
            for (int bit = 0; bit < 8; bit++) {
                long index = base + i * 8L + bit;
                if ((block[i] & (1 << bit)) != 0 && index < limit) {
                    bits.set((int) index);
                }
            }
        }
    }

    // Transactions.

    /** One metadata operation: its store transaction and how to undo its in-memory changes if it rolls back. */
    final class Op {
        Transaction tx;
        final List<Runnable> undo = new ArrayList<>();
        final List<long[]> freedClusters = new ArrayList<>();
        final List<Runnable> afterCommit = new ArrayList<>();

        Op(Transaction tx) {
            this.tx = tx;
        }

        /** Broken variants only: commits durably what is done so far and goes on in a new transaction. */
        void commitDurablyAndContinue() {
            tx.commit();
            undo.clear();
            tx = store.begin();
        }
    }

    @FunctionalInterface
    interface Body<T> {
        T run(Op op);
    }

    /** Runs {@code body} as one transaction committed lazily; on any failure rolls it back and undoes memory. */
    private <T> T mutate(Body<T> body) {
        releaseQuarantine();
        Op op = new Op(store.begin());
        T result;
        try {
            result = body.run(op);
        } catch (RuntimeException | Error e) {
            rollback(op);
            if (e instanceof StoreFullException full) {
                throw diskFull("log full: " + full.getMessage());
            }
            throw e;
        }
        long commitLsn = op.tx.commitLazily();
        for (long[] freed : op.freedClusters) {
            if (fault == FsFault.REUSE_FREED_EARLY) {
                break;
            }
            quarantine.add(new long[] {commitLsn, freed[0], freed[1]});
            quarantined.set((int) freed[0], (int) (freed[0] + freed[1]));
        }
        op.afterCommit.forEach(Runnable::run);
        return result;
    }

    private void rollback(Op op) {
        try {
            op.tx.rollback();
        } finally {
            for (int i = op.undo.size() - 1; i >= 0; i--) {
                op.undo.get(i).run();
            }
        }
    }

    /** Releases the clusters whose freeing transaction the log holds durably. */
    private void releaseQuarantine() {
        if (quarantine.isEmpty()) {
            return;
        }
        long durable = store.durableLsn();
        quarantine.removeIf(q -> {
            if (q[0] <= durable) {
                quarantined.clear((int) q[1], (int) (q[1] + q[2]));
                return true;
            }
            return false;
        });
    }

    static DiskFullException diskFull(String message) {
        return new DiskFullException(message);
    }

    // Bitmaps and allocation.

    /** Sets blocks {@code [first, first + count)} used or free, in memory and in the block bitmap. */
    void setBlocks(Op op, int first, int count, boolean used) {
        setBits(op, blockUsed, clusterBitmapBlocks, first, count, used);
    }

    void setClusters(Op op, long first, long count, boolean used) {
        setBits(op, clusterUsed, 0, (int) first, (int) count, used);
    }

    private void setBits(Op op, BitSet bits, int bitmapFirstBlock, int first, int count, boolean used) {
        BitSet before = bits.get(first, first + count);
        bits.set(first, first + count, used);
        op.undo.add(() -> {
            bits.clear(first, first + count);
            for (int i = before.nextSetBit(0); i >= 0; i = before.nextSetBit(i + 1)) {
                bits.set(first + i);
            }
        });
        int firstByte = first / 8;
        int lastByte = (first + count - 1) / 8;
        while (firstByte <= lastByte) {
            int block = firstByte / meta.blockBytes();
            int endByte = Math.min(lastByte, (block + 1) * meta.blockBytes() - 1);
            byte[] bytes = new byte[endByte - firstByte + 1];
            for (int i = 0; i < bytes.length; i++) {
                long base = (long) (firstByte + i) * 8;
                int v = 0;
                for (int bit = 0; bit < 8; bit++) {
                    if (bits.get((int) (base + bit))) {
                        v |= 1 << bit;
                    }
                }
                bytes[i] = (byte) v;
            }
            meta.write(op.tx, bitmapFirstBlock + block, firstByte - block * meta.blockBytes(), bytes);
            firstByte = endByte + 1;
        }
    }

    int allocateBlock(Op op) {
        int block = blockUsed.nextClearBit(blockHint);
        if (block >= meta.blockCount()) {
            block = blockUsed.nextClearBit(rootRecord);
        }
        if (block >= meta.blockCount()) {
            throw diskFull("no free metadata block: blockCount=" + meta.blockCount());
        }
        setBlocks(op, block, 1, true);
        blockHint = block + 1;
        return block;
    }

    void freeBlock(Op op, int block) {
        setBlocks(op, block, 1, false);
    }

    private boolean clusterFree(long c) {
        return !clusterUsed.get((int) c) && !quarantined.get((int) c);
    }

    /** Allocates {@code count} clusters for the record, contiguous after its last extent where possible. */
    private void allocateClusters(Op op, FileRecord r, long count) {
        long free = header.clusterCount() - clusterUsed.cardinality() - quarantined.cardinality();
        if (count > free && !quarantine.isEmpty()) {
            // Flushing the log makes the frees durable (this transaction's own updates stay uncommitted).
            store.flushLog();
            releaseQuarantine();
            free = header.clusterCount() - clusterUsed.cardinality() - quarantined.cardinality();
        }
        if (count > free) {
            throw diskFull("not enough free clusters: needed=" + count + " free=" + free + " clusterCount="
                    + header.clusterCount() + " quarantined=" + quarantined.cardinality());
        }
        // First fit for a file's first extent; after its last extent for the rest.
        long next = r.extents.isEmpty() ? 0 : r.extents.getLast().start() + r.extents.getLast().count();
        while (count > 0) {
            long start = firstFree(next);
            long run = 0;
            while (run < count && run < Integer.MAX_VALUE && start + run < header.clusterCount()
                    && clusterFree(start + run)) {
                run++;
            }
            setClusters(op, start, run, true);
            addExtent(r, start, (int) run);
            count -= run;
            next = start + run;
        }
    }

    private long firstFree(long from) {
        long found = firstFreeIn(from, header.clusterCount());
        if (found < 0) {
            found = firstFreeIn(0, from);
        }
        if (found < 0) {
            throw diskFull("no free cluster: clusterCount=" + header.clusterCount());
        }
        return found;
    }

    private long firstFreeIn(long from, long to) {
        int c = (int) from;
        while (true) {
            c = clusterUsed.nextClearBit(c);
            if (c >= to) {
                return -1;
            }
            if (!quarantined.get(c)) {
                return c;
            }
            c++;
        }
    }

    private void addExtent(FileRecord r, long start, int count) {
        if (!r.extents.isEmpty()) {
            FileRecord.Extent last = r.extents.getLast();
            if (last.start() + last.count() == start && (long) last.count() + count <= Integer.MAX_VALUE) {
                r.extents.set(r.extents.size() - 1, new FileRecord.Extent(last.start(), last.count() + count));
                return;
            }
        }
        if (r.extents.size() >= extentsMax) {
            throw diskFull("extent list full: extentsMax=" + extentsMax + " name=" + r.name);
        }
        r.extents.add(new FileRecord.Extent(start, count));
    }

    /** Frees the record's clusters past its first {@code keep}; quarantined until the free is durable. */
    private void freeClustersPast(Op op, FileRecord r, long keep) {
        long seen = 0;
        List<FileRecord.Extent> kept = new ArrayList<>();
        for (FileRecord.Extent e : r.extents) {
            long keepHere = Math.max(0, Math.min(e.count(), keep - seen));
            if (keepHere > 0) {
                kept.add(new FileRecord.Extent(e.start(), (int) keepHere));
            }
            if (keepHere < e.count()) {
                long start = e.start() + keepHere;
                long n = e.count() - keepHere;
                setClusters(op, start, n, false);
                op.freedClusters.add(new long[] {start, n});
            }
            seen += e.count();
        }
        r.extents = kept;
    }

    // Records and index nodes.

    FileRecord readRecord(int record) {
        return FileRecord.decode(record, meta.read(record));
    }

    void writeRecord(Op op, int record, FileRecord r) {
        byte[] bytes = r.encode();
        if (bytes.length > meta.blockBytes()) {
            throw diskFull("file record full: record=" + record + " recordBytes=" + bytes.length + " blockBytes="
                    + meta.blockBytes());
        }
        meta.write(op.tx, record, 0, bytes);
    }

    /** The directories' index operations, on this file system's metadata. */
    DirectoryIndex index() {
        return index;
    }

    IndexNode readNode(int block) {
        return IndexNode.decode(block, meta.read(block));
    }

    void writeNode(Op op, int block, IndexNode node) {
        meta.write(op.tx, block, 0, node.encode());
    }

    static String upcase(String name) {
        char[] chars = name.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toUpperCase(chars[i]);
        }
        return new String(chars);
    }

    // Paths.

    private static final String BAD_CHARS = "\\/:*?\"<>|";

    /** The components of an absolute path; empty for the root. Checks the syntax (contract step 1). */
    List<String> parse(String path) {
        if (path == null || !path.startsWith("\\")) {
            throw new InvalidNameException("path not absolute: path=" + path);
        }
        List<String> parts = new ArrayList<>();
        if (path.equals("\\")) {
            return parts;
        }
        int from = 1;
        while (true) {
            int to = path.indexOf('\\', from);
            parts.add(path.substring(from, to < 0 ? path.length() : to));
            if (to < 0) {
                break;
            }
            from = to + 1;
        }
        for (String name : parts) {
            checkNameSyntax(path, name);
        }
        for (String name : parts) {
            if (name.length() > header.nameLengthMax()) {
                throw new NameTooLongException("name too long: path=" + path + " nameLength=" + name.length()
                        + " nameLengthMax=" + header.nameLengthMax());
            }
        }
        return parts;
    }

    private static void checkNameSyntax(String path, String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new InvalidNameException("invalid component: path=" + path + " component=" + name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || BAD_CHARS.indexOf(c) >= 0) {
                throw new InvalidNameException(String.format("invalid char: path=%s char=0x%04X", path, (int) c));
            }
        }
    }

    /** Where a path leads: its parent directory (resolved), its last name, and the node if it exists. */
    record Target(List<String> parts, int parent, String name, int record, FileRecord node) {
        boolean isRoot() {
            return parts.isEmpty();
        }

        boolean exists() {
            return record != 0;
        }
    }

    /** Parses and walks {@code path} (contract steps 1 and 2). */
    Target resolve(String path) {
        return walk(parse(path));
    }

    Target walk(List<String> parts) {
        if (parts.isEmpty()) {
            return new Target(parts, 0, "", rootRecord, readRecord(rootRecord));
        }
        int current = rootRecord;
        FileRecord dir = readRecord(rootRecord);
        for (int i = 0; i < parts.size() - 1; i++) {
            int child = index.lookup(dir, parts.get(i));
            if (child == 0) {
                throw new NotFoundException("not found: component=" + parts.get(i) + " depth=" + i);
            }
            FileRecord r = readRecord(child);
            if (!r.directory) {
                throw new NotADirectoryException("not a directory: component=" + parts.get(i) + " depth=" + i);
            }
            if (r.reparseTag != 0) {
                throw new ReparseException(String.format("reparse point: component=%s depth=%d tag=0x%08X",
                        parts.get(i), i, r.reparseTag), r.reparseTag, readReparseData(r),
                        parts.subList(i + 1, parts.size()));
            }
            current = child;
            dir = r;
        }
        String name = parts.getLast();
        int record = index.lookup(dir, name);
        return new Target(parts, current, name, record, record == 0 ? null : readRecord(record));
    }

    private static String pathOf(Target t) {
        return "\\" + String.join("\\", t.parts());
    }

    Target existing(String path) {
        Target t = resolve(path);
        if (!t.exists()) {
            throw new NotFoundException("not found: path=" + path);
        }
        return t;
    }

    // Reparse data.

    byte[] readReparseData(FileRecord r) {
        byte[] data = new byte[r.reparseLength];
        int done = 0;
        for (int block : r.reparseBlocks) {
            int n = Math.min(meta.blockBytes(), data.length - done);
            if (n <= 0) {
                break;
            }
            System.arraycopy(meta.read(block), 0, data, done, n);
            done += n;
        }
        return data;
    }

    private void freeReparse(Op op, FileRecord r) {
        for (int block : r.reparseBlocks) {
            freeBlock(op, block);
        }
        r.reparseBlocks = new ArrayList<>();
        r.reparseTag = 0;
        r.reparseLength = 0;
    }

    // Operations.

    private <T> T locked(java.util.function.Supplier<T> body) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("file system is closed");
            }
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    private void lockedRun(Runnable body) {
        locked(() -> {
            body.run();
            return null;
        });
    }

    public void createFile(String path) {
        create(path, false);
    }

    public void createDirectory(String path) {
        create(path, true);
    }

    private void create(String path, boolean directory) {
        lockedRun(() -> {
            Target t = resolve(path);
            if (t.isRoot() || t.exists()) {
                throw new AlreadyExistsException("exists: path=" + path);
            }
            mutate(op -> {
                int record = allocateBlock(op);
                FileRecord r = new FileRecord();
                r.sequence = previousSequence(record) + 1;
                r.directory = directory;
                r.name = t.name();
                r.parent = t.parent();
                if (directory) {
                    r.indexRoot = allocateBlock(op);
                    writeNode(op, r.indexRoot, new IndexNode(true, record));
                }
                writeRecord(op, record, r);
                index.insertEntry(op, readRecord(t.parent()), t.parent(), t.name(), record);
                return null;
            });
        });
    }

    /** The sequence number of the record a freed block last held, 0 if it holds none. */
    private int previousSequence(int block) {
        try {
            return readRecord(block).sequence;
        } catch (CorruptVolumeException e) {
            return 0;
        }
    }

    public void delete(String path) {
        lockedRun(() -> {
            Target t = resolve(path);
            if (t.isRoot()) {
                throw new InvalidNameException("cannot delete the root: path=" + path);
            }
            if (!t.exists()) {
                throw new NotFoundException("not found: path=" + path);
            }
            FileRecord r = t.node();
            if (r.directory && !index.isEmptyDirectory(r)) {
                throw new DirectoryNotEmptyException("directory not empty: path=" + path);
            }
            mutate(op -> {
                index.removeEntry(op, readRecord(t.parent()), t.name());
                freeClustersPast(op, r, 0);
                freeReparse(op, r);
                if (r.directory) {
                    freeBlock(op, r.indexRoot);
                }
                freeBlock(op, t.record());
                op.afterCommit.add(() -> volatileVdl.remove(t.record()));
                return null;
            });
        });
    }

    public void rename(String from, String to) {
        lockedRun(() -> {
            List<String> fromParts = parse(from);
            List<String> toParts = parse(to);
            Target a = walk(fromParts);
            Target b = walk(toParts);
            if (a.isRoot() || b.isRoot()) {
                throw new InvalidNameException("cannot rename the root: from=" + from + " to=" + to);
            }
            if (!a.exists()) {
                throw new NotFoundException("not found: path=" + from);
            }
            if (a.node().directory && isBelow(b.parent(), a.record())) {
                throw new InvalidNameException("target inside the source: from=" + from + " to=" + to);
            }
            if (b.exists() && b.record() != a.record()) {
                throw new AlreadyExistsException("exists: path=" + to);
            }
            mutate(op -> {
                boolean sameKey = a.parent() == b.parent() && upcase(a.name()).equals(upcase(b.name()));
                if (fault == FsFault.RENAME_NOT_ATOMIC && !sameKey) {
                    index.insertEntry(op, readRecord(b.parent()), b.parent(), b.name(), a.record());
                    op.commitDurablyAndContinue();
                    index.removeEntry(op, readRecord(a.parent()), a.name());
                } else {
                    index.removeEntry(op, readRecord(a.parent()), a.name());
                    index.insertEntry(op, readRecord(b.parent()), b.parent(), b.name(), a.record());
                }
                FileRecord r = readRecord(a.record());
                r.name = b.name();
                r.parent = b.parent();
                writeRecord(op, a.record(), r);
                return null;
            });
        });
    }

    /** True if directory {@code record} is {@code ancestor} or below it. */
    private boolean isBelow(int record, int ancestor) {
        int current = record;
        for (int depth = 0; depth < meta.blockCount(); depth++) {
            if (current == ancestor) {
                return true;
            }
            if (current == rootRecord) {
                return false;
            }
            current = readRecord(current).parent;
        }
        throw new CorruptVolumeException("parent chain does not reach the root: record=" + record);
    }

    private Target existingFile(String path) {
        Target t = existing(path);
        if (t.node().directory) {
            throw new IsADirectoryException("is a directory: path=" + path);
        }
        return t;
    }

    public void write(String path, long offset, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        lockedRun(() -> {
            Target t = existingFile(path);
            if (offset < 0) {
                throw new InvalidFsArgumentException("negative offset: path=" + path + " offset=" + offset);
            }
            if (offset > fileSizeMax() - bytes.length) {
                throw new FileTooLargeException("file too large: path=" + path + " offset=" + offset + " length="
                        + bytes.length + " fileSizeMax=" + fileSizeMax());
            }
            if (bytes.length == 0) {
                return;
            }
            FileRecord r = t.node();
            long end = offset + bytes.length;
            if (end > r.size) {
                FileRecord changed = mutate(op -> resize(op, t.record(), r.copy(), end));
                writeData(t.record(), changed, offset, bytes);
            } else {
                writeData(t.record(), r, offset, bytes);
            }
        });
    }

    /** Sets the record's size inside {@code op}: allocates or frees clusters, lowers the VDL on truncation. */
    private FileRecord resize(Op op, int record, FileRecord r, long size) {
        long clusters = (size + header.clusterBytes() - 1) / header.clusterBytes();
        long have = r.clusterCount();
        if (clusters > have) {
            allocateClusters(op, r, clusters - have);
        } else if (clusters < have) {
            freeClustersPast(op, r, clusters);
        }
        if (fault != FsFault.EXPOSE_UNWRITTEN && size < Math.min(r.size, vdl(record, r))) {
            zeroSectorTail(r, size);
        }
        r.size = size;
        if (fault == FsFault.EXPOSE_UNWRITTEN) {
            r.validDataLength = size;
        } else if (r.validDataLength > size) {
            r.validDataLength = size;
        }
        writeRecord(op, record, r);
        op.afterCommit.add(() -> volatileVdl.computeIfPresent(record, (k, v) -> Math.min(v, size)));
        return r;
    }

    public void setSize(String path, long size) {
        lockedRun(() -> {
            Target t = existingFile(path);
            if (size < 0) {
                throw new InvalidFsArgumentException("negative size: path=" + path + " size=" + size);
            }
            if (size > fileSizeMax()) {
                throw new FileTooLargeException("file too large: path=" + path + " size=" + size + " fileSizeMax="
                        + fileSizeMax());
            }
            if (size != t.node().size) {
                mutate(op -> resize(op, t.record(), t.node().copy(), size));
            }
        });
    }

    public byte[] read(String path, long offset, int length) {
        return locked(() -> {
            Target t = existingFile(path);
            if (offset < 0 || length < 0) {
                throw new InvalidFsArgumentException("negative offset or length: path=" + path + " offset="
                        + offset + " length=" + length);
            }
            return readData(t.record(), t.node(), offset, length);
        });
    }

    public List<String> list(String directoryPath) {
        return locked(() -> {
            Target t = existing(directoryPath);
            if (!t.node().directory) {
                throw new NotADirectoryException("not a directory: path=" + directoryPath);
            }
            List<String> names = new ArrayList<>();
            for (IndexNode.Entry e : index.entries(t.node())) {
                names.add(e.name());
            }
            return names;
        });
    }

    /**
     * One node as {@link #nodes()} lists it.
     *
     * @param path    from the root, {@code \} for the root
     * @param info    what {@link #stat} tells
     * @param data    a file's data (empty for a directory)
     * @param reparse its reparse point, or null
     */
    public record Node(String path, FileInfo info, byte[] data, ReparsePoint reparse) {
    }

    /**
     * Every node of the tree with its data and reparse point, the root first, then each directory's entries in index
     * order, depth first: the tree as a checker or a backup sees it, a directory with a reparse point listed as a
     * plain directory with its entries (a path through it would reparse). Reads the whole tree into memory: for
     * small volumes.
     */
    public List<Node> nodes() {
        return locked(() -> {
            List<Node> out = new ArrayList<>();
            addNodes("\\", rootRecord, out);
            return out;
        });
    }

    private void addNodes(String path, int record, List<Node> out) {
        FileRecord r = readRecord(record);
        FileInfo info = new FileInfo(r.directory, r.directory ? 0 : r.size, r.creationTime, r.lastWriteTime,
                r.attributes, r.reparseTag);
        byte[] data = r.directory ? new byte[0] : readData(record, r, 0, Math.toIntExact(r.size));
        ReparsePoint reparse = r.reparseTag == 0 ? null : new ReparsePoint(r.reparseTag, readReparseData(r));
        out.add(new Node(path, info, data, reparse));
        if (r.directory) {
            for (IndexNode.Entry e : index.entries(r)) {
                addNodes(path.equals("\\") ? "\\" + e.name() : path + "\\" + e.name(), e.value(), out);
            }
        }
    }

    public FileInfo stat(String path) {
        return locked(() -> {
            FileRecord r = existing(path).node();
            return new FileInfo(r.directory, r.directory ? 0 : r.size, r.creationTime, r.lastWriteTime,
                    r.attributes, r.reparseTag);
        });
    }

    public void setTimes(String path, long creationTime, long lastWriteTime) {
        lockedRun(() -> {
            Target t = existing(path);
            mutate(op -> {
                FileRecord r = t.node().copy();
                r.creationTime = creationTime;
                r.lastWriteTime = lastWriteTime;
                writeRecord(op, t.record(), r);
                return null;
            });
        });
    }

    public void setAttributes(String path, int attributes) {
        lockedRun(() -> {
            Target t = existing(path);
            if (attributes < 0 || attributes > 0xFFFF) {
                throw new InvalidFsArgumentException("attributes out of range: path=" + path
                        + String.format(" attributes=0x%X", attributes));
            }
            mutate(op -> {
                FileRecord r = t.node().copy();
                r.attributes = attributes;
                writeRecord(op, t.record(), r);
                return null;
            });
        });
    }

    /** Bit 28 of a reparse tag: the tag is allowed on a directory with entries (MNT-5). */
    public static final int DIRECTORY_TAG_BIT = 1 << 28;

    /**
     * Sets, or replaces, the reparse point of the node at {@code path}; on a directory with entries only a tag with
     * {@link #DIRECTORY_TAG_BIT}.
     */
    public void setReparsePoint(String path, int tag, byte[] data) {
        Objects.requireNonNull(data, "data");
        lockedRun(() -> {
            Target t = existing(path);
            if (tag == 0) {
                throw new InvalidFsArgumentException("reparse tag 0: path=" + path);
            }
            if (data.length > REPARSE_DATA_MAX) {
                throw new ReparseDataTooLargeException("reparse data too large: path=" + path + " lengthBytes="
                        + data.length + " max=" + REPARSE_DATA_MAX);
            }
            if (t.node().directory && !index.isEmptyDirectory(t.node()) && (tag & DIRECTORY_TAG_BIT) == 0) {
                throw new DirectoryNotEmptyException("directory not empty: path=" + path + " tag=0x"
                        + Integer.toHexString(tag));
            }
            byte[] copy = data.clone();
            mutate(op -> {
                FileRecord r = t.node().copy();
                freeReparse(op, r);
                for (int done = 0; done < copy.length; done += meta.blockBytes()) {
                    int block = allocateBlock(op);
                    int n = Math.min(meta.blockBytes(), copy.length - done);
                    meta.write(op.tx, block, 0, java.util.Arrays.copyOfRange(copy, done, done + n));
                    r.reparseBlocks.add(block);
                }
                r.reparseTag = tag;
                r.reparseLength = copy.length;
                writeRecord(op, t.record(), r);
                return null;
            });
        });
    }

    public ReparsePoint reparsePoint(String path) {
        return locked(() -> {
            FileRecord r = existing(path).node();
            if (r.reparseTag == 0) {
                throw new NotAReparsePointException("not a reparse point: path=" + path);
            }
            return new ReparsePoint(r.reparseTag, readReparseData(r));
        });
    }

    public void deleteReparsePoint(String path) {
        lockedRun(() -> {
            Target t = existing(path);
            if (t.node().reparseTag == 0) {
                throw new NotAReparsePointException("not a reparse point: path=" + path);
            }
            mutate(op -> {
                FileRecord r = t.node().copy();
                freeReparse(op, r);
                writeRecord(op, t.record(), r);
                return null;
            });
        });
    }

    public void flush(String path) {
        lockedRun(() -> {
            Target t = existing(path);
            flushRecords(List.of(t.record()));
        });
    }

    public void flushVolume() {
        lockedRun(() -> flushRecords(new ArrayList<>(volatileVdl.keySet())));
    }

    /** Device flush (data durable), then the advanced VDLs logged, then the log flushed. */
    private void flushRecords(List<Integer> records) {
        device.flush();
        List<Integer> advanced = new ArrayList<>();
        for (int record : records) {
            if (volatileVdl.containsKey(record)) {
                advanced.add(record);
            }
        }
        if (!advanced.isEmpty()) {
            mutate(op -> {
                for (int record : advanced) {
                    FileRecord r = readRecord(record);
                    r.validDataLength = Math.min(r.size, volatileVdl.get(record));
                    writeRecord(op, record, r);
                }
                op.afterCommit.add(() -> advanced.forEach(volatileVdl::remove));
                return null;
            });
        }
        store.flushLog();
        releaseQuarantine();
    }

    // File data.

    /** The valid data length reads use: the volatile one (EXPOSE_UNWRITTEN: the size). */
    private long vdl(int record, FileRecord r) {
        if (fault == FsFault.EXPOSE_UNWRITTEN) {
            return r.size;
        }
        return volatileVdl.getOrDefault(record, r.validDataLength);
    }

    /** The device sector holding file byte {@code position}. */
    private long deviceSector(FileRecord r, long position) {
        long cluster = position / header.clusterBytes();
        for (FileRecord.Extent e : r.extents) {
            if (cluster < e.count()) {
                long sectorInCluster = (position % header.clusterBytes()) / header.sectorSizeBytes();
                return header.clusterFirstSector() + (e.start() + cluster) * sectorsPerCluster + sectorInCluster;
            }
            cluster -= e.count();
        }
        throw new CorruptVolumeException("file position past its extents: position=" + position + " name="
                + r.name);
    }

    /** Sectors contiguous on the device from file sector {@code fileSector}, at most {@code max}. */
    private int runSectors(FileRecord r, long fileSector, int max) {
        long first = deviceSector(r, fileSector * header.sectorSizeBytes());
        int n = 1;
        while (n < max && deviceSector(r, (fileSector + n) * header.sectorSizeBytes()) == first + n) {
            n++;
        }
        return n;
    }

    /**
     * Writes bytes {@code [offset, offset + bytes.length)} to the file's clusters; first zero-fills from the VDL up to
     * the offset so the device holds the file's content below the new VDL.
     */
    private void writeData(int record, FileRecord r, long offset, byte[] bytes) {
        long vdl = vdl(record, r);
        boolean noVdl = fault == FsFault.EXPOSE_UNWRITTEN;
        long from = noVdl ? offset : Math.min(vdl, offset);
        long end = offset + bytes.length;
        int sector = header.sectorSizeBytes();
        int chunkSectors = IO_CHUNK_BYTES / sector;
        long fileSector = from / sector;
        long lastSector = (end - 1) / sector;
        while (fileSector <= lastSector) {
            int n = runSectors(r, fileSector, (int) Math.min(chunkSectors, lastSector - fileSector + 1));
            long base = fileSector * sector;
            byte[] buffer = new byte[n * sector];
            long deviceFirst = deviceSector(r, base);
            boolean needsOld = false;
            for (long p = base; p < base + buffer.length; p += sector) {
                needsOld |= (p < offset || p + sector > end) && p < (noVdl ? Long.MAX_VALUE : vdl);
            }
            if (needsOld) {
                device.read(deviceFirst, ByteBuffer.wrap(buffer));
            }
            for (int i = 0; i < buffer.length; i++) {
                long p = base + i;
                if (p >= offset && p < end) {
                    buffer[i] = bytes[(int) (p - offset)];
                } else if (!noVdl && p >= vdl) {
                    buffer[i] = 0;
                }
            }
            device.write(deviceFirst, ByteBuffer.wrap(buffer), false);
            fileSector += n;
        }
        if (!noVdl && end > vdl) {
            volatileVdl.put(record, end);
        }
    }

    /**
     * Reads file bytes. Bytes at or past the VDL read as zeros, but the VDL counts in whole sectors (rounded up): the
     * sector holding the VDL is read as the device has it, so that after a crash it is one whole version of that
     * sector (the old one, or one write's), never old bytes below the VDL and zeros above it in one sector, which no
     * version of the file held (the contract's rule 3 counts in sectors). That needs the device to hold zeros past
     * the VDL in its sector: writes past the VDL zero the rest of their sectors ({@link #writeData}) and a truncation
     * below the VDL zeroes the rest of the new last sector ({@link #zeroSectorTail}).
     */
    private byte[] readData(int record, FileRecord r, long offset, int length) {
        long end = Math.min(r.size, offset + (long) length);
        if (offset >= end) {
            return new byte[0];
        }
        byte[] out = new byte[(int) (end - offset)];
        int sector = header.sectorSizeBytes();
        long vdl = vdl(record, r);
        long valid = Math.min(end, fault == FsFault.EXPOSE_UNWRITTEN ? vdl : (vdl + sector - 1) / sector * sector);
        int chunkSectors = IO_CHUNK_BYTES / sector;
        long position = offset;
        while (position < valid) {
            long fileSector = position / sector;
            long lastSector = (valid - 1) / sector;
            int n = runSectors(r, fileSector, (int) Math.min(chunkSectors, lastSector - fileSector + 1));
            byte[] buffer = new byte[n * sector];
            try {
                device.read(deviceSector(r, fileSector * sector), ByteBuffer.wrap(buffer));
            } catch (UnreadableSectorException e) {
                if (fault != FsFault.UNREADABLE_AS_ZEROS) {
                    throw e;
                }
                Arrays.fill(buffer, (byte) 0);
            }
            long base = fileSector * sector;
            long stop = Math.min(valid, base + buffer.length);
            System.arraycopy(buffer, (int) (position - base), out, (int) (position - offset),
                    (int) (stop - position));
            position = stop;
        }
        return out;
    }

    /**
     * Zeroes the file's bytes from {@code size} to the end of that sector on the device (a truncation inside a sector
     * below the VDL): reads past the new size must find zeros there once the file grows again.
     */
    private void zeroSectorTail(FileRecord r, long size) {
        int sector = header.sectorSizeBytes();
        if (size % sector == 0) {
            return;
        }
        long deviceSector = deviceSector(r, size);
        byte[] buffer = new byte[sector];
        device.read(deviceSector, ByteBuffer.wrap(buffer));
        Arrays.fill(buffer, (int) (size % sector), sector, (byte) 0);
        device.write(deviceSector, ByteBuffer.wrap(buffer), false);
    }

    // Handles, limits, fsck, close.

    /**
     * A handle on the file at {@code path}. It names the file by its path: operations through it act on whatever file
     * the path names then.
     */
    public FileHandle open(String path) {
        lockedRun(() -> existingFile(path));
        return new FileHandle(this, path);
    }

    public int nameLengthMax() {
        return header.nameLengthMax();
    }

    /** The largest file size: the cluster region's bytes. */
    public long fileSizeMax() {
        return header.clusterCount() * header.clusterBytes();
    }

    /** The torn-write unit: the sector size. */
    public int unitBytes() {
        return header.sectorSizeBytes();
    }

    /** Checks the mounted volume's structures (see {@link Fsck}). */
    public FsckReport check() {
        return locked(() -> new Fsck(this).run());
    }

    /** Mounts the volume, checks it and closes it again. */
    public static FsckReport check(BlockDevice volume, FsOptions options) {
        try (FileSystem fs = mount(volume, options)) {
            return fs.check();
        }
    }

    /** Clusters freed but not yet reusable, for fsck: they must be free on disk and in no file. */
    BitSet quarantinedClusters() {
        return (BitSet) quarantined.clone();
    }

    /** A clean unmount: {@link #flushVolume()}, then the store's close. The device stays open. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            flushRecords(new ArrayList<>(volatileVdl.keySet()));
            store.close();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FileSystem[header=" + header + ", fault=" + fault + "]";
    }
}
