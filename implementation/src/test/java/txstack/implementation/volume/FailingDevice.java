package txstack.implementation.volume;

import java.nio.ByteBuffer;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.DiskException;
import txstack.implementation.disk.ForwardingDevice;

/** A member that can be pulled: once {@link #fail()} is called every I/O throws {@link DiskException} (DISK-4). */
class FailingDevice extends ForwardingDevice {
    private volatile boolean failed;

    FailingDevice(BlockDevice delegate) {
        super(delegate);
    }

    void fail() {
        failed = true;
    }

    private void check(String operation) {
        if (failed) {
            throw new DiskException("simulated member failure: operation=" + operation);
        }
    }

    @Override
    public void read(long firstSector, ByteBuffer dst) {
        check("read");
        super.read(firstSector, dst);
    }

    @Override
    public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
        check("write");
        super.write(firstSector, src, forceUnitAccess);
    }

    @Override
    public void flush() {
        check("flush");
        super.flush();
    }
}
