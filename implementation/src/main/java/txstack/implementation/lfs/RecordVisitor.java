package txstack.implementation.lfs;

import java.nio.ByteBuffer;

/** What {@link LogFile#scanForward} does with each record it read and checked. */
@FunctionalInterface
public interface RecordVisitor {
    /**
     * @param lsn     the record's LSN
     * @param payload the record's payload, little-endian, index 0 its first byte, read-only; valid only during the
     *                call (it is a view of the scan's read buffer): copy what must outlive it
     */
    void visit(long lsn, ByteBuffer payload);
}
