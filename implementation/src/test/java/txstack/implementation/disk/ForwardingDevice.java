package txstack.implementation.disk;

import java.nio.ByteBuffer;

/** A {@link BlockDevice} that forwards every call; tests override what they want to change. */
public class ForwardingDevice implements BlockDevice {
    private final BlockDevice delegate;

    public ForwardingDevice(BlockDevice delegate) {
        this.delegate = delegate;
    }

    @Override
    public int sectorSizeBytes() {
        return delegate.sectorSizeBytes();
    }

    @Override
    public long sectorCount() {
        return delegate.sectorCount();
    }

    @Override
    public void read(long firstSector, ByteBuffer dst) {
        delegate.read(firstSector, dst);
    }

    @Override
    public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
        delegate.write(firstSector, src, forceUnitAccess);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
