package txstack.implementation.cluster;

import java.nio.ByteBuffer;

/**
 * The shared disk of a cluster shared volume as the nodes see it (CSV-2, CSV-6): file blocks and the namespace
 * record, each write carrying the writer's epoch (data) or term (namespace), refused with {@link
 * FencedWriteException} unless it is the current one. {@link FencedDisk} is the disk itself; a network binding
 * reaches one through a block server. Every accepted write is durable when the call returns.
 */
public interface SharedDisk {
    int fileCount();

    long sectorsPerFile();

    /** The size of a data block: one sector. */
    int blockSizeBytes();

    /** The file's current epoch: the only one whose writes the disk accepts (0: nobody's). */
    long epoch(int file);

    /** The namespace's current term. */
    long term();

    /**
     * CSV-6: raises the file's epoch to {@code newEpoch}, if {@code writerTerm} (the coordinator's) is the current
     * term; every write with an older epoch is refused from now on. Durable when it returns.
     */
    void fence(long writerTerm, int file, long newEpoch);

    /** CSV-7: raises the namespace's term; a deposed coordinator's writes and fences are refused from now on. */
    void fenceNamespace(long newTerm);

    /**
     * A node boots: raises its boot count, durably, and returns it; request ids carry it, so a node never reuses an
     * id across restarts (CSV-3).
     */
    long registerBoot(int node);

    /** CSV-2, CSV-6: writes one block of {@code file}, durably, if {@code epoch} is the file's current epoch. */
    void writeBlock(int file, long epoch, long block, ByteBuffer src);

    /**
     * CSV-2, CSV-6: writes consecutive blocks of {@code file} from {@code firstBlock} ({@code src.remaining()} a
     * multiple of the block size), durably, if {@code epoch} is the file's current epoch: one check, one forced
     * write (a power loss during it may leave any of its blocks written, each whole).
     */
    void writeBlocks(int file, long epoch, long firstBlock, ByteBuffer src);

    /** Reads one block of {@code file}; reads are not fenced. */
    void readBlock(int file, long block, ByteBuffer dst);

    /** CSV-1: writes the namespace record, durably, if {@code writerTerm} is the current term. */
    void writeNamespace(long writerTerm, byte[] record);

    /** The last namespace record written whole; empty if none was ever written. */
    byte[] readNamespace();
}
