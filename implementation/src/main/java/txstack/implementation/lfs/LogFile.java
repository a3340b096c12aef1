package txstack.implementation.lfs;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import txstack.implementation.StorageException;
import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.SectorSizes;
import txstack.implementation.disk.DeviceClosedException;
import txstack.implementation.disk.DiskException;
import txstack.implementation.lfs.LogPageCodec.PageHeader;
import txstack.implementation.lfs.RestartPageCodec.RestartPage;

/**
 * The log file service (LFS-1..6) on a {@link BlockDevice}: a restart area in two copies and a circular log of
 * records named by ever-growing LSNs.
 *
 * <p>On disk (field-level byte diagrams in {@link RestartPageCodec}, {@link LogPageCodec}, {@link RecordCodec};
 * everything little-endian, CRC32C on every copy, page and record):
 *
 * <pre>
 * Device: sector size S = 512 or 4096; D = S - 44 stream bytes per page; P = sectorCount - 8192 / S pages.
 *
 *   byte 0        restart copy 0   4096 B   magic "TXLR", version, crc32c, layout, sequence, start, epoch, client data
 *   byte 4096     restart copy 1   4096 B   the same; the valid copy with the larger sequence is the newest
 *   byte 8192     log slot 0       S B      header (44 B: magic "TXLP", crc32c, log id, page index, epoch,
 *   byte 8192+S   log slot 1       S B        durable LSN, used bytes) + D stream bytes
 *   ...
 *                 log slot P-1     S B
 *
 * Stream: page n (n = 1, 2, ... forever) lives in slot n mod P and holds stream bytes [n*D, (n+1)*D).
 * Records are packed in the stream, spanning pages freely: [length 4 | crc32c 4 | prevLsn 8 | payload].
 * A record's LSN is the stream offset of its first byte, so LSNs only grow, across wraps too (LFS-3).
 * </pre>
 *
 * <p>Space rules are in {@link LogLayout}; recovery is {@link LogRecovery}.
 *
 * <p>Group commit: {@link #append} copies the record into in-memory tail pages under a short lock and never does
 * I/O unless the unwritten pages exceed {@code 2 * flushBatchPages}. {@link #flush} elects one leader at a time,
 * which snapshots the unwritten pages (at most {@code flushBatchPages}), writes them with one device write per
 * contiguous run (split at the ring's wrap), calls {@code device.flush()} once and wakes every waiter whose LSN is
 * now durable; appenders go on while it does I/O, and a flusher whose LSN is not yet covered leads the next round.
 * The partly filled tail page is rewritten in place by the next flush: a page is one sector, so that is atomic.
 *
 * <p>An I/O error during a flush leaves the log failed: that flush throws the error, every later operation but
 * {@link #close()} throws {@link StorageException} with it as cause (what reached the disk is unknown; reopen to
 * recover). Thread-safe. {@link #close()} flushes what was appended and leaves the device open (the caller owns it).
 */
public final class LogFile implements AutoCloseable {
    private enum State { OPEN, CLOSING, CLOSED }

    /** Records {@link #scanForward} takes from the index per turn of the lock. */
    private static final int SCAN_BATCH_RECORDS = 4096;
    /** Rounds a leader leads for waiters after its own record is durable, before it wakes one of them to lead. */
    private static final int EXTRA_ROUNDS_MAX = 4;

    /** A flush round's snapshot: pages {@code firstPage ..}, the claims they carry, what becomes durable. */
    private record Batch(long firstPage, byte[][] pageData, long batchEndLsn, long claimDurableLsn,
                         long newDurableLsn, long newFlushedRecordLsn) {
    }

    private final BlockDevice device;
    private final LogLayout layout;
    private final LogFault fault;
    private final long logId;
    private final long epoch;
    private final int pageDataBytes;
    private final int bufferLimitPages;

    private final ReentrantLock lock = new ReentrantLock();
    /** Serializes restart-area writes; never held while waiting for {@link #lock}'s condition. */
    private final ReentrantLock restartLock = new ReentrantLock();

    // Guarded by lock.
    private State state = State.OPEN;
    private Throwable failure;
    private boolean leaderActive;
    /** Flushers waiting for the round in flight, oldest first. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long startLsn;
    private long durableStartLsn;
    private long endLsn;
    private long lastRecordLsn;
    private long writtenThroughLsn;
    private long flushedRecordLsn;
    private RestartPage restart;
    private int nextRestartSlot;
    /** Pages {@code bufferFirstPage .. pageOf(endLsn)}: those with bytes not yet handed to the device, and the tail. */
    private final List<byte[]> pages = new ArrayList<>();
    /** {@link LogFault#CALLER_ARRAYS_KEPT}'s cache: the caller's own payload arrays, by LSN. */
    private final Map<Long, byte[]> callerArrays = new ConcurrentHashMap<>();
    private long bufferFirstPage;
    private final LsnIndex index;
    /** Pages as open's scan checked them, all below the end then; maybe none. */
    private KeptPages keptPages;
    /** Every record below it is durable; written under lock, read without it for the fast path. */
    private volatile long durableLsn;

    // Used only by the leader of a flush round.
    private byte[] runBuffer = new byte[0];

    /**
     * A read buffer the last read (or open's scan) was done with, for the next read to take: a one-slot pool, since
     * reads run outside the lock and may overlap (the one that finds it empty allocates its own).
     */
    private final AtomicReference<ByteBuffer> spareReadBuffer = new AtomicReference<>();

    private LogFile(BlockDevice device, LogLayout layout, LogFault fault, RestartPage restart, int nextRestartSlot,
                    LogRecovery.Result recovered) {
        this.device = device;
        this.layout = layout;
        this.fault = fault;
        this.logId = restart.logId();
        this.epoch = restart.epoch();
        this.pageDataBytes = layout.pageDataBytes();
        this.bufferLimitPages = 2 * layout.flushBatchPages();
        this.restart = restart;
        this.nextRestartSlot = nextRestartSlot;
        this.startLsn = restart.startLsn();
        this.durableStartLsn = restart.startLsn();
        this.endLsn = recovered.endLsn();
        this.lastRecordLsn = recovered.lastRecordLsn();
        this.writtenThroughLsn = recovered.endLsn();
        this.flushedRecordLsn = recovered.lastRecordLsn();
        this.durableLsn = recovered.endLsn();
        this.bufferFirstPage = layout.pageOf(recovered.endLsn());
        this.pages.add(recovered.tailPageData());
        this.index = recovered.index();
        this.keptPages = recovered.keptPages();
        this.spareReadBuffer.set(recovered.readBuffer());
    }

    /**
     * Initialises an empty log on the whole device (LFS-4) and opens it: writes both restart copies, durably. The
     * log pages are not touched: the new random log id makes whatever they hold foreign. Not crash-atomic: a crash
     * during format may leave the device's previous log.
     *
     * @throws IllegalArgumentException if the device is too small or its sector size unsupported
     */
    public static LogFile format(BlockDevice device, LogOptions options) {
        return format(device, options, LogFault.CORRECT);
    }

    /** {@link #format(BlockDevice, LogOptions)} with a deliberately broken behaviour, for the test fixtures only. */
    static LogFile format(BlockDevice device, LogOptions options, LogFault fault) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(fault, "fault");
        LogLayout layout = LogLayout.forFormat(device.sectorSizeBytes(), device.sectorCount(), options);
        long logId = fault == LogFault.FIXED_LOG_ID ? FIXED_LOG_ID : newLogId();
        RestartPage first = new RestartPage(layout.sectorSizeBytes(), layout.firstLogSector(),
                layout.logPageCount(), layout.maxPayloadBytes(), layout.maxClientDataBytes(),
                layout.flushBatchPages(), logId, 1, layout.firstLsn(), 1, layout.firstLsn(), new byte[0]);
        writeRestartCopy(device, layout, 0, first);
        RestartPage second = first.withEpoch(2, 1, layout.firstLsn());
        writeRestartCopy(device, layout, 1, second);
        LogRecovery.Result empty = new LogRecovery.Result(layout.firstLsn(), 0, new byte[layout.pageDataBytes()],
                new LsnIndex());
        return new LogFile(device, layout, fault, second, 0, empty);
    }

    /**
     * Opens an existing log after a clean close or a crash (LFS-6): takes the newest restart copy with a valid
     * checksum, scans the log from its start to the true end, then bumps the incarnation epoch durably (into the
     * older copy) before anything else is written. The format parameters come from the disk, not {@code options}.
     *
     * @throws CorruptLogException if neither restart copy is valid (a copy whose read fails with {@link
     *                             DiskException} counts as invalid, LFS-2), the image is truncated, or a durable
     *                             record is provably lost
     */
    public static LogFile open(BlockDevice device, LogOptions options) {
        return openChecked(device, options, LogFault.CORRECT, 0);
    }

    /**
     * {@link #open(BlockDevice, LogOptions)} that keeps in memory the log pages its scan read and checked, if they
     * come to at most {@code keepBytesMax} bytes (else it keeps none): {@link #scanForward} then reads records from
     * them instead of the device, until {@link #releaseKeptPages()}. For a client that reads its whole log right
     * after opening it, as restart recovery does: the log is read from the device once.
     *
     * @param keepBytesMax the most page bytes kept; 0 keeps none
     */
    public static LogFile open(BlockDevice device, LogOptions options, long keepBytesMax) {
        return open(device, options, LogFault.CORRECT, keepBytesMax);
    }

    /** {@link #open(BlockDevice, LogOptions)} with a deliberately broken behaviour, for the test fixtures only. */
    static LogFile open(BlockDevice device, LogOptions options, LogFault fault) {
        return openChecked(device, options, fault, 0);
    }

    /**
     * {@link #open(BlockDevice, LogOptions, long)} with a deliberately broken behaviour, for the test fixtures only.
     */
    static LogFile open(BlockDevice device, LogOptions options, LogFault fault, long keepBytesMax) {
        if (keepBytesMax < 0) {
            throw new IllegalArgumentException("keepBytesMax must not be negative: keepBytesMax=" + keepBytesMax);
        }
        return openChecked(device, options, fault, keepBytesMax);
    }

    private static LogFile openChecked(BlockDevice device, LogOptions options, LogFault fault, long keepBytesMax) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(fault, "fault");
        RestartPage[] copies = readRestartCopies(device, fault != LogFault.NO_CHECKSUM_VALIDATION);
        int newest = copies[1] != null && (copies[0] == null || copies[1].sequence() > copies[0].sequence()) ? 1 : 0;
        RestartPage current = copies[newest];
        LogLayout layout = LogLayout.of(current);
        long neededSectors = layout.firstLogSector() + layout.logPageCount();
        if (current.sectorSizeBytes() != device.sectorSizeBytes()) {
            throw new CorruptLogException("sector size mismatch: deviceSectorSizeBytes=" + device.sectorSizeBytes()
                    + " logSectorSizeBytes=" + current.sectorSizeBytes());
        }
        if (device.sectorCount() < neededSectors) {
            throw new CorruptLogException("truncated image: deviceSectorCount=" + device.sectorCount()
                    + " neededSectorCount=" + neededSectors);
        }
        long maxEpoch = current.epoch();
        long maxSequence = current.sequence();
        RestartPage other = copies[1 - newest];
        if (other != null && other.logId() == current.logId()) {
            maxEpoch = Math.max(maxEpoch, other.epoch());
            maxSequence = Math.max(maxSequence, other.sequence());
        }
        // What recovery reads may still sit in a volatile cache (a process crash, not a power loss): make it durable
        // before pages claim it is.
        if (fault != LogFault.OPEN_WITHOUT_FLUSH) {
            device.flush();
        }
        LogRecovery.Result recovered = LogRecovery.recover(device, layout, current, maxEpoch, fault, keepBytesMax);
        boolean singleCopy = fault == LogFault.SINGLE_RESTART_COPY;
        int bumpSlot = singleCopy ? 0 : 1 - newest;
        RestartPage bumped = current.withEpoch(maxSequence + 1, maxEpoch + 1, recovered.endLsn());
        writeRestartCopy(device, layout, bumpSlot, bumped);
        return new LogFile(device, layout, fault, bumped, singleCopy ? 0 : newest, recovered);
    }

    /** The geometry {@link #format} would give {@code device} with {@code options}; no I/O. */
    public static LogGeometry geometryOf(BlockDevice device, LogOptions options) {
        return geometryOf(device, options, LogFault.CORRECT);
    }

    /** {@link #geometryOf(BlockDevice, LogOptions)} as the (possibly broken) variant {@code fault} declares it. */
    static LogGeometry geometryOf(BlockDevice device, LogOptions options, LogFault fault) {
        return declared(LogLayout.forFormat(device.sectorSizeBytes(), device.sectorCount(), options).geometry(), fault);
    }

    private static LogGeometry declared(LogGeometry real, LogFault fault) {
        return fault != LogFault.NO_SLACK ? real : new LogGeometry(real.capacityBytes(), real.recordOverheadBytes(), 0,
                real.maxPayloadBytes(), real.maxClientDataBytes());
    }

    private static RestartPage[] readRestartCopies(BlockDevice device, boolean verify) {
        int sectorSizeBytes = device.sectorSizeBytes();
        SectorSizes.require(sectorSizeBytes);
        long restartSectors = LogLayout.restartSectors(sectorSizeBytes);
        if (device.sectorCount() < restartSectors) {
            throw new CorruptLogException("truncated image: deviceSectorCount=" + device.sectorCount()
                    + " restartSectorCount=" + restartSectors);
        }
        RestartPage[] copies = new RestartPage[RestartPageCodec.COPY_COUNT];
        String[] errors = new String[RestartPageCodec.COPY_COUNT];
        StorageException[] suppressed = new StorageException[RestartPageCodec.COPY_COUNT];
        ByteBuffer bytes = ByteBuffer.allocate(RestartPageCodec.COPY_SIZE_BYTES); // decode copies what it keeps
        for (int slot = 0; slot < RestartPageCodec.COPY_COUNT; slot++) {
            bytes.clear();
            try {
                device.read(RestartPageCodec.copyOffsetBytes(slot) / sectorSizeBytes, bytes);
                copies[slot] = RestartPageCodec.decode(bytes.flip(), verify);
            } catch (CorruptLogException | DiskException e) {
                if (e instanceof DeviceClosedException) {
                    throw e;
                }
                // LFS-2: a destroyed or unreadable copy is what the other copy is for.
                errors[slot] = e.getMessage();
                suppressed[slot] = e;
            }
        }
        if (copies[0] == null && copies[1] == null) {
            CorruptLogException e = new CorruptLogException("no valid restart copy: copy0=(" + errors[0]
                    + ") copy1=(" + errors[1] + ")");
            for (StorageException cause : suppressed) {
                e.addSuppressed(cause);
            }
            throw e;
        }
        return copies;
    }

    private static void writeRestartCopy(BlockDevice device, LogLayout layout, int slot, RestartPage page) {
        device.write(layout.restartSector(slot), ByteBuffer.wrap(RestartPageCodec.encode(page)), true);
    }

    /** The one log id of the {@link LogFault#FIXED_LOG_ID} variant. */
    private static final long FIXED_LOG_ID = 0x4C4F_4749_445F_4649L;

    private static long newLogId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }

    /**
     * Appends a record (LFS-4) and returns its LSN, larger than every LSN before (LFS-3). In memory until a flush.
     *
     * @throws RecordTooLargeException if the payload exceeds {@link LogGeometry#maxPayloadBytes()}
     * @throws LogFullException        if the record would overwrite a page holding bytes at or after the durable
     *                                 start (LFS-5)
     */
    public long append(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length > layout.maxPayloadBytes()) {
            throw new RecordTooLargeException("record too large: payloadBytes=" + payload.length
                    + " maxPayloadBytes=" + layout.maxPayloadBytes());
        }
        int payloadChecksum = RecordCodec.payloadChecksum(payload);
        lock.lock();
        try {
            if (fault == LogFault.APPEND_AFTER_CLOSE) {
                checkNotFailed(); // the broken variant: a closed log still takes records
            } else {
                checkUsable();
            }
            while (pages.size() > bufferLimitPages) {
                long target = endLsn - 1;
                lock.unlock();
                try {
                    flushThrough(target);
                } finally {
                    lock.lock();
                }
                checkUsable();
            }
            long lsn = endLsn;
            long recordBytes = (long) RecordCodec.HEADER_BYTES + payload.length;
            checkSpace(lsn, recordBytes);
            int checksum = RecordCodec.checksum(lsn, lastRecordLsn, payload.length, payloadChecksum);
            put(RecordCodec.encodeHeader(payload.length, checksum, lastRecordLsn));
            put(payload);
            if (fault == LogFault.CALLER_ARRAYS_KEPT) {
                callerArrays.put(lsn, payload);
            }
            index.add(lsn);
            lastRecordLsn = lsn;
            return lsn;
        } finally {
            lock.unlock();
        }
    }

    private void checkSpace(long lsn, long recordBytes) {
        long lastPage = layout.pageOf(lsn + recordBytes - 1);
        long limitPage = layout.pageOf(durableStartLsn) + layout.logPageCount();
        if (lastPage >= limitPage && fault != LogFault.WRAP_IGNORES_START) {
            throw new LogFullException("log full: lsn=" + lsn + " recordBytes=" + recordBytes + " liveBytes="
                    + (lsn - durableStartLsn) + " capacityBytes=" + layout.capacityBytes() + " durableStartLsn="
                    + durableStartLsn + " startLsn=" + startLsn);
        }
    }

    /** Copies {@code bytes} to the stream at {@code endLsn}; the last page in {@link #pages} is the end's page. */
    private void put(byte[] bytes) {
        int copied = 0;
        while (copied < bytes.length) {
            int within = layout.offsetInPage(endLsn);
            int length = Math.min(pageDataBytes - within, bytes.length - copied);
            System.arraycopy(bytes, copied, pages.get(pages.size() - 1), within, length);
            copied += length;
            endLsn += length;
            if (layout.offsetInPage(endLsn) == 0) {
                pages.add(new byte[pageDataBytes]);
            }
        }
    }

    /**
     * Makes every record with an LSN up to and including {@code lsn} durable (LFS-4); may make more durable.
     * Concurrent callers share device flushes (group commit).
     *
     * @throws InvalidLsnException if {@code lsn} is not positive or not below {@link #endLsn()}
     */
    public void flush(long lsn) {
        lock.lock();
        try {
            checkUsable();
            if (lsn <= 0 || lsn >= endLsn) {
                throw new InvalidLsnException("lsn never written: lsn=" + lsn + " endLsn=" + endLsn);
            }
        } finally {
            lock.unlock();
        }
        if (durableLsn <= lsn) {
            flushThrough(lsn);
        }
    }

    /**
     * Leads or joins flush rounds until every record at or below {@code target} is durable. Lock not held.
     *
     * <p>A flusher that finds a round in flight waits on its own: the leader, when the round is done, wakes exactly
     * the waiters it made durable (they return without taking the lock, so they do not queue behind each other for
     * it). With its own record durable, it leads up to {@link #EXTRA_ROUNDS_MAX} more rounds for the waiters left,
     * each taking what was appended meanwhile, then wakes the oldest of those still waiting to lead.
     */
    private void flushThrough(long target) {
        List<Waiter> wake = new ArrayList<>();
        int extraRounds = 0;
        while (true) {
            Waiter waiter;
            lock.lock();
            try {
                if (durableLsn > target) {
                    // Done; but lead the next round for those waiting, a few times, rather than wake one to do it.
                    if (!waiters.isEmpty() && !leaderActive && extraRounds++ < EXTRA_ROUNDS_MAX) {
                        try {
                            leadRound(wake);
                        } catch (RuntimeException e) {
                            return; // this caller's record is durable: the failure is the log's now, and the waiters'
                        }
                        continue;
                    }
                    handOver(wake);
                    return;
                }
                checkNotFailed();
                if (!leaderActive) {
                    try {
                        leadRound(wake);
                    } catch (RuntimeException | Error e) {
                        handOver(wake);
                        throw e;
                    }
                    continue;
                }
                waiter = new Waiter(Thread.currentThread(), target);
                waiters.add(waiter);
            } finally {
                lock.unlock();
                unparkAll(wake);
            }
            waiter.await();
            if (fault == LogFault.EARLY_WAKE || durableLsn > target
                    || fault == LogFault.FAILED_ROUND_ACKS_WAITERS && failure != null) {
                return; // made durable (the broken variants return whatever the round did, or after its failure)
            }
        }
    }

    /**
     * Under lock (released while the round's pages are written and flushed): one flush round; then the waiters it
     * made durable go to {@code wake} (on a failure, all of them).
     */
    private void leadRound(List<Waiter> wake) {
        Batch batch = snapshot();
        leaderActive = true;
        lock.unlock();
        Throwable thrown = null;
        try {
            writeBatch(batch);
        } catch (RuntimeException | Error e) {
            thrown = e;
        }
        lock.lock();
        leaderActive = false;
        if (thrown != null) {
            failure = thrown;
            releaseWaiters(wake, true);
            if (thrown instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) thrown;
        }
        complete(batch);
        releaseWaiters(wake, fault == LogFault.EARLY_WAKE);
    }

    /** Unparks what {@link #releaseWaiters} or {@link #handOver} released, then forgets it; lock held or not. */
    private static void unparkAll(List<Waiter> wake) {
        for (Waiter released : wake) {
            LockSupport.unpark(released.thread);
        }
        wake.clear();
    }

    /** Under lock, by a leader that stops leading: if flushers wait and no round is in flight, one of them leads. */
    private void handOver(List<Waiter> wake) {
        if (!waiters.isEmpty() && !leaderActive) {
            Waiter next = waiters.removeFirst();
            next.released = true;
            wake.add(next);
        }
    }

    /** Under lock: marks released, and moves to {@code wake}, every waiter made durable (or all). */
    private void releaseWaiters(List<Waiter> wake, boolean all) {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (all || waiter.target < durableLsn) {
                it.remove();
                waiter.released = true;
                wake.add(waiter);
            }
        }
    }

    /** A flusher waiting for a round: the leader releases it, then unparks it. */
    private static final class Waiter {
        final Thread thread;
        final long target;
        volatile boolean released;

        Waiter(Thread thread, long target) {
            this.thread = thread;
            this.target = target;
        }

        /** Parks until released; an interrupt is kept for the caller, not acted on. */
        void await() {
            boolean interrupted = false;
            while (!released) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                thread.interrupt();
            }
        }
    }

    /** Under lock: the next round's pages, at most {@code flushBatchPages} from the first unwritten byte. */
    private Batch snapshot() {
        if (writtenThroughLsn >= endLsn) {
            throw new IllegalStateException("flush round with nothing to write: writtenThroughLsn="
                    + writtenThroughLsn + " endLsn=" + endLsn + " durableLsn=" + durableLsn);
        }
        long firstPage = bufferFirstPage;
        long lastPage = Math.min(layout.pageOf(endLsn - 1), firstPage + layout.flushBatchPages() - 1);
        long batchEndLsn = Math.min(endLsn, layout.pageStart(lastPage + 1));
        byte[][] pageData = new byte[(int) (lastPage - firstPage + 1)][];
        for (int i = 0; i < pageData.length; i++) {
            pageData[i] = pages.get(i);
        }
        int lastUsedBytes = (int) (batchEndLsn - layout.pageStart(lastPage));
        if (lastUsedBytes < pageDataBytes) {
            // The only page appenders may still write to: copy what this round writes of it.
            pageData[pageData.length - 1] = Arrays.copyOf(pageData[pageData.length - 1], lastUsedBytes);
        }
        long newDurableLsn = batchEndLsn == endLsn ? endLsn : Math.max(durableLsn, index.lastAtOrBelow(batchEndLsn));
        long newFlushedRecordLsn = newDurableLsn == endLsn ? lastRecordLsn : index.lastAtOrBelow(newDurableLsn - 1);
        return new Batch(firstPage, pageData, batchEndLsn, durableLsn, newDurableLsn, newFlushedRecordLsn);
    }

    /** Leader only, lock not held: writes the round's pages, one device write per contiguous run, then flushes. */
    private void writeBatch(Batch batch) {
        int sectorSizeBytes = layout.sectorSizeBytes();
        int pageCount = batch.pageData().length;
        if (runBuffer.length < pageCount * sectorSizeBytes) {
            runBuffer = new byte[pageCount * sectorSizeBytes];
        }
        for (int i = 0; i < pageCount; i++) {
            byte[] data = batch.pageData()[i];
            int pageOffset = i * sectorSizeBytes;
            int dataOffset = pageOffset + LogPageCodec.HEADER_BYTES;
            System.arraycopy(data, 0, runBuffer, dataOffset, data.length);
            Arrays.fill(runBuffer, dataOffset + data.length, pageOffset + sectorSizeBytes, (byte) 0);
            LogPageCodec.encode(runBuffer, pageOffset, sectorSizeBytes, new PageHeader(logId,
                    batch.firstPage() + i, epoch, batch.claimDurableLsn(), data.length));
        }
        int written = 0;
        while (written < pageCount) {
            long page = batch.firstPage() + written;
            int runPages = (int) Math.min(pageCount - written, layout.pagesBeforeWrap(page));
            try {
                device.write(layout.sectorOf(page), ByteBuffer.wrap(runBuffer, written * sectorSizeBytes,
                        runPages * sectorSizeBytes), false);
            } catch (RuntimeException e) {
                rethrowUnlessIgnored(e);
            }
            written += runPages;
        }
        if (fault != LogFault.SKIP_DEVICE_FLUSH) {
            try {
                device.flush();
            } catch (RuntimeException e) {
                rethrowUnlessIgnored(e);
            }
        }
    }

    /** A flush's device error; only the broken variant {@link LogFault#IGNORE_FLUSH_ERRORS} goes on past it. */
    private void rethrowUnlessIgnored(RuntimeException e) {
        if (fault != LogFault.IGNORE_FLUSH_ERRORS) {
            throw e;
        }
    }

    /** Under lock, after a round's pages are durable. */
    private void complete(Batch batch) {
        writtenThroughLsn = batch.batchEndLsn();
        long newFirstPage = layout.pageOf(batch.batchEndLsn());
        pages.subList(0, (int) (newFirstPage - bufferFirstPage)).clear();
        bufferFirstPage = newFirstPage;
        flushedRecordLsn = Math.max(flushedRecordLsn, batch.newFlushedRecordLsn());
        durableLsn = Math.max(durableLsn, batch.newDurableLsn());
        index.removeBelow(Math.min(startLsn, flushedRecordLsn));
    }

    /** The LSN of the newest durable record: the last recovered one after open, 0 if none is known. */
    public long flushedLsn() {
        lock.lock();
        try {
            checkOpen();
            return flushedRecordLsn;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the logical start forward (LFS-4, LFS-5), in memory only: space below it is reused once {@link
     * #writeRestartArea} has stored it.
     *
     * @param lsn a record's LSN at or after the current start, or {@link #endLsn()} to release every record
     * @throws InvalidLsnException if {@code lsn} is below the start, past the end, or not a record boundary
     */
    public void advanceStart(long lsn) {
        lock.lock();
        try {
            checkUsable();
            if (lsn < startLsn && fault == LogFault.START_MOVES_BACK && lsn >= durableStartLsn) {
                startLsn = lsn; // the broken variant: back to what the durable restart area still keeps
                return;
            }
            if (lsn < startLsn) {
                throw new InvalidLsnException("start moved backward: lsn=" + lsn + " startLsn=" + startLsn);
            }
            if (lsn > endLsn) {
                throw new InvalidLsnException("start moved past the end: lsn=" + lsn + " endLsn=" + endLsn);
            }
            if (lsn != endLsn && index.indexOf(lsn) < 0 && fault != LogFault.START_INSIDE_RECORD_ACCEPTED) {
                throw new InvalidLsnException("not a record boundary: lsn=" + lsn + " startLsn=" + startLsn
                        + " endLsn=" + endLsn);
            }
            startLsn = lsn;
            index.removeBelow(Math.min(startLsn, flushedRecordLsn));
        } finally {
            lock.unlock();
        }
    }

    /** The logical start, in memory: it may be ahead of the restart area's. */
    public long startLsn() {
        lock.lock();
        try {
            checkOpen();
            return startLsn;
        } finally {
            lock.unlock();
        }
    }

    /** The LSN the next append gets. */
    public long endLsn() {
        lock.lock();
        try {
            checkOpen();
            return endLsn;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the current start and {@code clientData} durably into the older of the two restart copies (LFS-2),
     * with the next sequence number; returns when it is durable. From then on that start is the durable start.
     *
     * @throws IllegalArgumentException if {@code clientData} exceeds {@link LogGeometry#maxClientDataBytes()}
     */
    public void writeRestartArea(byte[] clientData) {
        Objects.requireNonNull(clientData, "clientData");
        if (clientData.length > layout.maxClientDataBytes()) {
            throw new IllegalArgumentException("client data too large: clientDataBytes=" + clientData.length
                    + " maxClientDataBytes=" + layout.maxClientDataBytes());
        }
        restartLock.lock();
        try {
            RestartPage next;
            int slot;
            lock.lock();
            try {
                checkUsable();
                slot = nextRestartSlot;
                next = restart.withArea(restart.sequence() + 1, startLsn, clientData.clone());
            } finally {
                lock.unlock();
            }
            writeRestartCopy(device, layout, slot, next);
            lock.lock();
            try {
                restart = next;
                durableStartLsn = Math.max(durableStartLsn, next.startLsn());
                nextRestartSlot = fault == LogFault.SINGLE_RESTART_COPY ? 0 : 1 - slot;
            } finally {
                lock.unlock();
            }
        } finally {
            restartLock.unlock();
        }
    }

    /** The restart area last written, or after {@link #open}, the newest found on disk. */
    public RestartArea readRestartArea() {
        lock.lock();
        try {
            checkOpen();
            return new RestartArea(restart.startLsn(), restart.clientData());
        } finally {
            lock.unlock();
        }
    }

    /** The space this log offers. */
    public LogGeometry geometry() {
        return declared(layout.geometry(), fault);
    }

    /**
     * Up to {@code maxRecords} records from {@code fromLsn} forward, in LSN order (LFS-4); durable or not.
     *
     * @param fromLsn a record's LSN at or after the start, or {@link #endLsn()} (then the list is empty)
     * @throws InvalidLsnException  if {@code fromLsn} is below the start, past the end, or not a record boundary
     * @throws CorruptLogException  if a page or record read back fails its checks
     */
    public List<LogRecord> readForward(long fromLsn, int maxRecords) {
        checkMaxRecords(maxRecords);
        ReadPlan plan;
        lock.lock();
        try {
            checkUsable();
            checkReadable(fromLsn);
            if (fromLsn == endLsn || maxRecords == 0) {
                return List.of();
            }
            int first = index.indexOf(fromLsn);
            plan = plan(first, Math.min(maxRecords, index.size() - first));
        } finally {
            lock.unlock();
        }
        return served(read(plan));
    }

    /** The records as a read returns them; under {@link LogFault#CALLER_ARRAYS_KEPT}, from the caller's arrays. */
    private List<LogRecord> served(List<LogRecord> records) {
        if (fault != LogFault.CALLER_ARRAYS_KEPT) {
            return records;
        }
        List<LogRecord> out = new ArrayList<>(records.size());
        for (LogRecord r : records) {
            byte[] kept = callerArrays.get(r.lsn());
            out.add(kept == null ? r : new LogRecord(r.lsn(), kept));
        }
        return out;
    }

    /**
     * Up to {@code maxRecords} records from {@code fromLsn} backward to the start, in descending LSN order (LFS-4).
     *
     * @param fromLsn a record's LSN at or after the start (the first record returned), or {@link #endLsn()} (the
     *                last record is the first returned)
     * @throws InvalidLsnException if {@code fromLsn} is below the start, past the end, or not a record boundary
     * @throws CorruptLogException if a page or record read back fails its checks
     */
    public List<LogRecord> readBackward(long fromLsn, int maxRecords) {
        checkMaxRecords(maxRecords);
        ReadPlan plan;
        lock.lock();
        try {
            checkUsable();
            checkReadable(fromLsn);
            int last = fromLsn == endLsn ? index.size() - 1 : index.indexOf(fromLsn);
            int firstLive = index.firstAtOrAbove(startLsn);
            if (maxRecords == 0 || last < firstLive) {
                return List.of();
            }
            int first = (int) Math.max(firstLive, (long) last - maxRecords + 1);
            plan = plan(first, last - first + 1);
        } finally {
            lock.unlock();
        }
        List<LogRecord> records = new ArrayList<>(served(read(plan)));
        Collections.reverse(records);
        return records;
    }

    /**
     * Visits every record from {@code fromLsn} up to (not including) {@code toLsn} or the end of the log as it is when
     * the scan begins, whichever comes first, in LSN order, with every check {@link #readForward} makes (each page's
     * checksum and identity, each record's length, checksum and chain), but without copying each record: for long
     * forward reads such as restart recovery's. Durable or not. A record in the pages {@link #open(BlockDevice,
     * LogOptions, long)} kept is read from them, not the device; its checksum is not computed again (open's scan
     * checked those very bytes, which never left memory since), its length and chain are.
     *
     * @param fromLsn a record's LSN at or after the start, or {@link #endLsn()} (then nothing is visited)
     * @throws InvalidLsnException if {@code fromLsn} is below the start, past the end, or not a record boundary, or
     *                             the start moves past the scan while it runs
     * @throws CorruptLogException if a page or record read back fails its checks
     */
    public void scanForward(long fromLsn, long toLsn, RecordVisitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        long[] boundaries = new long[SCAN_BATCH_RECORDS + 1];
        RecordScanner scanner = null;
        long lsn = fromLsn;
        long limitLsn = toLsn;
        while (true) {
            int count;
            long prevLsn;
            long memoryFirstPage;
            long checkedBelowPage;
            List<ByteBuffer> memoryPages;
            lock.lock();
            try {
                checkUsable();
                if (scanner == null) {
                    checkReadable(fromLsn);
                    limitLsn = Math.min(toLsn, endLsn);
                    scanner = new RecordScanner(device, layout, logId, fault != LogFault.NO_CHECKSUM_VALIDATION);
                }
                if (lsn >= limitLsn) {
                    return;
                }
                int first = index.indexOf(lsn);
                if (first < 0) {
                    throw new InvalidLsnException("start moved past a scan: lsn=" + lsn + " startLsn=" + startLsn);
                }
                count = Math.min(SCAN_BATCH_RECORDS, index.firstAtOrAbove(limitLsn) - first);
                for (int k = 0; k < count; k++) {
                    boundaries[k] = index.get(first + k);
                }
                boundaries[count] = first + count < index.size() ? index.get(first + count) : endLsn;
                prevLsn = first > 0 ? index.get(first - 1) : 0;
                long firstPage = layout.pageOf(boundaries[0]);
                long lastPage = layout.pageOf(boundaries[count] - 1);
                memoryPages = new ArrayList<>();
                checkedBelowPage = Long.MIN_VALUE;
                // The broken variant reads the tail page, which appends since open changed, from the kept pages too.
                long keptEndPage = fault == LogFault.SCAN_READS_KEPT_TAIL ? lastPage + 1 : bufferFirstPage;
                long bufferFromPage;
                if (keptPages.covers(firstPage, Math.min(lastPage, keptEndPage - 1))) {
                    memoryFirstPage = firstPage;
                    checkedBelowPage = keptEndPage;
                    for (long page = firstPage; page < Math.min(lastPage + 1, keptEndPage); page++) {
                        memoryPages.add(keptPages.page(page)); // never written to
                    }
                    bufferFromPage = Math.max(firstPage, keptEndPage);
                } else {
                    memoryFirstPage = Math.max(bufferFirstPage, firstPage);
                    bufferFromPage = memoryFirstPage;
                }
                for (long page = bufferFromPage; page <= lastPage; page++) {
                    memoryPages.add(ByteBuffer.wrap(pages.get((int) (page - bufferFirstPage)).clone()));
                }
            } finally {
                lock.unlock();
            }
            scanner.scan(boundaries, count, prevLsn, memoryFirstPage, memoryPages, checkedBelowPage, visitor);
            lsn = boundaries[count];
        }
    }

    /** Drops the pages {@link #open(BlockDevice, LogOptions, long)} kept: scans read the device from now on. */
    public void releaseKeptPages() {
        lock.lock();
        try {
            keptPages = KeptPages.none();
        } finally {
            lock.unlock();
        }
    }

    private static void checkMaxRecords(int maxRecords) {
        if (maxRecords < 0) {
            throw new IllegalArgumentException("maxRecords must not be negative: maxRecords=" + maxRecords);
        }
    }

    /** Under lock. */
    private void checkReadable(long lsn) {
        if (lsn < startLsn) {
            throw new InvalidLsnException("lsn below the start: lsn=" + lsn + " startLsn=" + startLsn);
        }
        if (lsn > endLsn) {
            throw new InvalidLsnException("lsn never written: lsn=" + lsn + " endLsn=" + endLsn);
        }
        if (lsn != endLsn && index.indexOf(lsn) < 0) {
            throw new InvalidLsnException("not a record boundary: lsn=" + lsn + " startLsn=" + startLsn
                    + " endLsn=" + endLsn);
        }
    }

    /** What a read needs, taken under lock, so the I/O can run without it. */
    private record ReadPlan(RecordReader reader, long[] boundaries, long prevLsn) {
    }

    /** Runs {@code plan}'s read, lock not held, and leaves its buffer for the next. */
    private List<LogRecord> read(ReadPlan plan) {
        try {
            return plan.reader().read(plan.boundaries(), plan.prevLsn());
        } finally {
            ByteBuffer buffer = plan.reader().buffer();
            if (buffer != null) {
                spareReadBuffer.set(buffer);
            }
        }
    }

    /** Under lock: records at index positions {@code [first, first + count)}, with copies of in-memory pages. */
    private ReadPlan plan(int first, int count) {
        long[] boundaries = new long[count + 1];
        for (int k = 0; k < count; k++) {
            boundaries[k] = index.get(first + k);
        }
        boundaries[count] = first + count < index.size() ? index.get(first + count) : endLsn;
        long memoryFirstPage = Math.max(bufferFirstPage, layout.pageOf(boundaries[0]));
        long memoryLastPage = layout.pageOf(boundaries[count] - 1);
        List<byte[]> memoryPages = new ArrayList<>((int) Math.max(0, memoryLastPage - memoryFirstPage + 1));
        for (long page = memoryFirstPage; page <= memoryLastPage; page++) {
            memoryPages.add(pages.get((int) (page - bufferFirstPage)).clone());
        }
        long prevLsn = first > 0 ? index.get(first - 1) : 0;
        RecordReader reader = new RecordReader(device, layout, logId, readsChecked(),
                memoryFirstPage, memoryPages, spareReadBuffer.getAndSet(null));
        return new ReadPlan(reader, boundaries, prevLsn);
    }

    /**
     * Flushes every appended record, then releases the log (later calls throw {@link LogClosedException}). The
     * device stays open: its owner closes it. Closing twice does nothing.
     */
    @Override
    public void close() {
        if (fault == LogFault.CLOSE_RELEASES_LOG) {
            releaseEverythingAtClose();
        }
        long target;
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSING;
            keptPages = KeptPages.none();
            target = failure == null && durableLsn < endLsn && fault != LogFault.CLOSE_WITHOUT_FLUSH ? endLsn - 1 : 0;
        } finally {
            lock.unlock();
        }
        try {
            if (target > 0) {
                flushThrough(target);
            }
        } finally {
            lock.lock();
            try {
                state = State.CLOSED;
                List<Waiter> wake = new ArrayList<>();
                releaseWaiters(wake, true);
                unparkAll(wake);
            } finally {
                lock.unlock();
            }
        }
    }

    /** {@link LogFault#CLOSE_RELEASES_LOG}'s close: a restart area that releases every record, written first. */
    private void releaseEverythingAtClose() {
        try {
            advanceStart(endLsn());
            writeRestartArea(readRestartArea().clientData());
        } catch (StorageException e) {
            // closed or failed already: the broken close goes on as the real one does
        }
    }

    /** Under lock: open and not failed. */
    private void checkUsable() {
        checkOpen();
        checkNotFailed();
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new LogClosedException("log is closed: state=" + state + " endLsn=" + endLsn);
        }
    }

    private void checkNotFailed() {
        if (failure != null) {
            throw new StorageException("log failed after an earlier error, reopen to recover: durableLsn="
                    + durableLsn + " endLsn=" + endLsn + " error=" + failure, failure);
        }
    }

    @Override
    public String toString() {
        return "LogFile[logId=" + Checksums.hex(logId) + ", epoch=" + epoch + ", device=" + device + "]";
    }

    /** Whether {@link #readForward} and {@link #readBackward} check what they read from the device (as recovery does). */
    private boolean readsChecked() {
        return fault != LogFault.NO_CHECKSUM_VALIDATION && fault != LogFault.LIVE_READS_UNCHECKED;
    }
}
