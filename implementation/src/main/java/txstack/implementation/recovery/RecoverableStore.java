package txstack.implementation.recovery;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import txstack.implementation.disk.BlockDevice;
import txstack.implementation.disk.SectorSizes;
import txstack.implementation.lfs.InvalidLsnException;
import txstack.implementation.lfs.LogFile;
import txstack.implementation.lfs.LogFullException;
import txstack.implementation.lfs.LogGeometry;
import txstack.implementation.lfs.LogRecord;
import txstack.implementation.recovery.PageCache.Frame;
import txstack.implementation.recovery.StoreRecord.BeginCheckpoint;
import txstack.implementation.recovery.StoreRecord.Commit;
import txstack.implementation.recovery.StoreRecord.Compensation;
import txstack.implementation.recovery.StoreRecord.DirtyPage;
import txstack.implementation.recovery.StoreRecord.End;
import txstack.implementation.recovery.StoreRecord.EndCheckpoint;
import txstack.implementation.recovery.StoreRecord.TransactionSnapshot;
import txstack.implementation.recovery.StoreRecord.TransactionState;
import txstack.implementation.recovery.StoreRecord.Update;

/**
 * A store of pages whose updates are transactional and survive crashes: NTFS-style write-ahead logging (REC-1..7)
 * over a {@link LogFile} on one block device and pages on another (one page per sector of the data device).
 *
 * <p>An update is logged (redo and undo bytes) before it changes the cached page (REC-1, REC-2); a page goes to the
 * data device only after the log is durable through its LSN (REC-3, see {@link PageCache}); commit makes its record
 * durable and writes no page. {@link #open} runs restart recovery before it returns (REC-4): analysis, redo (REC-5),
 * undo with compensation records (REC-6), see {@link Restart}. Checkpoints are fuzzy and move the log's start to
 * the oldest record still needed (REC-7).
 *
 * <h2>Log space</h2>
 * Rollback and recovery must always be able to write their records. So every transaction with records keeps
 * reserved, from its first update, the cost of its commit and end records and, per update, of the compensation
 * record its undo would write; an update also leaves room for the largest checkpoint. An update that would eat into
 * these reserves is refused. When an update does not fit, every dirty page is written back and a checkpoint taken
 * (which moves the start past what is no longer needed), then it is tried once more; then it fails with {@link
 * StoreFullException}, changing nothing. A checkpoint may use the room kept for it, never the transactions'; one that
 * does not fit, with no transaction holding records and no dirty page, writes no record: it moves the start to the
 * end of the log.
 *
 * <p>Thread-safe: one lock guards the cache and the transaction table, and is not held while a committer waits for
 * the log flush, so concurrent commits share flushes (group commit). Checkpoints are serialized by a lock of their own,
 * taken before the store's.
 */
public final class RecoverableStore implements AutoCloseable {
    /** The largest chunk {@link #format} zeroes the data device with. */
    private static final int ZERO_CHUNK_BYTES = 64 << 10;

    private final LogFile log;
    private final BlockDevice data;
    private final StoreOptions options;
    private final RecoveryFault fault;
    private final RestartData identity;
    private final int pageSizeBytes;
    private final long pageCount;
    private final int recordOverheadBytes;
    /** Live log bytes up to which an append of the right size always succeeds. */
    private final long logLimitBytes;
    /** What the largest checkpoint costs: updates leave it free, so a full log can always take a checkpoint. */
    private final long checkpointReserveBytes;

    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock checkpointLock = new ReentrantLock();

    // Guarded by lock.
    private final PageCache cache;
    private final Map<Long, TxEntry> transactions = new LinkedHashMap<>();
    private long nextTransactionId;
    private long reservedBytes;
    private long durableStartLsn;
    private boolean closed;
    private RecoveryStats lastRecovery = RecoveryStats.NONE;

    private RecoverableStore(LogFile log, BlockDevice data, StoreOptions options, RecoveryFault fault,
                             RestartData restart) {
        this.log = log;
        this.data = data;
        this.options = options;
        this.fault = fault;
        this.identity = restart.withCheckpoint(0, 0, 1);
        this.pageSizeBytes = data.sectorSizeBytes() - PageCodec.HEADER_BYTES;
        this.pageCount = data.sectorCount();
        LogGeometry geometry = log.geometry();
        this.recordOverheadBytes = geometry.recordOverheadBytes();
        this.logLimitBytes = geometry.capacityBytes() - geometry.slackBytes();
        this.checkpointReserveBytes = cost(StoreRecordCodec.HEADER_BYTES) + cost(StoreRecordCodec.endCheckpointBytes(
                options.cachePagesMax(), options.transactionsMax()));
        this.cache = new PageCache(data, new PageCache.WriteAheadLog() {
            @Override
            public void flushThrough(long lsn) {
                log.flush(lsn);
            }

            @Override
            public long endLsn() {
                return log.endLsn();
            }
        }, options.cachePagesMax(), fault != RecoveryFault.WAL_OFF);
        this.nextTransactionId = restart.nextTransactionId();
        this.durableStartLsn = log.readRestartArea().startLsn();
    }

    /**
     * Formats a new, empty store: a log on {@code log} and zeroed pages on {@code data} (one page = one sector of
     * {@code data}). Not crash-atomic: a store whose format a crash cut short does not open.
     *
     * @throws IllegalArgumentException if the options do not fit the devices (see {@link StoreOptions})
     */
    public static RecoverableStore format(BlockDevice log, BlockDevice data, StoreOptions options) {
        return format(log, data, options, RecoveryFault.CORRECT);
    }

    /** {@link #format(BlockDevice, BlockDevice, StoreOptions)} with a deliberately broken behaviour, for tests. */
    static RecoverableStore format(BlockDevice log, BlockDevice data, StoreOptions options, RecoveryFault fault) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(fault, "fault");
        SectorSizes.require(data.sectorSizeBytes());
        checkFits(LogFile.geometryOf(log, options.logOptions()), data, options);
        zero(data);
        LogFile logFile = LogFile.format(log, options.logOptions());
        RestartData restart = new RestartData(data.sectorSizeBytes(), data.sectorCount(), 0, 0, 1);
        logFile.writeRestartArea(restart.encode());
        return new RecoverableStore(logFile, data, options, fault, restart);
    }

    /**
     * Opens a store after a clean close or a crash: runs restart recovery (analysis, redo, undo) before returning
     * (REC-4), then writes every page back and takes a checkpoint. A crash during recovery, or recovering twice,
     * gives the same result.
     *
     * @throws CorruptStoreException    if the log is not a store's, the data device not its, or a record or page
     *                                  recovery needs is missing or corrupt
     * @throws IllegalArgumentException if the options do not fit the devices
     */
    public static RecoverableStore open(BlockDevice log, BlockDevice data, StoreOptions options) {
        return open(log, data, options, RecoveryFault.CORRECT);
    }

    /** {@link #open(BlockDevice, BlockDevice, StoreOptions)} with a deliberately broken behaviour, for tests. */
    static RecoverableStore open(BlockDevice log, BlockDevice data, StoreOptions options, RecoveryFault fault) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(fault, "fault");
        LogFile logFile = LogFile.open(log, options.logOptions(), options.recoveryLogBytesAllowed());
        RestartData restart = RestartData.decode(logFile.readRestartArea().clientData());
        if (restart.dataSectorSizeBytes() != data.sectorSizeBytes() || restart.pageCount() != data.sectorCount()) {
            throw new CorruptStoreException("data device does not match the log: dataSectorSizeBytes="
                    + data.sectorSizeBytes() + " expectedSectorSizeBytes=" + restart.dataSectorSizeBytes()
                    + " dataSectorCount=" + data.sectorCount() + " expectedPageCount=" + restart.pageCount());
        }
        checkFits(logFile.geometry(), data, options);
        RecoverableStore store = new RecoverableStore(logFile, data, options, fault, restart);
        RecoveryStats stats = new Restart(store, restart).run();
        store.lock.lock();
        try {
            store.lastRecovery = stats;
        } finally {
            store.lock.unlock();
        }
        return store;
    }

    /** An update record and a full checkpoint's end record must fit one log record, an update one page. */
    private static void checkFits(LogGeometry geometry, BlockDevice data, StoreOptions options) {
        int pageSizeBytes = data.sectorSizeBytes() - PageCodec.HEADER_BYTES;
        long updateRecordBytes = StoreRecordCodec.updateBytes(options.updateBytesMax());
        long checkpointRecordBytes = StoreRecordCodec.endCheckpointBytes(options.cachePagesMax(),
                options.transactionsMax());
        if (options.updateBytesMax() > pageSizeBytes || updateRecordBytes > geometry.maxPayloadBytes()
                || checkpointRecordBytes > geometry.maxPayloadBytes()
                || RestartData.BYTES > geometry.maxClientDataBytes()) {
            throw new IllegalArgumentException("options do not fit the devices: updateBytesMax="
                    + options.updateBytesMax() + " pageSizeBytes=" + pageSizeBytes + " updateRecordBytes="
                    + updateRecordBytes + " checkpointRecordBytes=" + checkpointRecordBytes + " maxPayloadBytes="
                    + geometry.maxPayloadBytes() + " restartDataBytes=" + RestartData.BYTES
                    + " maxClientDataBytes=" + geometry.maxClientDataBytes());
        }
    }

    private static void zero(BlockDevice data) {
        int sectorSizeBytes = data.sectorSizeBytes();
        int chunkSectors = ZERO_CHUNK_BYTES / sectorSizeBytes;
        byte[] zeros = new byte[chunkSectors * sectorSizeBytes];
        for (long sector = 0; sector < data.sectorCount(); sector += chunkSectors) {
            int sectors = (int) Math.min(chunkSectors, data.sectorCount() - sector);
            data.write(sector, ByteBuffer.wrap(zeros, 0, sectors * sectorSizeBytes), false);
        }
        data.flush();
    }

    /** Bytes of client data per page: the data device's sector size minus the page header. */
    public int pageSizeBytes() {
        return pageSizeBytes;
    }

    /** Pages on the store: the data device's sectors. */
    public long pageCount() {
        return pageCount;
    }

    /**
     * Begins a transaction; it writes nothing to the log until its first update.
     *
     * @throws StoreLimitException if {@link StoreOptions#transactionsMax()} transactions are active
     */
    public Transaction begin() {
        lock.lock();
        try {
            checkOpen();
            if (transactions.size() >= options.transactionsMax()) {
                throw new StoreLimitException("too many active transactions: active=" + transactions.size()
                        + " transactionsMax=" + options.transactionsMax());
            }
            TxEntry entry = new TxEntry(nextTransactionId++);
            transactions.put(entry.id, entry);
            return new Transaction(this, entry);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The page's current content: the cache's, with every logged change applied, committed or not.
     *
     * @throws IndexOutOfBoundsException if the page is not on the store
     * @throws CorruptPageException      if the page on the data device fails its checks
     */
    public byte[] read(long page) {
        checkPage(page);
        lock.lock();
        try {
            checkOpen();
            return cache.read(page);
        } finally {
            lock.unlock();
        }
    }

    /** Writes one dirty page back to the data device now, after the log is flushed through its LSN (REC-3). */
    public void writeBack(long page) {
        checkPage(page);
        lock.lock();
        try {
            checkOpen();
            cache.writeBack(page);
        } finally {
            lock.unlock();
        }
    }

    /** What the last restart recovery did; all zero for a store formatted by this instance. */
    public RecoveryStats lastRecovery() {
        lock.lock();
        try {
            return lastRecovery;
        } finally {
            lock.unlock();
        }
    }

    // Transactions.

    void update(TxEntry entry, long page, int offset, byte[] bytes) {
        byte[] redo = checkUpdate(page, offset, bytes).clone();
        long shortBytes = tryUpdate(entry, page, offset, redo);
        if (shortBytes == 0) {
            return;
        }
        relieveLog();
        shortBytes = tryUpdate(entry, page, offset, redo);
        if (shortBytes != 0) {
            lock.lock();
            try {
                throw new StoreFullException("log full: transactionId=" + entry.id + " neededBytes=" + shortBytes
                        + " checkpointReserveBytes=" + checkpointReserveBytes + " liveBytes=" + liveBytes()
                        + " reservedBytes=" + reservedBytes + " limitBytes=" + logLimitBytes);
            } finally {
                lock.unlock();
            }
        }
    }

    private byte[] checkUpdate(long page, int offset, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        checkPage(page);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty update: page=" + page + " offset=" + offset);
        }
        if (bytes.length > options.updateBytesMax()) {
            throw new StoreLimitException("update too large: updateBytes=" + bytes.length + " updateBytesMax="
                    + options.updateBytesMax());
        }
        if (offset < 0 || offset > pageSizeBytes - bytes.length) {
            throw new IndexOutOfBoundsException("update out of the page: page=" + page + " offset=" + offset
                    + " updateBytes=" + bytes.length + " pageSizeBytes=" + pageSizeBytes);
        }
        return bytes;
    }

    /** Logs and applies the update if it fits with every reservation; returns 0, or the bytes it needed. */
    private long tryUpdate(TxEntry entry, long page, int offset, byte[] redo) {
        lock.lock();
        try {
            checkOpen();
            entry.checkPhase(TxEntry.Phase.OPEN);
            Frame frame = cache.fetch(page);
            byte[] undo = Arrays.copyOfRange(frame.data, offset, offset + redo.length);
            byte[] payload = StoreRecordCodec.encode(new Update(entry.id, entry.lastLsn, page, offset, redo, undo));
            long reserve = cost(StoreRecordCodec.compensationBytes(redo.length))
                    + (entry.lastLsn == 0 ? 2 * cost(StoreRecordCodec.HEADER_BYTES) : 0);
            long neededBytes = cost(payload.length) + reserve;
            if (!fits(neededBytes + checkpointReserveBytes)) {
                return neededBytes;
            }
            long lsn;
            try {
                lsn = log.append(payload);
            } catch (LogFullException e) {
                return neededBytes;
            }
            entry.logged(lsn);
            entry.undoNextLsn = lsn;
            entry.reservedBytes += reserve;
            reservedBytes += reserve;
            cache.apply(frame, offset, redo, lsn);
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The log is full: write every dirty page back and take a checkpoint, which moves the start. Not while this thread
     * is between a checkpoint's begin and end records: checkpoints do not nest.
     */
    private void relieveLog() {
        lock.lock();
        try {
            checkOpen();
            cache.writeBackAll();
        } finally {
            lock.unlock();
        }
        if (!checkpointLock.isHeldByCurrentThread()) {
            checkpoint();
        }
    }

    void commit(TxEntry entry) {
        long commitLsn;
        lock.lock();
        try {
            checkOpen();
            entry.checkPhase(TxEntry.Phase.OPEN);
            if (entry.lastLsn == 0) {
                finish(entry);
                return;
            }
            commitLsn = appendReserved(new Commit(entry.id, entry.lastLsn));
            entry.logged(commitLsn);
            entry.state = TransactionState.COMMITTED;
            entry.phase = TxEntry.Phase.COMMITTING;
            reservedBytes -= entry.release(cost(StoreRecordCodec.HEADER_BYTES));
        } finally {
            lock.unlock();
        }
        log.flush(commitLsn); // without the store's lock: concurrent committers share the flush
        lock.lock();
        try {
            if (!closed) {
                entry.logged(appendReserved(new End(entry.id, entry.lastLsn)));
            }
            finish(entry);
        } finally {
            lock.unlock();
        }
    }

    /** {@link Transaction#commitLazily()}: the commit and end records appended, no log flush waited for. */
    long commitLazily(TxEntry entry) {
        lock.lock();
        try {
            checkOpen();
            entry.checkPhase(TxEntry.Phase.OPEN);
            if (entry.lastLsn == 0) {
                finish(entry);
                return 0;
            }
            long commitLsn = appendReserved(new Commit(entry.id, entry.lastLsn));
            entry.logged(commitLsn);
            entry.state = TransactionState.COMMITTED;
            entry.phase = TxEntry.Phase.COMMITTING;
            reservedBytes -= entry.release(cost(StoreRecordCodec.HEADER_BYTES));
            entry.logged(appendReserved(new End(entry.id, entry.lastLsn)));
            finish(entry);
            return commitLsn;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Flushes the log through its end: every transaction committed lazily before this call is durable when it
     * returns. Returns the LSN the log is durable through (its end when called).
     */
    public long flushLog() {
        long endLsn;
        lock.lock();
        try {
            checkOpen();
            endLsn = log.endLsn();
        } finally {
            lock.unlock();
        }
        if (endLsn > 1) {
            log.flush(endLsn - 1);
        }
        return endLsn;
    }

    /** The LSN of the newest durable record (see {@link LogFile#flushedLsn()}): a commit at or below it is durable. */
    public long durableLsn() {
        return log.flushedLsn();
    }

    void rollback(TxEntry entry) {
        lock.lock();
        try {
            checkOpen();
            entry.checkPhase(TxEntry.Phase.OPEN, TxEntry.Phase.ROLLING_BACK);
            entry.phase = TxEntry.Phase.ROLLING_BACK;
        } finally {
            lock.unlock();
        }
        while (true) {
            lock.lock();
            try {
                checkOpen();
                if (entry.undoNextLsn == 0) {
                    if (entry.lastLsn != 0) {
                        entry.logged(appendReserved(new End(entry.id, entry.lastLsn)));
                    }
                    finish(entry);
                    return;
                }
                undoNext(entry);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Under lock: the transaction ended; its reservation goes back. */
    private void finish(TxEntry entry) {
        reservedBytes -= entry.release(entry.reservedBytes);
        transactions.remove(entry.id);
        entry.phase = TxEntry.Phase.FINISHED;
    }

    /**
     * Under lock: undoes the record at the transaction's undo-next LSN. Returns true if it undid an update, false if
     * it followed a compensation record's undo-next LSN.
     */
    boolean undoNext(TxEntry entry) {
        long lsn = entry.undoNextLsn;
        StoreRecord record = readRecord(lsn);
        if (record.transactionId() != entry.id) {
            throw new CorruptStoreException("undo chain reaches another transaction's record: transactionId="
                    + entry.id + " lsn=" + lsn + " recordTransactionId=" + record.transactionId());
        }
        long next = switch (record) {
            case Update update -> update.prevLsn();
            case Compensation clr -> clr.undoNextLsn();
            default -> throw new CorruptStoreException("undo chain reaches a record that is not an update:"
                    + " transactionId=" + entry.id + " lsn=" + lsn + " record=" + record);
        };
        if (next >= lsn) {
            // A chain that does not go backward would never end.
            throw new CorruptStoreException("undo chain does not go backward: transactionId=" + entry.id + " lsn="
                    + lsn + " nextLsn=" + next);
        }
        if (record instanceof Update update) {
            compensate(entry, update);
            return true;
        }
        entry.undoNextLsn = next;
        return false;
    }

    /** Under lock: writes the update's old bytes back, logged by a CLR whose undo-next skips the update (REC-6). */
    private void compensate(TxEntry entry, Update update) {
        checkPlace(update.page(), update.offset(), update.undo().length, entry.undoNextLsn);
        Frame frame = cache.fetch(update.page());
        if (fault == RecoveryFault.NO_CLR) {
            cache.applyUnlogged(frame, update.offset(), update.undo(), entry.undoNextLsn);
        } else {
            long clrLsn = appendReserved(new Compensation(entry.id, entry.lastLsn, update.page(), update.offset(),
                    update.undo(), update.prevLsn()));
            entry.logged(clrLsn);
            cache.apply(frame, update.offset(), update.undo(), clrLsn);
        }
        entry.undoNextLsn = update.prevLsn();
        reservedBytes -= entry.release(cost(StoreRecordCodec.compensationBytes(update.undo().length)));
    }

    /** @throws CorruptStoreException unless the bytes a record names lie within a page of this store */
    void checkPlace(long page, int offset, int lengthBytes, long lsn) {
        if (page >= pageCount || offset + lengthBytes > pageSizeBytes) {
            throw new CorruptStoreException("record beyond the store: lsn=" + lsn + " page=" + page + " offset="
                    + offset + " lengthBytes=" + lengthBytes + " pageCount=" + pageCount + " pageSizeBytes="
                    + pageSizeBytes);
        }
    }

    // Checkpoints.

    /**
     * A fuzzy checkpoint (REC-7): a begin record and, with the tables taken then (dirty pages with their recovery
     * LSNs, transactions with records), an end record; the log flushed and the data device flushed (pages written
     * back before are durable); the log's start moved to the oldest LSN still needed (the oldest recovery LSN, the
     * oldest first LSN of a transaction, the begin record) and the restart area pointed at the checkpoint.
     *
     * @throws StoreFullException if the checkpoint does not fit the log even after every dirty page was written back,
     *                            because transactions hold the log's start
     */
    public void checkpoint() {
        checkpoint(() -> { });
    }

    /**
     * A fuzzy checkpoint that runs {@code betweenRecords} after its begin record (its tables are taken) and before
     * its end record, on this thread: the work other threads would do while a checkpoint is written, made
     * deterministic for tests and the conformance suite. {@code betweenRecords} may begin, update, commit and roll
     * back transactions and write pages back; it must not take another checkpoint.
     *
     * @throws StoreFullException as {@link #checkpoint()}
     */
    public void checkpoint(Runnable betweenRecords) {
        checkpointLock.lock();
        try {
            Snapshot snapshot = beginCheckpoint();
            if (snapshot == null) {
                return;
            }
            betweenRecords.run();
            endCheckpoint(snapshot);
        } finally {
            checkpointLock.unlock();
        }
    }

    /** The tables of a checkpoint, taken when its begin record was appended. */
    private record Snapshot(long beginLsn, List<DirtyPage> dirtyPages, List<TransactionSnapshot> transactions,
                            long nextTransactionId, long endReserveBytes) {
        /** The oldest LSN recovery may need after this checkpoint. */
        long oldestNeededLsn() {
            long oldest = beginLsn;
            for (DirtyPage page : dirtyPages) {
                oldest = Math.min(oldest, page.recLsn());
            }
            for (TransactionSnapshot t : transactions) {
                oldest = Math.min(oldest, t.firstLsn());
            }
            return oldest;
        }
    }

    /** Appends the begin record and takes the tables; or takes a checkpoint without records and returns null. */
    private Snapshot beginCheckpoint() {
        lock.lock();
        try {
            checkOpen();
            if (!fits(checkpointBytes())) {
                cache.writeBackAll();
                if (tableOfTransactions().isEmpty()) {
                    checkpointWithoutRecords();
                    return null;
                }
                if (!fits(checkpointBytes())) {
                    throw new StoreFullException("log full: checkpoint does not fit: neededBytes="
                            + checkpointBytes() + " liveBytes=" + liveBytes() + " reservedBytes=" + reservedBytes
                            + " limitBytes=" + logLimitBytes + " transactions=" + transactions.size());
                }
            }
            List<DirtyPage> dirtyPages = cache.dirtyPages();
            List<TransactionSnapshot> table = tableOfTransactions();
            long endReserveBytes = cost(StoreRecordCodec.endCheckpointBytes(dirtyPages.size(), table.size()));
            long beginLsn = appendReserved(new BeginCheckpoint());
            reservedBytes += endReserveBytes;
            return new Snapshot(beginLsn, dirtyPages, table, nextTransactionId, endReserveBytes);
        } finally {
            lock.unlock();
        }
    }

    /** Under lock: what the next checkpoint's two records cost. */
    private long checkpointBytes() {
        return cost(StoreRecordCodec.HEADER_BYTES) + cost(StoreRecordCodec.endCheckpointBytes(
                cache.dirtyPages().size(), tableOfTransactions().size()));
    }

    /** Under lock: the transactions with records. */
    private List<TransactionSnapshot> tableOfTransactions() {
        List<TransactionSnapshot> table = new ArrayList<>();
        for (TxEntry entry : transactions.values()) {
            if (entry.lastLsn != 0) {
                table.add(entry.snapshot());
            }
        }
        return table;
    }

    private void endCheckpoint(Snapshot snapshot) {
        long endLsn;
        lock.lock();
        try {
            reservedBytes -= snapshot.endReserveBytes();
            endLsn = appendReserved(new EndCheckpoint(snapshot.beginLsn(), snapshot.dirtyPages(),
                    snapshot.transactions()));
        } finally {
            lock.unlock();
        }
        log.flush(endLsn);
        data.flush();
        long start = fault == RecoveryFault.START_PAST_NEEDED ? snapshot.beginLsn() : snapshot.oldestNeededLsn();
        log.advanceStart(start);
        writeRestartArea(identity.withCheckpoint(snapshot.beginLsn(), endLsn, snapshot.nextTransactionId()));
    }

    /**
     * Under lock, with no dirty page and no transaction holding records: nothing in the log is needed any more, so
     * the start moves to the end and the restart area names no checkpoint (analysis then reads from the start).
     */
    private void checkpointWithoutRecords() {
        data.flush();
        log.advanceStart(log.endLsn());
        writeRestartArea(identity.withCheckpoint(0, 0, nextTransactionId));
    }

    private void writeRestartArea(RestartData restart) {
        log.writeRestartArea(restart.encode());
        lock.lock();
        try {
            durableStartLsn = log.readRestartArea().startLsn();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Flushes the log, writes every dirty page back and takes a checkpoint (skipped if the log has no room for one:
     * the log keeps what recovery needs), then closes the log. The devices stay open: their owner closes them.
     * Transactions still active are losers the next {@link #open} rolls back. Closing twice does nothing.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            log.flush(log.endLsn() - 1);
            cache.writeBackAll();
        } finally {
            lock.unlock();
        }
        try {
            checkpoint();
        } catch (StoreFullException e) {
            // Transactions hold the start; the restart area still names a checkpoint recovery can start from.
        }
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        log.close();
    }

    // Shared with restart recovery.

    LogFile log() {
        return log;
    }

    PageCache cache() {
        return cache;
    }

    RecoveryFault fault() {
        return fault;
    }

    ReentrantLock lock() {
        return lock;
    }

    /** Under lock, at the end of restart: transactions get ids from here on. */
    void raiseNextTransactionId(long next) {
        nextTransactionId = Math.max(nextTransactionId, next);
    }

    /** Under lock: appends a record whose space is reserved; a full log here is a broken reservation. */
    long appendReserved(StoreRecord record) {
        byte[] payload = StoreRecordCodec.encode(record);
        try {
            return log.append(payload);
        } catch (LogFullException e) {
            throw new StoreFullException("log full for a reserved record: record=" + record.getClass().getSimpleName()
                    + " recordBytes=" + cost(payload.length) + " liveBytes=" + liveBytes() + " reservedBytes="
                    + reservedBytes + " limitBytes=" + logLimitBytes, e);
        }
    }

    /** The record at {@code lsn}, which must be at or after the log's start. */
    StoreRecord readRecord(long lsn) {
        long startLsn = log.startLsn();
        if (lsn < startLsn) {
            throw new CorruptStoreException("record needed below the log start: lsn=" + lsn + " startLsn="
                    + startLsn);
        }
        List<LogRecord> records;
        try {
            records = log.readForward(lsn, 1);
        } catch (InvalidLsnException e) {
            throw new CorruptStoreException("record chain points to no record: lsn=" + lsn, e);
        }
        if (records.isEmpty()) {
            throw new CorruptStoreException("record chain points past the end: lsn=" + lsn);
        }
        return StoreRecordCodec.decode(records.getFirst().payload());
    }

    /** The LSN of the record after {@code record}. */
    long nextLsn(LogRecord record) {
        return record.lsn() + recordOverheadBytes + record.payloadBytes();
    }

    private long cost(int payloadBytes) {
        return (long) payloadBytes + recordOverheadBytes;
    }

    private long liveBytes() {
        return log.endLsn() - durableStartLsn;
    }

    /** Under lock: true if {@code bytes} more fit the log with every reservation kept. */
    private boolean fits(long bytes) {
        return liveBytes() + reservedBytes + bytes <= logLimitBytes;
    }

    private void checkPage(long page) {
        if (page < 0 || page >= pageCount) {
            throw new IndexOutOfBoundsException("page out of range: page=" + page + " pageCount=" + pageCount);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreClosedException("store is closed: pageCount=" + pageCount);
        }
    }

    @Override
    public String toString() {
        return "RecoverableStore[pageCount=" + pageCount + ", pageSizeBytes=" + pageSizeBytes + ", log=" + log + "]";
    }
}
