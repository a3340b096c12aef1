package txstack.conformance.volume;

import java.util.List;
import txstack.conformance.disk.DeviceOp;
import txstack.conformance.disk.SimulatedDisk;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.DeviceException;

/**
 * One member of a volume under test: a {@link SimulatedDisk} that appends each of its device operations to a journal
 * shared by all members, so the suite can cut the power at every operation of every member, in the order issued.
 * A failed member is dead: every call raises {@link DeviceException}.
 */
final class MemberDisk implements BlockDevice {

    /** Operation {@code opIndex} of {@code disk}, the {@code n}-th of the workload over all members. */
    record Entry(MemberDisk disk, int opIndex) {
    }

    final int slot;
    final SimulatedDisk disk;
    /** Operations issued before the workload started (creation of the volume): never crash points of it. */
    int startOpCount;
    private final List<Entry> journal;
    private boolean dead;

    MemberDisk(int slot, SimulatedDisk disk, List<Entry> journal) {
        this.slot = slot;
        this.disk = disk;
        this.journal = journal;
        this.startOpCount = disk.opCount();
    }

    /** The workload starts now: operations so far (creating the volume) are never crash points of it. */
    void markStart() {
        startOpCount = disk.opCount();
    }

    void kill() {
        dead = true;
    }

    void revive() {
        dead = false;
    }

    boolean dead() {
        return dead;
    }

    /** True if operation {@code opIndex} is a force-unit-access write (power may be lost during it). */
    boolean isForceUnitAccessWrite(int opIndex) {
        return disk.op(opIndex) instanceof DeviceOp.Write w && w.forceUnitAccess();
    }

    @Override
    public int sectorSizeBytes() {
        return disk.sectorSizeBytes();
    }

    @Override
    public long sectorCount() {
        return disk.sectorCount();
    }

    @Override
    public void read(long firstSector, byte[] buffer, int offset, int lengthBytes) {
        checkAlive();
        disk.read(firstSector, buffer, offset, lengthBytes);
    }

    @Override
    public void write(long firstSector, byte[] buffer, int offset, int lengthBytes, boolean forceUnitAccess) {
        checkAlive();
        int before = disk.opCount();
        try {
            disk.write(firstSector, buffer, offset, lengthBytes, forceUnitAccess);
        } finally {
            record(before);
        }
    }

    @Override
    public void flush() {
        checkAlive();
        int before = disk.opCount();
        try {
            disk.flush();
        } finally {
            record(before);
        }
    }

    private void record(int before) {
        if (journal != null) {
            for (int i = before; i < disk.opCount(); i++) {
                journal.add(new Entry(this, i));
            }
        }
    }

    private void checkAlive() {
        if (dead) {
            throw new DeviceException("member failed: slot=" + slot);
        }
    }

    @Override
    public String toString() {
        return "member " + slot;
    }
}
