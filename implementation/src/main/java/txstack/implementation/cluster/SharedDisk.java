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

    /** CSV-6: raises the file's epoch to {@code newEpoch}; every write with an older epoch is refused from now on. */
    void fence(int file, long newEpoch);

    /** CSV-7: raises the namespace's term; a deposed coordinator's namespace writes are refused from now on. */
    void fenceNamespace(long newTerm);

    /** CSV-2, CSV-6: writes one block of {@code file}, durably, if {@code epoch} is the file's current epoch. */
    void writeBlock(int file, long epoch, long block, ByteBuffer src);

    /** Reads one block of {@code file}; reads are not fenced. */
    void readBlock(int file, long block, ByteBuffer dst);

    /** CSV-1: writes the namespace record, durably, if {@code writerTerm} is the current term. */
    void writeNamespace(long writerTerm, byte[] record);

    /** The whole namespace region as it is on the disk (zeros if it was never written). */
    byte[] readNamespace();
}
