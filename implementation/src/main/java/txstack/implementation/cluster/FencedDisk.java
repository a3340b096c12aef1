package txstack.implementation.cluster;

import java.nio.ByteBuffer;
import java.util.Arrays;

import txstack.implementation.disk.BlockDevice;

/**
 * The shared disk of a cluster shared volume, enforcing the fence (CSV-6): every data write carries the file and
 * the writer's epoch, every namespace write carries the writer's term, and a write whose epoch or term is not the
 * current one is refused with {@link FencedWriteException}. {@link #fence} raises a file's epoch (a change of
 * owner), {@link #fenceNamespace} the namespace's term (a change of coordinator). The check and the write are one
 * atomic step (one monitor), as a SCSI persistent reservation or an NVMe reservation would make them.
 *
 * <p>Layout on the wrapped {@link BlockDevice}, in sectors: the namespace region first (room for one
 * {@link Namespace} record of {@link #fileCount()} files), then one region of {@link #sectorsPerFile()} sectors per
 * file, file 0 first. A data block is one sector; every write is force-unit-access, so an accepted write is durable.
 *
 * <pre>
 *  sector 0                      namespaceSectors        + sectorsPerFile      + 2 * sectorsPerFile
 *  +-----------------------------+-----------------------+---------------------+-----
 *  | namespace record (padded)   | file 0 blocks         | file 1 blocks       | ...
 *  +-----------------------------+-----------------------+---------------------+-----
 * </pre>
 *
 * <p>Not durable in this slice: the fence registers (epochs, term) live in this object's memory, as on a disk
 * controller that keeps its reservations in RAM; a power loss of the disk itself is not modelled yet. Each file
 * starts at epoch 0, which no writer holds (nobody may write a file until it is fenced for an owner); the namespace
 * starts at term 1, the first coordinator's.
 */
public final class FencedDisk implements SharedDisk {
    /** Bound on files per volume: fence registers and the namespace record are sized by it. */
    public static final int FILES_MAX = 256;
    /** The first coordinator's term. */
    public static final long FIRST_TERM = 1;

    private final BlockDevice device;
    private final int fileCount;
    private final long sectorsPerFile;
    private final long namespaceSectors;
    private final long[] epochByFile;
    private final ClusterFault fault;
    private long term = FIRST_TERM;

    private FencedDisk(BlockDevice device, int fileCount, long sectorsPerFile, ClusterFault fault) {
        this.device = device;
        this.fileCount = fileCount;
        this.sectorsPerFile = sectorsPerFile;
        int sectorBytes = device.sectorSizeBytes();
        this.namespaceSectors = (Namespace.maxRecordBytes(fileCount) + sectorBytes - 1) / sectorBytes;
        this.epochByFile = new long[fileCount];
        this.fault = fault;
        long needed = namespaceSectors + fileCount * sectorsPerFile;
        if (needed > device.sectorCount()) {
            throw new ClusterLimitException("device too small: sectorCount=" + device.sectorCount()
                    + " neededSectors=" + needed + " fileCount=" + fileCount + " sectorsPerFile=" + sectorsPerFile);
        }
    }

    /** A fenced disk of {@code fileCount} files of {@code sectorsPerFile} blocks each on {@code device}. */
    public static FencedDisk create(BlockDevice device, int fileCount, long sectorsPerFile) {
        return create(device, fileCount, sectorsPerFile, ClusterFault.CORRECT);
    }

    static FencedDisk create(BlockDevice device, int fileCount, long sectorsPerFile, ClusterFault fault) {
        if (fileCount <= 0 || fileCount > FILES_MAX) {
            throw new ClusterLimitException("invalid file count: fileCount=" + fileCount + " max=" + FILES_MAX);
        }
        if (sectorsPerFile <= 0) {
            throw new IllegalArgumentException("invalid file size: sectorsPerFile=" + sectorsPerFile);
        }
        return new FencedDisk(device, fileCount, sectorsPerFile, fault);
    }

    @Override
    public int fileCount() {
        return fileCount;
    }

    @Override
    public long sectorsPerFile() {
        return sectorsPerFile;
    }

    /** The size of a data block: one sector. */
    @Override
    public int blockSizeBytes() {
        return device.sectorSizeBytes();
    }

    /** The file's current epoch: the only one whose writes this disk accepts (0: nobody's). */
    @Override
    public synchronized long epoch(int file) {
        checkFile(file);
        return epochByFile[file];
    }

    /** The namespace's current term. */
    @Override
    public synchronized long term() {
        return term;
    }

    /** CSV-6: raises the file's epoch to {@code newEpoch}; every write with an older epoch is refused from now on. */
    @Override
    public synchronized void fence(int file, long newEpoch) {
        checkFile(file);
        if (newEpoch <= epochByFile[file]) {
            throw new IllegalArgumentException("epoch must grow: file=" + file + " current=" + epochByFile[file]
                    + " new=" + newEpoch);
        }
        epochByFile[file] = newEpoch;
    }

    /** CSV-7: raises the namespace's term; a deposed coordinator's namespace writes are refused from now on. */
    @Override
    public synchronized void fenceNamespace(long newTerm) {
        if (newTerm <= term) {
            throw new IllegalArgumentException("term must grow: current=" + term + " new=" + newTerm);
        }
        term = newTerm;
    }

    /** CSV-2, CSV-6: writes one block of {@code file}, durably, if {@code epoch} is the file's current epoch. */
    @Override
    public synchronized void writeBlock(int file, long epoch, long block, ByteBuffer src) {
        checkBlock(file, block, src);
        boolean current = epoch == epochByFile[file] && epoch != 0;
        if (!current && fault != ClusterFault.DISK_IGNORES_EPOCH) {
            throw new FencedWriteException("stale epoch: file=" + file + " block=" + block + " expected="
                    + epochByFile[file] + " actual=" + epoch);
        }
        device.write(blockSector(file, block), src, true);
    }

    /** Reads one block of {@code file}; reads are not fenced. */
    @Override
    public synchronized void readBlock(int file, long block, ByteBuffer dst) {
        checkBlock(file, block, dst);
        device.read(blockSector(file, block), dst);
    }

    /** CSV-1: writes the namespace record, durably, if {@code writerTerm} is the current term. */
    @Override
    public synchronized void writeNamespace(long writerTerm, byte[] record) {
        if (writerTerm != term) {
            throw new FencedWriteException("stale term: expected=" + term + " actual=" + writerTerm);
        }
        int sectorBytes = device.sectorSizeBytes();
        if (record.length > namespaceSectors * sectorBytes) {
            throw new ClusterLimitException("namespace record too large: lengthBytes=" + record.length
                    + " maxBytes=" + namespaceSectors * sectorBytes);
        }
        byte[] padded = Arrays.copyOf(record, (record.length + sectorBytes - 1) / sectorBytes * sectorBytes);
        device.write(0, ByteBuffer.wrap(padded), true);
    }

    /** The whole namespace region as it is on the disk (zeros if it was never written). */
    @Override
    public synchronized byte[] readNamespace() {
        byte[] region = new byte[(int) (namespaceSectors * device.sectorSizeBytes())];
        device.read(0, ByteBuffer.wrap(region));
        return region;
    }

    private long blockSector(int file, long block) {
        return namespaceSectors + file * sectorsPerFile + block;
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
