package txstack.conformance.rig;

import java.util.concurrent.atomic.AtomicBoolean;
import txstack.conformance.disk.DeviceOp;
import txstack.conformance.disk.SimulatedDisk;
import txstack.spi.disk.BlockDevice;
import txstack.spi.disk.DeviceException;

/**
 * One disk of a {@link Rig}: a {@link SimulatedDisk} with a name and a failure domain, whose every write and flush
 * is also appended to the rig's journal, so a power loss can be cut at any operation of any disk, in the order they
 * were issued. Faults (DISK-4) live here: a failed disk answers nothing, a sector can stop reading, the n-th read or
 * write can fail. Reads, writes and flushes may come from several threads (see {@link Rig}); the rest belongs to the
 * run's thread.
 */
public final class RigDisk implements BlockDevice {
    private final Rig rig;
    private final String name;
    private final String domain;
    private final SimulatedDisk disk;
    /** Operations issued before the workload watched this disk (e.g. creating a volume): never crash points. */
    private int startOpCount;
    private boolean failed;
    /** Set: the disk dies at its next read, unless the shared flag says another disk armed with it died first. */
    private volatile AtomicBoolean deathAtNextRead;
    /** Set: the disk dies at a write or flush to come ({@link #dieAt(WriteDeath)}). */
    private volatile WriteDeath deathInWrites;
    /** Under {@link WriteDeath#FIRST_WRITE_AFTER_A_FLUSH}: a flush has passed since the disk was armed. */
    private boolean flushedSinceArmed;
    /** Reads asked of this disk so far, served or not ({@link #reads()}). */
    private long reads;
    /** Positive: the disk dies at the read that makes {@link #reads} this number. */
    private long deathAtRead;
    /** Calls this disk refused because it had failed or died at them ({@link #refusedCalls()}). */
    private long refusedCalls;

    RigDisk(Rig rig, String name, String domain, SimulatedDisk disk) {
        this.rig = rig;
        this.name = name;
        this.domain = domain;
        this.disk = disk;
        this.startOpCount = disk.opCount();
    }

    /** The disk's name in its rig, e.g. {@code log} or {@code member[1]}. */
    public String name() {
        return name;
    }

    /** The failure domain: the disks of one domain lose power together. */
    public String domain() {
        return domain;
    }

    Rig rig() {
        return rig;
    }

    /** The simulated disk underneath, with its own operation log and crash points. */
    public SimulatedDisk simulated() {
        return disk;
    }

    /** Operations from here on are the workload's: earlier ones are never crash points. */
    void markStart() {
        startOpCount = disk.opCount();
    }

    int startOpCount() {
        return startOpCount;
    }

    /** The disk fails (DISK-4): every later call raises {@link DeviceException} until {@link #revive()}. */
    public void fail() {
        failed = true;
    }

    /** A failed disk answers again with what it held (a stale disk put back). */
    public void revive() {
        failed = false;
    }

    public boolean failed() {
        return failed;
    }

    /**
     * The disk dies (as {@link #fail()}) at its next read, which then raises {@link DeviceException}: unless {@code
     * oneOfThem} is already set, which the first of several disks armed with the same flag sets as it dies, so that
     * only one of them dies, whichever the engine reads first. Until {@link #disarm()}.
     */
    public void dieAtNextRead(AtomicBoolean oneOfThem) {
        deathAtNextRead = oneOfThem;
    }

    /** Which write or flush to come a disk armed by {@link #dieAt(WriteDeath)} dies at. */
    public enum WriteDeath {
        /** The next write or flush, whichever comes first. */
        FIRST_WRITE_OR_FLUSH("its first write or flush"),
        /** The next flush: the writes before it are served. */
        FIRST_FLUSH("its first flush"),
        /** The first write after a flush: the writes and the flush before it are served. */
        FIRST_WRITE_AFTER_A_FLUSH("its first write after a flush");

        private final String text;

        WriteDeath(String text) {
            this.text = text;
        }

        /** E.g. {@code its first flush}. */
        public String text() {
            return text;
        }
    }

    /**
     * The disk dies (as {@link #fail()}) at the write or flush {@code when} names, which then raises {@link
     * DeviceException} and changes nothing; the ones before it are served. Until {@link #disarm()}.
     */
    public void dieAt(WriteDeath when) {
        synchronized (rig) {
            flushedSinceArmed = false;
            deathInWrites = when;
        }
    }

    /**
     * The disk dies (as {@link #fail()}) at the read that makes {@link #reads()} {@code readNumber}, which then raises
     * {@link DeviceException}. Until {@link #disarm()}.
     *
     * @throws IllegalArgumentException if that read is past already
     */
    public void dieAtRead(long readNumber) {
        synchronized (rig) {
            if (readNumber <= reads) {
                throw new IllegalArgumentException("read " + readNumber + " is past: reads=" + reads);
            }
            deathAtRead = readNumber;
        }
    }

    /** Reads asked of this disk since it was made, including any refused because the disk had failed. */
    public long reads() {
        synchronized (rig) {
            return reads;
        }
    }

    /**
     * Reads, writes and flushes this disk refused with {@link DeviceException} since it was made, because it had
     * failed or died at them: how a test learns that an engine met the disk's death in a call.
     */
    public long refusedCalls() {
        synchronized (rig) {
            return refusedCalls;
        }
    }

    /**
     * Forgets {@link #dieAtNextRead}, {@link #dieAtRead} and {@link #dieAt}: a disk that has not died by now
     * does not.
     */
    public void disarm() {
        synchronized (rig) {
            deathAtNextRead = null;
            deathAtRead = 0;
            deathInWrites = null;
        }
    }

    /** The sector stops reading (a latent sector error, DISK-4) until it is written again. */
    public void markUnreadable(long sector) {
        disk.markUnreadable(sector);
    }

    /** The {@code writeNumber}-th write from now on (1 = the next) fails with an I/O error (DISK-4). */
    public void failWrite(long writeNumber) {
        disk.failWrite(writeNumber);
    }

    /** The {@code readNumber}-th read from now on (1 = the next) fails with an I/O error (DISK-4). */
    public void failRead(long readNumber) {
        disk.failRead(readNumber);
    }

    /** The {@code flushNumber}-th flush from now on (1 = the next) fails with an I/O error, making nothing durable. */
    public void failFlush(long flushNumber) {
        disk.failFlush(flushNumber);
    }

    /** Forgets the injected read, write and flush errors that have not fired yet; returns how many there were. */
    public int clearInjectedErrors() {
        return disk.clearInjectedErrors();
    }

    /** True if operation {@code opIndex} of this disk is a force-unit-access write (power may fail during it). */
    public boolean isForceUnitAccessWrite(int opIndex) {
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
        synchronized (rig) {
            reads++;
            checkAlive();
            if (deathAtRead > 0 && reads == deathAtRead) {
                deathAtRead = 0;
                throw dies("its read " + reads);
            }
            if (deathAtNextRead != null && deathAtNextRead.compareAndSet(false, true)) {
                deathAtNextRead = null;
                throw dies("this read");
            }
            disk.read(firstSector, buffer, offset, lengthBytes);
        }
    }

    @Override
    public void write(long firstSector, byte[] buffer, int offset, int lengthBytes, boolean forceUnitAccess) {
        passGate();
        synchronized (rig) {
            checkAlive();
            dieIfArmedForWrites(false);
            int before = disk.opCount();
            try {
                disk.write(firstSector, buffer, offset, lengthBytes, forceUnitAccess);
            } finally {
                rig.recorded(this, before);
            }
        }
    }

    @Override
    public void flush() {
        passGate();
        synchronized (rig) {
            checkAlive();
            dieIfArmedForWrites(true);
            int before = disk.opCount();
            try {
                disk.flush();
            } finally {
                rig.recorded(this, before);
            }
        }
    }

    private void passGate() {
        DeviceGate gate = rig.gate();
        if (gate != null) {
            gate.enter(this);
        }
    }

    /** Under the rig's lock: the disk dies at the call {@code at} names, which it refuses; the exception to throw. */
    private DeviceException dies(String at) {
        failed = true;
        refusedCalls++;
        return new DeviceException("disk failed: name=" + name + " domain=" + domain + " (it died at " + at + ")");
    }

    private void checkAlive() {
        if (failed) {
            refusedCalls++;
            throw new DeviceException("disk failed: name=" + name + " domain=" + domain);
        }
    }

    /** Under the rig's lock, at a write or flush: the disk dies here if it was armed to. */
    private void dieIfArmedForWrites(boolean flush) {
        WriteDeath when = deathInWrites;
        if (when == null) {
            return;
        }
        boolean dies = switch (when) {
            case FIRST_WRITE_OR_FLUSH -> true;
            case FIRST_FLUSH -> flush;
            case FIRST_WRITE_AFTER_A_FLUSH -> !flush && flushedSinceArmed;
        };
        flushedSinceArmed |= flush;
        if (dies) {
            String operation = flush ? "flush" : "write";
            deathInWrites = null;
            throw dies("this " + operation);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
