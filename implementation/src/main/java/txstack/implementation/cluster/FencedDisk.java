package txstack.implementation.cluster;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import txstack.implementation.disk.BlockDevice;

/**
 * The shared disk of a cluster shared volume, enforcing the fence (CSV-6): every data write carries the file and
 * the writer's epoch, every namespace write and every fence carries the writer's term, and a write whose epoch or
 * term is not the current one is refused with {@link FencedWriteException}. {@link #fence} raises a file's epoch (a
 * change of owner), {@link #fenceNamespace} the namespace's term (a change of coordinator). The check and the write
 * are one atomic step (one monitor), as a SCSI persistent reservation or an NVMe reservation would make them.
 *
 * <p>The fence registers are durable: each lives in its own sector (a sector write is atomic), written with
 * force-unit-access before the new value is enforced, so a power loss of the disk never lowers an epoch or a term.
 * Layout on the wrapped {@link BlockDevice}, in sectors ({@code F} files, {@link #NODES_MAX} node slots, {@code N}
 * sectors per namespace slot):
 *
 * <pre>
 *  0          1        2 .. 1+F          2+F .. 1+F+NODES_MAX   then 2 x N              then F x sectorsPerFile
 *  +----------+--------+-----------------+----------------------+-----------------------+-------------------------
 *  | geometry | term   | epoch of file i | boot count of node i | namespace slot 0, 1   | file 0 blocks, file 1 ...
 *  +----------+--------+-----------------+----------------------+-----------------------+-------------------------
 *  geometry: magic u32 "CSVD" | version u16 = 1 | 0 u16 | fileCount u32 | 0 u32 | sectorsPerFile u64 | CRC32C u32
 *  register (term, epoch, boot count): value u64 | index u32 (the sector number) | CRC32C u32 of the 12 bytes before
 *  namespace slot: sequence u64 | lengthBytes u32 | CRC32C u32 of the record | the record ({@link Namespace})
 * </pre>
 *
 * The namespace record alternates between the two slots (sequence number even: slot 0), so a write torn by a power
 * loss leaves the other slot's record, the one before it; {@link #readNamespace} returns the valid record of the
 * highest sequence. Little-endian. A data block is one sector; every write is force-unit-access, so an accepted
 * write is durable. Each file starts at epoch 0, which no writer holds; the namespace starts at term 1, the first
 * coordinator's.
 */
public final class FencedDisk implements SharedDisk {
    /** Bound on files per volume: fence registers and the namespace record are sized by it. */
    public static final int FILES_MAX = 256;
    /** Bound on nodes: one boot-count register each. */
    public static final int NODES_MAX = 16;
    /** The first coordinator's term. */
    public static final long FIRST_TERM = 1;
    public static final int MAGIC = 0x44565343; // "CSVD" little-endian
    public static final short VERSION = 1;

    private static final int GEOMETRY_BYTES = 4 + 2 + 2 + 4 + 4 + 8;
    private static final int REGISTER_BYTES = 8 + 4;
    private static final int SLOT_HEADER_BYTES = 8 + 4 + 4;
    private static final long TERM_SECTOR = 1;
    private static final long FIRST_EPOCH_SECTOR = 2;

    private final BlockDevice device;
    private final int fileCount;
    private final long sectorsPerFile;
    private final long namespaceSectors;
    private final long[] epochByFile;
    private final long[] bootsByNode = new long[NODES_MAX];
    private final ClusterFault fault;
    private long term = FIRST_TERM;
    private long namespaceSequence = -1;

    private FencedDisk(BlockDevice device, int fileCount, long sectorsPerFile, ClusterFault fault) {
        this.device = device;
        this.fileCount = fileCount;
        this.sectorsPerFile = sectorsPerFile;
        int sectorBytes = device.sectorSizeBytes();
        this.namespaceSectors = (SLOT_HEADER_BYTES + Namespace.maxRecordBytes(fileCount) + sectorBytes - 1)
                / sectorBytes;
        this.epochByFile = new long[fileCount];
        this.fault = fault;
        long needed = firstFileSector() + fileCount * sectorsPerFile;
        if (needed > device.sectorCount()) {
            throw new ClusterLimitException("device too small: sectorCount=" + device.sectorCount()
                    + " neededSectors=" + needed + " fileCount=" + fileCount + " sectorsPerFile=" + sectorsPerFile);
        }
    }

    /** The sectors a disk of {@code fileCount} files of {@code sectorsPerFile} blocks needs. */
    public static long sectorsNeeded(int sectorSizeBytes, int fileCount, long sectorsPerFile) {
        long namespace = (SLOT_HEADER_BYTES + Namespace.maxRecordBytes(fileCount) + sectorSizeBytes - 1)
                / sectorSizeBytes;
        return FIRST_EPOCH_SECTOR + fileCount + NODES_MAX + 2 * namespace + fileCount * sectorsPerFile;
    }

    /**
     * Formats {@code device} (whatever it held) as a fenced disk of {@code fileCount} files of {@code sectorsPerFile}
     * blocks each: the geometry, term 1, every epoch and boot count 0, no namespace. Durable when it returns.
     */
    public static FencedDisk create(BlockDevice device, int fileCount, long sectorsPerFile) {
        return create(device, fileCount, sectorsPerFile, ClusterFault.CORRECT);
    }

    static FencedDisk create(BlockDevice device, int fileCount, long sectorsPerFile, ClusterFault fault) {
        checkGeometry(fileCount, sectorsPerFile);
        FencedDisk disk = new FencedDisk(device, fileCount, sectorsPerFile, fault);
        ByteBuffer g = ByteBuffer.allocate(device.sectorSizeBytes()).order(ByteOrder.LITTLE_ENDIAN);
        g.putInt(MAGIC).putShort(VERSION).putShort((short) 0).putInt(fileCount).putInt(0).putLong(sectorsPerFile);
        g.putInt(OnDisk.crc32c(g.array(), 0, GEOMETRY_BYTES));
        g.clear();
        device.write(0, g, true);
        disk.writeRegister(TERM_SECTOR, FIRST_TERM);
        for (int f = 0; f < fileCount; f++) {
            disk.writeRegister(FIRST_EPOCH_SECTOR + f, 0);
        }
        for (int n = 0; n < NODES_MAX; n++) {
            disk.writeRegister(disk.bootSector(n), 0);
        }
        // Both slots invalid: a record of an earlier use of the device must never be taken for this one's.
        byte[] zeros = new byte[device.sectorSizeBytes()];
        device.write(disk.slotSector(0), ByteBuffer.wrap(zeros), true);
        device.write(disk.slotSector(1), ByteBuffer.wrap(zeros), true);
        return disk;
    }

    /**
     * Opens a disk {@link #create} formatted, after a clean stop or a power loss: reads the geometry and the fence
     * registers back (a damaged one is a {@link CorruptNamespaceException}) and finds the latest namespace record.
     */
    public static FencedDisk open(BlockDevice device) {
        return open(device, ClusterFault.CORRECT);
    }

    static FencedDisk open(BlockDevice device, ClusterFault fault) {
        int sectorBytes = device.sectorSizeBytes();
        ByteBuffer g = ByteBuffer.allocate(sectorBytes).order(ByteOrder.LITTLE_ENDIAN);
        device.read(0, g);
        int magic = g.getInt(0);
        OnDisk.check(magic == MAGIC, "not a fenced disk: sector=0 expected magic=0x" + OnDisk.hex(MAGIC) + " read=0x"
                + OnDisk.hex(magic));
        OnDisk.check(g.getShort(4) == VERSION, "bad version: expected=" + VERSION + " read=" + g.getShort(4));
        int stored = g.getInt(GEOMETRY_BYTES);
        int calculated = OnDisk.crc32c(g.array(), 0, GEOMETRY_BYTES);
        OnDisk.check(stored == calculated, "geometry crc32c mismatch: sector=0 calculated=0x" + OnDisk.hex(calculated) + " read=0x"
                + OnDisk.hex(stored));
        int fileCount = g.getInt(8);
        long sectorsPerFile = g.getLong(16);
        OnDisk.check(fileCount > 0 && fileCount <= FILES_MAX && sectorsPerFile > 0, "bad geometry: fileCount=" + fileCount
                + " sectorsPerFile=" + sectorsPerFile);
        FencedDisk disk = new FencedDisk(device, fileCount, sectorsPerFile, fault);
        disk.term = disk.readRegister(TERM_SECTOR);
        for (int f = 0; f < fileCount; f++) {
            disk.epochByFile[f] = disk.readRegister(FIRST_EPOCH_SECTOR + f);
        }
        for (int n = 0; n < NODES_MAX; n++) {
            disk.bootsByNode[n] = disk.readRegister(disk.bootSector(n));
        }
        disk.namespaceSequence = Math.max(disk.slotSequence(0), disk.slotSequence(1));
        return disk;
    }

    @Override
    public int fileCount() {
        return fileCount;
    }

    @Override
    public long sectorsPerFile() {
        return sectorsPerFile;
    }

    @Override
    public int blockSizeBytes() {
        return device.sectorSizeBytes();
    }

    @Override
    public synchronized long epoch(int file) {
        checkFile(file);
        return epochByFile[file];
    }

    @Override
    public synchronized long term() {
        return term;
    }

    @Override
    public synchronized void fence(long writerTerm, int file, long newEpoch) {
        checkFile(file);
        checkTerm(writerTerm, "fence file=" + file);
        if (newEpoch <= epochByFile[file]) {
            throw new IllegalArgumentException("epoch must grow: file=" + file + " current=" + epochByFile[file]
                    + " new=" + newEpoch);
        }
        writeRegister(FIRST_EPOCH_SECTOR + file, newEpoch);
        epochByFile[file] = newEpoch;
    }

    @Override
    public synchronized void fenceNamespace(long newTerm) {
        if (newTerm <= term) {
            throw new IllegalArgumentException("term must grow: current=" + term + " new=" + newTerm);
        }
        writeRegister(TERM_SECTOR, newTerm);
        term = newTerm;
    }

    @Override
    public synchronized long registerBoot(int node) {
        if (node < 0 || node >= NODES_MAX) {
            throw new ClusterLimitException("invalid node: node=" + node + " max=" + (NODES_MAX - 1));
        }
        long next = bootsByNode[node] + 1;
        if (next > RequestId.INCARNATION_MAX) {
            throw new ClusterLimitException("too many boots: node=" + node + " max=" + RequestId.INCARNATION_MAX);
        }
        writeRegister(bootSector(node), next);
        bootsByNode[node] = next;
        return next;
    }

    @Override
    public synchronized void writeBlock(int file, long epoch, long block, ByteBuffer src) {
        checkBlock(file, block, src);
        writeChecked(file, epoch, block, src);
    }

    @Override
    public synchronized void writeBlocks(int file, long epoch, long firstBlock, ByteBuffer src) {
        checkFile(file);
        int blockBytes = device.sectorSizeBytes();
        long blocks = src.remaining() / blockBytes;
        if (src.remaining() == 0 || src.remaining() % blockBytes != 0 || firstBlock < 0
                || firstBlock + blocks > sectorsPerFile) {
            throw new IllegalArgumentException("blocks out of file: file=" + file + " firstBlock=" + firstBlock
                    + " lengthBytes=" + src.remaining() + " blockSizeBytes=" + blockBytes + " sectorsPerFile="
                    + sectorsPerFile);
        }
        writeChecked(file, epoch, firstBlock, src);
    }

    private void writeChecked(int file, long epoch, long firstBlock, ByteBuffer src) {
        boolean current = epoch == epochByFile[file] && epoch != 0;
        if (!current && fault != ClusterFault.DISK_IGNORES_EPOCH) {
            throw new FencedWriteException("stale epoch: file=" + file + " block=" + firstBlock + " expected="
                    + epochByFile[file] + " actual=" + epoch);
        }
        device.write(blockSector(file, firstBlock), src, true);
    }

    @Override
    public synchronized void readBlock(int file, long block, ByteBuffer dst) {
        checkBlock(file, block, dst);
        device.read(blockSector(file, block), dst);
    }

    @Override
    public synchronized void writeNamespace(long writerTerm, byte[] record) {
        checkTerm(writerTerm, "namespace write");
        int sectorBytes = device.sectorSizeBytes();
        long capacity = namespaceSectors * sectorBytes - SLOT_HEADER_BYTES;
        if (record.length > capacity) {
            throw new ClusterLimitException("namespace record too large: lengthBytes=" + record.length
                    + " maxBytes=" + capacity);
        }
        long sequence = namespaceSequence + 1;
        int total = SLOT_HEADER_BYTES + record.length;
        ByteBuffer b = ByteBuffer.allocate((total + sectorBytes - 1) / sectorBytes * sectorBytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(sequence).putInt(record.length).putInt(OnDisk.crc32c(record, 0, record.length)).put(record);
        b.clear();
        device.write(slotSector((int) (sequence & 1)), b, true);
        namespaceSequence = sequence;
    }

    @Override
    public synchronized byte[] readNamespace() {
        if (namespaceSequence < 0) {
            return new byte[0];
        }
        return slotRecord((int) (namespaceSequence & 1)).orElseThrow(() -> new CorruptNamespaceException(
                "namespace slot lost its record: slot=" + (namespaceSequence & 1) + " sequence=" + namespaceSequence));
    }

    // ---- the registers and the namespace slots ----

    private long firstFileSector() {
        return slotSector(2);
    }

    private long bootSector(int node) {
        return FIRST_EPOCH_SECTOR + fileCount + node;
    }

    private long slotSector(int slot) {
        return FIRST_EPOCH_SECTOR + fileCount + NODES_MAX + slot * namespaceSectors;
    }

    private void writeRegister(long sector, long value) {
        ByteBuffer b = ByteBuffer.allocate(device.sectorSizeBytes()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(value).putInt((int) sector);
        b.putInt(OnDisk.crc32c(b.array(), 0, REGISTER_BYTES));
        b.clear();
        device.write(sector, b, true);
    }

    private long readRegister(long sector) {
        ByteBuffer b = ByteBuffer.allocate(device.sectorSizeBytes()).order(ByteOrder.LITTLE_ENDIAN);
        device.read(sector, b);
        long value = b.getLong(0);
        int index = b.getInt(8);
        int stored = b.getInt(REGISTER_BYTES);
        int calculated = OnDisk.crc32c(b.array(), 0, REGISTER_BYTES);
        OnDisk.check(stored == calculated && index == (int) sector && value >= 0, "damaged fence register: sector="
                + sector + " index=" + index + " value=" + value + " calculated=0x" + OnDisk.hex(calculated) + " read=0x"
                + OnDisk.hex(stored));
        return value;
    }

    /** The slot's sequence number if it holds a whole record, else -1. */
    private long slotSequence(int slot) {
        return slotRecord(slot).isPresent() ? slotHeader(slot).getLong(0) : -1;
    }

    private ByteBuffer slotHeader(int slot) {
        ByteBuffer b = ByteBuffer.allocate(device.sectorSizeBytes()).order(ByteOrder.LITTLE_ENDIAN);
        device.read(slotSector(slot), b);
        return b;
    }

    private java.util.Optional<byte[]> slotRecord(int slot) {
        ByteBuffer header = slotHeader(slot);
        long sequence = header.getLong(0);
        int length = header.getInt(8);
        int stored = header.getInt(12);
        int sectorBytes = device.sectorSizeBytes();
        if (sequence < 0 || (sequence & 1) != slot || length <= 0
                || SLOT_HEADER_BYTES + (long) length > namespaceSectors * sectorBytes) {
            return java.util.Optional.empty();
        }
        int sectors = (SLOT_HEADER_BYTES + length + sectorBytes - 1) / sectorBytes;
        byte[] all = new byte[sectors * sectorBytes];
        device.read(slotSector(slot), ByteBuffer.wrap(all));
        byte[] record = Arrays.copyOfRange(all, SLOT_HEADER_BYTES, SLOT_HEADER_BYTES + length);
        return OnDisk.crc32c(record, 0, length) == stored ? java.util.Optional.of(record) : java.util.Optional.empty();
    }

    private long blockSector(int file, long block) {
        return firstFileSector() + file * sectorsPerFile + block;
    }

    private void checkTerm(long writerTerm, String what) {
        if (writerTerm != term && fault != ClusterFault.LOG_IGNORES_TERM) {
            throw new FencedWriteException("stale term: " + what + " expected=" + term + " actual=" + writerTerm);
        }
    }

    private static void checkGeometry(int fileCount, long sectorsPerFile) {
        if (fileCount <= 0 || fileCount > FILES_MAX) {
            throw new ClusterLimitException("invalid file count: fileCount=" + fileCount + " max=" + FILES_MAX);
        }
        if (sectorsPerFile <= 0) {
            throw new IllegalArgumentException("invalid file size: sectorsPerFile=" + sectorsPerFile);
        }
    }

    private void checkFile(int file) {
        if (file < 0 || file >= fileCount) {
            throw new IllegalArgumentException("no such file: file=" + file + " fileCount=" + fileCount);
        }
    }

    private void checkBlock(int file, long block, ByteBuffer buffer) {
        checkFile(file);
        if (block < 0 || block >= sectorsPerFile) {
            throw new IllegalArgumentException("block out of file: file=" + file + " block=" + block
                    + " sectorsPerFile=" + sectorsPerFile);
        }
        if (buffer.remaining() != device.sectorSizeBytes()) {
            throw new IllegalArgumentException("a block is one sector: remaining=" + buffer.remaining()
                    + " sectorSizeBytes=" + device.sectorSizeBytes());
        }
    }

}
