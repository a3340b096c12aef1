package txstack.implementation.volume;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.DiskException;
import txstack.implementation.disk.FaultyDevice;

/**
 * A {@link FaultyDevice} that also records every transfer it is asked for and can, once, run an action or throw a
 * {@link DiskException} when a transfer matches a condition: the tests use it to see which member a volume reads or
 * writes, and to put a fault or another volume call at one exact point of a longer operation (a rebuild step, a
 * repair), deterministically and in one thread.
 */
class ProbeDevice extends FaultyDevice {
    /** One transfer: {@code write} or read, of {@code sectors} sectors from device sector {@code first}. */
    record Access(boolean write, long first, long sectors, boolean forceUnitAccess, boolean heapArray,
                  byte[] array) {
        boolean touches(long sector) {
            return first <= sector && sector < first + sectors;
        }

        boolean isLabel() {
            return first < Volume.DATA_START_SECTOR;
        }
    }

    final List<Access> accesses = new ArrayList<>();
    int flushes;
    /** Flushes throw {@link DiskException}. */
    boolean failFlushes;
    /** {@link #close()} leaves the disk open: a device that outlives the volume, as a real disk does. */
    boolean closeIgnored;
    private Predicate<Access> hookWhen;
    private Runnable hook;
    private Predicate<Access> failWhen;
    private boolean failOnce;
    private String name;
    private List<String> journal;

    ProbeDevice(BlockDevice delegate) {
        super(delegate);
    }

    /** Runs {@code action} once, before the first transfer {@code when} accepts is carried out. */
    ProbeDevice hookOnce(Predicate<Access> when, Runnable action) {
        this.hookWhen = when;
        this.hook = action;
        return this;
    }

    /** Throws {@link DiskException} for every transfer {@code when} accepts (once only if {@code once}). */
    ProbeDevice failWhen(Predicate<Access> when, boolean once) {
        this.failWhen = when;
        this.failOnce = once;
        return this;
    }

    /** Also appends every transfer, as {@code name + ":" + "W" or "R" + first}, to {@code journal}. */
    ProbeDevice journal(String deviceName, List<String> sharedJournal) {
        this.name = deviceName;
        this.journal = sharedJournal;
        return this;
    }

    long dataSectorsRead() {
        return accesses.stream().filter(a -> !a.write() && !a.isLabel()).mapToLong(Access::sectors).sum();
    }

    long labelWrites() {
        return accesses.stream().filter(a -> a.write() && a.isLabel()).count();
    }

    List<Access> dataReads() {
        return accesses.stream().filter(a -> !a.write() && !a.isLabel()).toList();
    }

    void reset() {
        accesses.clear();
        flushes = 0;
    }

    @Override
    public void read(long firstSector, ByteBuffer dst) {
        before(new Access(false, firstSector, dst.remaining() / sectorSizeBytes(), false, dst.hasArray(),
                dst.hasArray() ? dst.array() : null));
        super.read(firstSector, dst);
    }

    @Override
    public void write(long firstSector, ByteBuffer src, boolean forceUnitAccess) {
        before(new Access(true, firstSector, src.remaining() / sectorSizeBytes(), forceUnitAccess, src.hasArray(),
                src.hasArray() ? src.array() : null));
        super.write(firstSector, src, forceUnitAccess);
    }

    @Override
    public void flush() {
        flushes++;
        if (failFlushes) {
            throw new DiskException("probe: injected flush failure");
        }
        super.flush();
    }

    @Override
    public void close() {
        if (!closeIgnored) {
            super.close();
        }
    }

    private void before(Access access) {
        accesses.add(access);
        if (journal != null) {
            journal.add(name + ":" + (access.write() ? "W" : "R") + access.first());
        }
        if (hook != null && hookWhen.test(access)) {
            Runnable action = hook;
            hook = null;
            action.run();
        }
        if (failWhen != null && failWhen.test(access)) {
            if (failOnce) {
                failWhen = null;
            }
            throw new DiskException("probe: injected failure: write=" + access.write() + " first=" + access.first());
        }
    }
}
